import Foundation
import Testing
import LinearAlgebra
@testable import Neural

/// The one-thread trainer (`shardSize` 0: buffers kept from epoch to epoch) against the sharded
/// trainer cut into a single shard (`Network.step`, `Network.evaluate`): the same operations on
/// the same numbers. Mini-batch steps are the same calls, so their parameters must be the same
/// bits; the metrics (and, in full batch, the next step's forward pass, which is the metrics'
/// pass) come from one pass over the training and test rows stacked, where the sharded trainer
/// makes one pass per part, and the BLAS may round a row differently in a product of another
/// height: those agree to float32 rounding. Every loss, hidden activation, optimizer and batch
/// scheme, and snapshots inside epochs. Narrow layers go through the small dense kernels, which
/// sum in their own order: the bit-for-bit comparisons turn them off (`smallLayerKernels`).
@Suite struct OneThreadTrainerTests {
    /// Every snapshot of `epochs` epochs of `trainer` from `network`.
    func snapshots(_ trainer: Trainer, _ network: Network<Float>, optimizer: some Optimizer<Float>,
                   train: Examples<Float>, test: Examples<Float>) -> ([Snapshot<Float>], TrainingOutcome, Network<Float>) {
        var network = network
        var seen: [Snapshot<Float>] = []
        let outcome = trainer.fit(&network, optimizer: optimizer, train: train, test: test) { seen.append($0) }
        return (seen, outcome, network)
    }

    /// Expects the two runs to be the same, snapshot by snapshot: the parameters to the bit when
    /// `exactParameters`, else within 1e-4 of each tensor's largest value; the metrics to the bit
    /// when `exactMetrics`, else losses within 1e-4 relative, scores within two samples (R² 1e-4).
    func expectSame(_ a: ([Snapshot<Float>], TrainingOutcome, Network<Float>), _ b: ([Snapshot<Float>], TrainingOutcome, Network<Float>),
                    _ what: String, exactParameters: Bool, exactMetrics: Bool, samples: (train: Int, test: Int)) {
        #expect(a.1 == b.1, "\(what): outcome")
        #expect(a.0.count == b.0.count, "\(what): \(a.0.count) and \(b.0.count) snapshots")
        func close(_ x: Double, _ y: Double, relative: Double) -> Bool {
            x.bitPattern == y.bitPattern || abs(x - y) <= relative * max(abs(x), abs(y))
        }
        for (x, y) in zip(a.0, b.0) {
            let moment = "\(what): epoch \(x.epoch) step \(x.step.map(String.init) ?? "end")"
            #expect(x.epoch == y.epoch && x.step == y.step, "\(moment)")
            if exactMetrics {
                #expect(x.train.loss.bitPattern == y.train.loss.bitPattern && x.test.loss.bitPattern == y.test.loss.bitPattern
                        && x.train.score.bitPattern == y.train.score.bitPattern && x.test.score.bitPattern == y.test.score.bitPattern
                        && x.train.confusion == y.train.confusion && x.test.confusion == y.test.confusion,
                        "\(moment): metrics \(x.train) \(y.train) \(x.test) \(y.test)")
            } else {
                #expect(close(x.train.loss, y.train.loss, relative: 1e-4) && close(x.test.loss, y.test.loss, relative: 1e-4),
                        "\(moment): losses \(x.train.loss) \(y.train.loss), \(x.test.loss) \(y.test.loss)")
                let classification = x.test.confusion != nil
                #expect(abs(x.train.score - y.train.score) <= (classification ? 2.0 / Double(samples.train) : 1e-4)
                        && abs(x.test.score - y.test.score) <= (classification ? 2.0 / Double(samples.test) : 1e-4),
                        "\(moment): scores \(x.train.score) \(y.train.score), \(x.test.score) \(y.test.score)")
            }
            #expect(Self.parametersAgree(x.parameters, y.parameters, exact: exactParameters), "\(moment): parameters")
        }
        #expect(Self.parametersAgree(a.2.parameters, b.2.parameters, exact: exactParameters), "\(what): final network")
    }

    /// Equal tensors, to the bit or within 1e-4 of each tensor's largest value.
    static func parametersAgree(_ a: [Matrix<Float>], _ b: [Matrix<Float>], exact: Bool) -> Bool {
        if exact { return a == b }
        return a.count == b.count && zip(a, b).allSatisfy { x, y in
            let scale = max(x.elements.map(abs).max() ?? 0, 1e-6)
            return x.count == y.count && zip(x.elements, y.elements).allSatisfy { abs($0 - $1) <= 1e-4 * scale }
        }
    }

    @Test func fullBatchBinaryCrossEntropyAgreesWithTheShardedStep() throws {
        let (train, test) = try circlesExamples(samples: 300)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1, hiddenActivation: .relu,
                                         loss: .binaryCrossEntropy, seed: 3)
        let rule = try GradientDescent<Float>(learningRate: 0.5)
        let one = snapshots(try Trainer(epochs: 40), network, optimizer: rule, train: train, test: test)
        let sharded = snapshots(try Trainer(epochs: 40, shardSize: 1 << 20), network, optimizer: rule, train: train, test: test)
        #expect(one.0.count == 40 && one.0.last!.test.score > 0.6)
        expectSame(one, sharded, "full batch", exactParameters: false, exactMetrics: false, samples: (train.count, test.count))
    }

    @Test func miniBatchesWithRunningMetricsAndStepSnapshotsAreTheShardedStepBitForBit() throws {
        // The steps are the same calls; the running training metrics come from the steps'
        // outputs, and the test part's pass has the same rows as the sharded trainer's.
        // Three classes (softmax), a leaky ReLU and a tanh layer, Adam, batches of 24 (the last
        // one shorter), a snapshot every 5 steps.
        let inputs = uniformMatrix(130, 3, seed: 11)
        let labels = (0..<130).map { row in inputs[row, 0] + inputs[row, 1] > 0.3 ? 0 : (inputs[row, 2] > 0 ? 1 : 2) }
        let all = Examples(inputs: Matrix<Float>(converting: inputs), labels: labels, outputSize: 3)
        let (train, test) = (all.subset(Array(0..<100)), all.subset(Array(100..<130)))
        var network = try Network<Float>(inputSize: 3, hiddenSizes: [12, 7], outputSize: 3, hiddenActivation: .leakyReLU,
                                         loss: .softmaxCrossEntropy, seed: 5)
        network.layers[1] = Dense(weight: network.layers[1].weight, bias: network.layers[1].bias, activation: .tanh)
        let rule = try Adam<Float>(learningRate: 0.02, weightDecay: 0.001)
        // The 3 → 12 and 7 → 3 layers go through the small dense kernels, which sum in their own
        // order: bit for bit on the BLAS alone, to float32 rounding with them.
        var blasOnly = try Trainer(epochs: 6, batchSize: 24, shuffleSeed: 9, recordEverySteps: 3)
        blasOnly.smallLayerKernels = false
        let one = snapshots(blasOnly, network, optimizer: rule, train: train, test: test)
        let sharded = snapshots(try Trainer(epochs: 6, batchSize: 24, shuffleSeed: 9, shardSize: 1 << 20, recordEverySteps: 3), network,
                                optimizer: rule, train: train, test: test)
        #expect(one.0.contains { $0.step != nil } && one.0.filter { $0.step == nil }.count == 6)
        #expect(one.0.allSatisfy { $0.train.confusion == nil && $0.test.confusion?.count == 9 })
        expectSame(one, sharded, "mini-batches", exactParameters: true, exactMetrics: true, samples: (train.count, test.count))
        let small = snapshots(try Trainer(epochs: 6, batchSize: 24, shuffleSeed: 9, recordEverySteps: 3), network,
                              optimizer: rule, train: train, test: test)
        expectSame(small, sharded, "mini-batches, small kernels", exactParameters: false, exactMetrics: false, samples: (train.count, test.count))
    }

    @Test func regressionWithSigmoidUnitsAgreesWithTheShardedStep() throws {
        let inputs = Matrix<Float>(converting: uniformMatrix(90, 1, seed: 2, in: (-3, 3)))
        let targets = Matrix(rows: 90, columns: 1, elements: inputs.elements.map { Float(sin(Double($0))) })
        let all = Examples(inputs: inputs, targets: targets)
        let (train, test) = (all.subset(Array(0..<70)), all.subset(Array(70..<90)))
        let network = try Network<Float>(inputSize: 1, hiddenSizes: [10], outputSize: 1, hiddenActivation: .sigmoid,
                                         loss: .meanSquaredError, seed: 8)
        let rule = try Momentum<Float>(learningRate: 0.1)
        for batch in [0, 16] {
            // The 1 → 10 and 10 → 1 layers would go through the small dense kernels: the BLAS alone here.
            var blasOnly = try Trainer(epochs: 25, batchSize: batch, shuffleSeed: 1)
            blasOnly.smallLayerKernels = false
            let one = snapshots(blasOnly, network, optimizer: rule, train: train, test: test)
            let sharded = snapshots(try Trainer(epochs: 25, batchSize: batch, shuffleSeed: 1, shardSize: 1 << 20), network,
                                    optimizer: rule, train: train, test: test)
            #expect(one.0.last!.test.score > one.0.first!.test.score, "R² grows")
            expectSame(one, sharded, "regression, batch \(batch)", exactParameters: batch > 0, exactMetrics: false, samples: (train.count, test.count))
        }
    }

    @Test func divergenceStopsBothTrainersAtTheSameEpoch() throws {
        let (train, test) = try circlesExamples(samples: 100)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [8], outputSize: 1, hiddenActivation: .relu,
                                         loss: .meanSquaredError, seed: 1)
        let huge = Examples(inputs: train.inputs, targets: Matrix(rows: train.count, columns: 1, repeating: 1e30))
        let rule = try GradientDescent<Float>(learningRate: 10)
        let one = snapshots(try Trainer(epochs: 50), network, optimizer: rule, train: huge, test: test)
        let sharded = snapshots(try Trainer(epochs: 50, shardSize: 1 << 20), network, optimizer: rule, train: huge, test: test)
        guard case .diverged = one.1 else { Issue.record("expected a divergence, got \(one.1)"); return }
        expectSame(one, sharded, "divergence", exactParameters: false, exactMetrics: false, samples: (huge.count, test.count))
    }

    @Test func snapshotsKeepTheirParametersWhileTrainingGoesOn() throws {
        // The slots are reused (256 of them for so small a network): a snapshot still held keeps
        // its own values, and one let go of at once gives its slot back to be overwritten.
        let (train, test) = try circlesExamples(samples: 100)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [4], outputSize: 1, hiddenActivation: .relu,
                                         loss: .binaryCrossEntropy, seed: 2)
        let rule = try GradientDescent<Float>(learningRate: 0.5)
        let (held, _, _) = snapshots(try Trainer(epochs: 600), network, optimizer: rule, train: train, test: test)
        var copied: [([Float], [Int]?)] = []
        var trained = network
        _ = try Trainer(epochs: 600).fit(&trained, optimizer: rule, train: train, test: test) { snapshot in
            copied.append((snapshot.parameters.flatMap(\.elements), snapshot.test.confusion.map { Array($0) }))
        }
        #expect(held.count == 600 && copied.count == 600 && held[0].parameters != held[599].parameters)
        for (epoch, (snapshot, copy)) in zip(held, copied).enumerated() {
            #expect(snapshot.parameters.flatMap(\.elements) == copy.0 && snapshot.test.confusion == copy.1, "epoch \(epoch)")
        }
    }
}
