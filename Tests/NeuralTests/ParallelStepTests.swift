import Testing
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

    @Test func differencesOfListsOfOtherLengthsOrShapesAreInfinite() {
        let m = Matrix<Double>(rows: 2, columns: 2)
        #expect(maximumDifference([m], [m]) == 0)
        #expect(maximumDifference([m, m], [m]) == .infinity)
        #expect(maximumDifference([m], [Matrix(rows: 1, columns: 2)]) == .infinity)
    }

    func checkShardedStepMatchesWholeBatch(_ makeOptimizer: () throws -> some Optimizer<Double>) throws {
        let (start, inputs, targets) = try problem()
        var (whole, sharded) = (start, start)
        var (optimizerA, optimizerB) = (try makeOptimizer(), try makeOptimizer())
        for _ in 0..<3 {
            let a = whole.step(inputs: inputs, targets: targets, optimizer: &optimizerA, weightDecay: 0.01)
            let shards = [0..<40, 40..<96]
            let b = sharded.step(shardRows: shards.map(\.count), parallelism: 2, optimizer: &optimizerB, weightDecay: 0.01) { shard in
                (inputs.gatheringRows(shards[shard]), targets.gatheringRows(shards[shard]))
            }
            #expect(abs(a.loss - b.loss) < 1e-12)
            #expect(maximumDifference([a.output], [Matrix(stackingRowsOf: b.outputs)]) < 1e-12)
        }
        let difference = maximumDifference(whole.parameters, sharded.parameters)
        #expect(difference < 1e-12, "parameters differ by \(difference)")
        #expect(maximumDifference(start.parameters, sharded.parameters) > 1e-4, "the steps must have moved the parameters")
    }

    @Test func shardedStepsMatchWholeBatchSteps() throws {
        try checkShardedStepMatchesWholeBatch { try GradientDescent<Double>(learningRate: 0.1) }
        try checkShardedStepMatchesWholeBatch { try Momentum<Double>(learningRate: 0.1) }
        try checkShardedStepMatchesWholeBatch { try Adam<Double>(learningRate: 0.01) }
    }

    @Test func threadCountChangesNoNumber() throws {
        // The shards fix the arithmetic; how many threads share the work must not matter.
        let (start, inputs, targets) = try problem()
        var networks: [Network<Double>] = []
        var outputs: [Matrix<Double>] = []
        for parallelism in [1, 2, 3] {
            var network = start
            var optimizer = try Adam<Double>(learningRate: 0.01)
            let shards = [0..<48, 48..<96]
            for _ in 0..<2 {
                network.step(shardRows: [48, 48], parallelism: parallelism, optimizer: &optimizer, weightDecay: 0.001) { shard in
                    (inputs.gatheringRows(shards[shard]), targets.gatheringRows(shards[shard]))
                }
            }
            networks.append(network)
            outputs.append(network.output(for: Matrix(stackingRowsOf: Array(repeating: inputs, count: 2)), parallelism: parallelism))
        }
        #expect(networks[0] == networks[1] && networks[1] == networks[2])
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
    }

    @Test func parallelUpdatesEqualSerialUpdatesExactly() throws {
        // Element-wise rules: blocks on two threads must give the very same bits as one pass.
        var generator = SeededGenerator(seed: 5)
        let start = Matrix<Float>(rows: 300, columns: 200, elements: (0..<60_000).map { _ in Float(generator.nextUniform(-1, 1)) })
        let gradient = Matrix<Float>(rows: 300, columns: 200, elements: (0..<60_000).map { _ in Float(generator.nextUniform(-1, 1)) })
        var (serial, parallel) = (start, start)
        var (adamA, adamB) = (try Adam<Float>(learningRate: 0.01), try Adam<Float>(learningRate: 0.01))
        for _ in 0..<2 {
            adamA.beginStep()
            adamB.beginStep()
            adamA.update(&serial, along: gradient, slot: 0)
            gradient.elements.withUnsafeBufferPointer { g in
                let g = SharedBuffer(UnsafeMutablePointer(mutating: g.baseAddress!))
                adamB.update(&parallel, slot: 0, parallelism: 2) { rows, _ in UnsafePointer(g.base + rows.lowerBound * 200) }
            }
        }
        #expect(serial == parallel)
        #expect(serial != start)
    }

    @Test func trainerWithParallelismMatchesSerialTrainer() throws {
        let (start, inputs, targets) = try problem()
        let labels = (0..<96).map { $0 % 3 }
        let examples = Examples(inputs: inputs, targets: targets, labels: labels)
        var results: [[Snapshot<Double>]] = []
        for shardSize in [0, 32] {
            var network = start
            var optimizer = try Adam<Double>(learningRate: 0.01)
            var snapshots: [Snapshot<Double>] = []
            _ = try Trainer(epochs: 3, batchSize: 64, shuffleSeed: 1, shardSize: shardSize)
                .fit(&network, optimizer: &optimizer, train: examples, test: examples) { snapshots.append($0) }
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
