import Testing
import Foundation
import LinearAlgebra
@testable import Neural

/// Data parallelism must change nothing but rounding: a step on a batch cut into shards, computed
/// at the same time, against the same step on the whole batch.
@Suite struct ParallelStepTests {
    /// A 3-class problem wide enough (100 → 600 → 3) that the first weight matrix is updated in
    /// up to 3 blocks on several threads, with a batch of 96 samples.
    func problem() throws -> (network: Network<Double>, inputs: Matrix<Double>, targets: Matrix<Double>) {
        let network = try Network<Double>(inputSize: 100, hiddenSizes: [600], outputSize: 3, hiddenActivation: .relu,
                                          loss: .softmaxCrossEntropy, seed: 3)
        var generator = SeededGenerator(seed: 4)
        let inputs = Matrix<Double>(rows: 96, columns: 100, elements: (0..<96 * 100).map { _ in generator.nextUniform(-1, 1) })
        let labels = (0..<96).map { $0 % 3 }
        return (network, inputs, Examples(inputs: inputs, labels: labels, outputSize: 3).targets)
    }

    /// The largest element-wise difference of two lists of matrices; infinite when the lists
    /// differ in length or any pair in shape, so that a missing matrix or row fails a comparison.
    func maximumDifference(_ a: [Matrix<Double>], _ b: [Matrix<Double>]) -> Double {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.rows == $1.rows && $0.columns == $1.columns }) else {
            return .infinity
        }
        return zip(a, b).map { x, y in zip(x.elements, y.elements).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }

    /// Every state vector of every tensor.
    func vectors(_ state: OptimizerState<Double>, tensors: Int) -> [Matrix<Double>] {
        (0..<tensors).flatMap { tensor in (0..<state.vectorCount).map { state.vector($0, ofTensor: tensor) } }
    }

    @Test func differencesOfListsOfOtherLengthsOrShapesAreInfinite() {
        let m = Matrix<Double>(rows: 2, columns: 2)
        #expect(maximumDifference([m], [m]) == 0)
        #expect(maximumDifference([m, m], [m]) == .infinity)
        #expect(maximumDifference([m], [Matrix(rows: 1, columns: 2)]) == .infinity)
    }

    func checkShardedStepMatchesWholeBatch(_ optimizer: some Optimizer<Double>) throws {
        let (start, inputs, targets) = try problem()
        var (whole, sharded) = (start, start)
        var (stateA, stateB) = (optimizer.makeState(for: start), optimizer.makeState(for: start))
        for _ in 0..<3 {
            let a = whole.step(inputs: inputs, targets: targets, optimizer: optimizer, state: &stateA)
            let shards = [0..<40, 40..<96]
            let b = sharded.step(shardRows: shards.map(\.count), parallelism: 2, optimizer: optimizer, state: &stateB) { shard in
                (inputs.gatheringRows(shards[shard]), targets.gatheringRows(shards[shard]))
            }
            #expect(abs(a.loss - b.loss) < 1e-12)
            #expect(maximumDifference([a.output], [Matrix(stackingRowsOf: b.outputs)]) < 1e-12)
        }
        let difference = maximumDifference(whole.parameters, sharded.parameters)
        #expect(difference < 1e-12, "\(type(of: optimizer)): parameters differ by \(difference)")
        #expect(maximumDifference(vectors(stateA, tensors: 4), vectors(stateB, tensors: 4)) < 1e-12)
        #expect(stateA.steps == 3 && stateB.steps == 3)
        #expect(maximumDifference(start.parameters, sharded.parameters) > 1e-4, "the steps must have moved the parameters")
    }

    @Test func shardedStepsMatchWholeBatchSteps() throws {
        try checkShardedStepMatchesWholeBatch(GradientDescent<Double>(learningRate: 0.1, weightDecay: 0.01))
        try checkShardedStepMatchesWholeBatch(Momentum<Double>(learningRate: 0.1, weightDecay: 0.01))
        try checkShardedStepMatchesWholeBatch(Adam<Double>(learningRate: 0.01, weightDecay: 0.01))
        try checkShardedStepMatchesWholeBatch(RMSProp<Double>(learningRate: 0.01, weightDecay: 0.01))
    }

    @Test func threadCountChangesNoNumber() throws {
        // The shards fix the arithmetic; how many threads share the work must not matter.
        let (start, inputs, targets) = try problem()
        let optimizer = try Adam<Double>(learningRate: 0.01, weightDecay: 0.001)
        var networks: [Network<Double>] = []
        var states: [OptimizerState<Double>] = []
        var outputs: [Matrix<Double>] = []
        for parallelism in [1, 2, 3] {
            var network = start
            var state = optimizer.makeState(for: network)
            let shards = [0..<48, 48..<96]
            for _ in 0..<2 {
                network.step(shardRows: [48, 48], parallelism: parallelism, optimizer: optimizer, state: &state) { shard in
                    (inputs.gatheringRows(shards[shard]), targets.gatheringRows(shards[shard]))
                }
            }
            networks.append(network)
            states.append(state)
            outputs.append(network.output(for: Matrix(stackingRowsOf: Array(repeating: inputs, count: 2)), parallelism: parallelism))
        }
        #expect(networks[0] == networks[1] && networks[1] == networks[2])
        #expect(states[0] == states[1] && states[1] == states[2])
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
    }

    /// The row blocks a gradient callback was asked for, from any thread.
    final class BlockLog: @unchecked Sendable {
        private let lock = NSLock()
        private var blocks: [Range<Int>] = []
        func add(_ rows: Range<Int>) { lock.withLock { blocks.append(rows) } }
        var sorted: [Range<Int>] { lock.withLock { blocks.sorted { $0.lowerBound < $1.lowerBound } } }
    }

    @Test func parallelUpdatesEqualSerialUpdatesExactly() throws {
        // Element-wise rules: blocks on two threads must give the very same bits as one pass.
        var generator = SeededGenerator(seed: 5)
        let start = Matrix<Float>(rows: 300, columns: 200, elements: (0..<60_000).map { _ in Float(generator.nextUniform(-1, 1)) })
        let gradient = Matrix<Float>(rows: 300, columns: 200, elements: (0..<60_000).map { _ in Float(generator.nextUniform(-1, 1)) })
        let adam = try Adam<Float>(learningRate: 0.01, weightDecay: 0.001)
        var (serial, parallel) = (start, start)
        var (stateA, stateB) = (Matrix<Float>(rows: 600, columns: 200), Matrix<Float>(rows: 600, columns: 200))
        let (serialBlocks, parallelBlocks) = (BlockLog(), BlockLog())
        func copy(_ log: BlockLog) -> @Sendable (Range<Int>, UnsafeMutablePointer<Float>) -> Void {
            { rows, into in
                log.add(rows)
                for i in 0..<(rows.count * 200) { into[i] = gradient.elements[rows.lowerBound * 200 + i] }
            }
        }
        for number in 1...2 {
            let step = OptimizerStep<Float>(learningRate: 0.01, number: number)
            Network<Float>.update(&serial, state: &stateA, isWeight: true, by: adam, at: step, parallelism: 1,
                                  minimumBlock: minimumParallelElements, gradient: copy(serialBlocks))
            Network<Float>.update(&parallel, state: &stateB, isWeight: true, by: adam, at: step, parallelism: 2,
                                  minimumBlock: minimumParallelElements, gradient: copy(parallelBlocks))
        }
        #expect(serialBlocks.sorted == [0..<300, 0..<300])
        // Two blocks per thread where the size allows: 60,000 elements make three of at least 16 Ki.
        #expect(parallelBlocks.sorted == [0..<100, 0..<100, 100..<200, 100..<200, 200..<300, 200..<300])
        #expect(serial == parallel)
        #expect(stateA == stateB)
        #expect(serial != start)
    }

    @Test func trainerWithParallelismMatchesSerialTrainer() throws {
        let (start, inputs, targets) = try problem()
        let labels = (0..<96).map { $0 % 3 }
        let examples = Examples(inputs: inputs, targets: targets, labels: labels)
        var results: [[Snapshot<Double>]] = []
        for shardSize in [0, 32] {
            var network = start
            var snapshots: [Snapshot<Double>] = []
            _ = try Trainer(epochs: 3, batchSize: 64, shuffleSeed: 1, shardSize: shardSize)
                .fit(&network, optimizer: Adam<Double>(learningRate: 0.01), train: examples, test: examples) { snapshots.append($0) }
            results.append(snapshots)
        }
        #expect(results.map(\.count) == [3, 3])
        for (serial, parallel) in zip(results[0], results[1]) {
            #expect(abs(serial.train.loss - parallel.train.loss) < 1e-12)
            #expect(abs(serial.test.loss - parallel.test.loss) < 1e-12)
            #expect(serial.test.confusion == parallel.test.confusion)
            #expect(maximumDifference(serial.parameters, parallel.parameters) < 1e-12)
        }
    }
}
