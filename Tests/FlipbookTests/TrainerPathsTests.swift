import Testing
import Foundation
import LinearAlgebra
import Neural
@testable import Flipbook

/// A small network trains on one thread (one forward pass for its metrics); a wide one cuts each
/// batch into shards on every core. Both must give the same run up to float32 rounding.
@Suite struct TrainerPathsTests {
    @Test func singleThreadAndParallelTrainersAgreeOnTheReferenceRun() throws {
        let run = try TrainingRun(config: RunConfig())
        #expect(run.trainer.shardSize == 0 && run.trainer.parallelism == 1, "the reference run trains on one thread")
        let parallel = try Trainer(epochs: run.trainer.epochs, shardSize: 64)
        #expect(parallel.parallelism == ProcessInfo.processInfo.activeProcessorCount)
        guard case .gd(let rule) = run.optimizer else { Issue.record("the reference run uses gradient descent"); return }
        var results: [(network: Network<Float>, metrics: [(Metrics, Metrics)])] = []
        for trainer in [run.trainer, parallel] {
            var network = run.initialNetwork
            var metrics: [(Metrics, Metrics)] = []
            let outcome = trainer.fit(&network, optimizer: rule, train: run.train, test: run.test) { metrics.append(($0.train, $0.test)) }
            #expect(outcome == .completed(epochs: 500))
            results.append((network, metrics))
        }
        let (one, many) = (results[0], results[1])
        // Parameters: after 500 steps each differs by at most 2e-4 of the largest parameter of its tensor.
        for (a, b) in zip(one.network.parameters, many.network.parameters) {
            let scale = a.elements.map(abs).max() ?? 1
            let worst = zip(a.elements, b.elements).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 2e-4 * scale, "largest difference \(worst) against parameters up to \(scale)")
        }
        #expect(one.network.parameters != run.initialNetwork.parameters, "training moved the parameters")
        // Metrics of every epoch: losses within 1e-4 relative, accuracies within two samples of the test part.
        #expect(one.metrics.count == 500 && many.metrics.count == 500)
        for (epoch, (a, b)) in zip(one.metrics, many.metrics).enumerated() {
            #expect(abs(a.0.loss - b.0.loss) <= 1e-4 * a.0.loss && abs(a.1.loss - b.1.loss) <= 1e-4 * a.1.loss, "epoch \(epoch) loss")
            #expect(abs(a.1.score - b.1.score) <= 2.0 / Double(run.test.count), "epoch \(epoch) test accuracy")
        }
    }

    /// Shards when a shard's work pays for the hand-over: 64 rows through every weight of the
    /// network at least 4 Mi multiply-adds, whichever layers hold the weights.
    @Test func shardsWhenAShardHoldsEnoughWork() throws {
        func sharded(_ sizes: [Int]) throws -> Bool {
            let network = try Network<Float>(inputSize: sizes[0], hiddenSizes: Array(sizes.dropFirst().dropLast()), outputSize: sizes.last!,
                                             hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 1)
            return try TrainingRun.trainer(RunConfig(), for: network).shardSize > 0
        }
        #expect(try !sharded([2, 16, 1]) && !sharded([2, 181, 181, 1]), "toy networks and 33 Ki weights: one thread")
        #expect(try sharded([2, 256, 256, 1]) && sharded([784, 256, 128, 10]), "66 Ki and 234 Ki weights: shards")
        // Seven layers of 10,000 weights: no layer of 64 Ki (nor 32 Ki), but 69 Ki weights in all.
        #expect(try sharded([2, 100, 100, 100, 100, 100, 100, 100, 100, 1]))
        #expect(try !sharded([2, 100, 100, 100, 100, 100, 100, 1]), "49 Ki weights in all")
    }
}
