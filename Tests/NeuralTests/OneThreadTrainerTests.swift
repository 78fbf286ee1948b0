import Foundation
import Testing
import LinearAlgebra
@testable import Neural

/// The one-thread trainer (`shardSize` 0: buffers kept from epoch to epoch) against the sharded
/// trainer cut into a single shard (`Network.step`, `Network.evaluate`): the same operations in
/// the same order, so every snapshot must be the same to the bit — metrics, confusion matrices,
/// parameters —, for every loss, hidden activation, optimizer and batch scheme.
@Suite struct OneThreadTrainerTests {
    /// Every snapshot of `epochs` epochs of `trainer` from `network`.
    func snapshots(_ trainer: Trainer, _ network: Network<Float>, optimizer: some Optimizer<Float>,
                   train: Examples<Float>, test: Examples<Float>) -> ([Snapshot<Float>], TrainingOutcome, Network<Float>) {
        var network = network
        var seen: [Snapshot<Float>] = []
        let outcome = trainer.fit(&network, optimizer: optimizer, train: train, test: test) { seen.append($0) }
        return (seen, outcome, network)
    }

    /// Expects the two runs to be the same, snapshot by snapshot, to the bit.
    func expectSame(_ a: ([Snapshot<Float>], TrainingOutcome, Network<Float>), _ b: ([Snapshot<Float>], TrainingOutcome, Network<Float>),
                    _ what: String) {
        #expect(a.1 == b.1, "\(what): outcome")
        #expect(a.0.count == b.0.count, "\(what): \(a.0.count) and \(b.0.count) snapshots")
        for (x, y) in zip(a.0, b.0) {
            let moment = "\(what): epoch \(x.epoch) step \(x.step.map(String.init) ?? "end")"
            #expect(x.epoch == y.epoch && x.step == y.step, "\(moment)")
            #expect(x.train.loss.bitPattern == y.train.loss.bitPattern && x.test.loss.bitPattern == y.test.loss.bitPattern,
                    "\(moment): losses \(x.train.loss) \(y.train.loss), \(x.test.loss) \(y.test.loss)")
            #expect(x.train.score.bitPattern == y.train.score.bitPattern && x.test.score.bitPattern == y.test.score.bitPattern,
                    "\(moment): scores")
            #expect(x.train.confusion == y.train.confusion && x.test.confusion == y.test.confusion, "\(moment): confusion")
            #expect(x.parameters == y.parameters, "\(moment): parameters")
        }
        #expect(a.2 == b.2, "\(what): final network")
    }

    @Test func fullBatchBinaryCrossEntropyIsTheShardedStepBitForBit() throws {
        let (train, test) = try circlesExamples(samples: 300)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1, hiddenActivation: .relu,
                                         loss: .binaryCrossEntropy, seed: 3)
        let rule = try GradientDescent<Float>(learningRate: 0.5)
        let one = snapshots(try Trainer(epochs: 40), network, optimizer: rule, train: train, test: test)
        let sharded = snapshots(try Trainer(epochs: 40, shardSize: 1 << 20), network, optimizer: rule, train: train, test: test)
        #expect(one.0.count == 40 && one.0.last!.test.score > 0.6)
        expectSame(one, sharded, "full batch")
    }

    @Test func miniBatchesWithRunningMetricsAndStepSnapshotsAreTheShardedStepBitForBit() throws {
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
        let one = snapshots(try Trainer(epochs: 6, batchSize: 24, shuffleSeed: 9, recordEverySteps: 5), network,
                            optimizer: rule, train: train, test: test)
        let sharded = snapshots(try Trainer(epochs: 6, batchSize: 24, shuffleSeed: 9, shardSize: 1 << 20, recordEverySteps: 5), network,
                                optimizer: rule, train: train, test: test)
        #expect(one.0.contains { $0.step != nil } && one.0.filter { $0.step == nil }.count == 6)
        #expect(one.0.allSatisfy { $0.train.confusion == nil && $0.test.confusion?.count == 9 })
        expectSame(one, sharded, "mini-batches")
    }

    @Test func regressionWithSigmoidUnitsIsTheShardedStepBitForBit() throws {
        let inputs = Matrix<Float>(converting: uniformMatrix(90, 1, seed: 2, in: (-3, 3)))
        let targets = Matrix(rows: 90, columns: 1, elements: inputs.elements.map { Float(sin(Double($0))) })
        let all = Examples(inputs: inputs, targets: targets)
        let (train, test) = (all.subset(Array(0..<70)), all.subset(Array(70..<90)))
        let network = try Network<Float>(inputSize: 1, hiddenSizes: [10], outputSize: 1, hiddenActivation: .sigmoid,
                                         loss: .meanSquaredError, seed: 8)
        let rule = try Momentum<Float>(learningRate: 0.1)
        for batch in [0, 16] {
            let one = snapshots(try Trainer(epochs: 25, batchSize: batch, shuffleSeed: 1), network, optimizer: rule, train: train, test: test)
            let sharded = snapshots(try Trainer(epochs: 25, batchSize: batch, shuffleSeed: 1, shardSize: 1 << 20), network,
                                    optimizer: rule, train: train, test: test)
            #expect(one.0.last!.test.score > one.0.first!.test.score, "R² grows")
            expectSame(one, sharded, "regression, batch \(batch)")
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
        expectSame(one, sharded, "divergence")
    }

    @Test func snapshotsKeepTheirParametersWhileTrainingGoesOn() throws {
        // The slots are reused: a snapshot still held must keep its own values.
        let (train, test) = try circlesExamples(samples: 100)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [4], outputSize: 1, hiddenActivation: .relu,
                                         loss: .binaryCrossEntropy, seed: 2)
        let rule = try GradientDescent<Float>(learningRate: 0.5)
        let (seen, _, _) = snapshots(try Trainer(epochs: 600), network, optimizer: rule, train: train, test: test)
        let (again, _, _) = snapshots(try Trainer(epochs: 600, shardSize: 1 << 20), network, optimizer: rule, train: train, test: test)
        #expect(seen.count == 600 && seen[0].parameters != seen[599].parameters)
        #expect(zip(seen, again).allSatisfy { $0.parameters == $1.parameters && $0.test.confusion == $1.test.confusion })
    }
}
