import TestSupport
import Testing
import Foundation
import Datasets
import LinearAlgebra
@testable import Neural

/// The reference data of the classic tutorials, standardised, as examples for a 1-output network.
func circlesExamples(samples: Int = 1000) throws -> (train: Examples<Float>, test: Examples<Float>) {
    let data = try Dataset.circles(samples: samples, noise: 0.1, factor: 0.5, seed: 0)
    let split = try data.split(testFraction: 0.2, seed: 0).standardized().split
    return (Examples(inputs: split.train.features, labels: split.train.labels!, outputSize: 1),
            Examples(inputs: split.test.features, labels: split.test.labels!, outputSize: 1))
}

@Suite struct TrainingTests {
    @Test func denseForwardAndOneGradientStepHandComputed() throws {
        // One layer 2 → 1, W = [0.5, −1]ᵀ, b = 0.25, identity, MSE on one sample x = [2, 1], y = 1.
        // z = 0.5·2 − 1·1 + 0.25 = 0.25; L = (0.25 − 1)² = 0.5625; ∂L/∂z = 2(0.25 − 1) = −1.5;
        // ∂L/∂W = xᵀ·(−1.5) = [−3, −1.5]; ∂L/∂b = −1.5. With η = 0.1: W = [0.8, −0.85], b = 0.4.
        var network = Network<Double>(layers: [Dense(weight: Matrix([[0.5], [-1]]), bias: Matrix([[0.25]]),
                                                     activation: .identity)], loss: .meanSquaredError)
        let x = Matrix<Double>([[2, 1]])
        let y = Matrix<Double>([[1]])
        #expect(network(x) == Matrix([[0.25]]))
        let optimizer = try GradientDescent<Double>(learningRate: 0.1)
        var state = optimizer.makeState(for: network)
        let loss = network.step(inputs: x, targets: y, optimizer: optimizer, state: &state).loss
        #expect(loss == 0.5625)
        #expect(isApproximatelyEqual(network.layers[0].weight[0, 0], 0.8, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(network.layers[0].weight[1, 0], -0.85, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(network.layers[0].bias[0, 0], 0.4, relativeTolerance: 1e-12))
    }

    @Test func referenceRunReachesNinetySevenPercentOnCircles() throws {
        let (train, test) = try circlesExamples()
        var network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1,
                                         hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 0)
        let optimizer = try GradientDescent<Float>(learningRate: 0.5)
        var snapshots: [Snapshot<Float>] = []
        let outcome = try Trainer(epochs: 500).fit(&network, optimizer: optimizer, train: train, test: test) {
            snapshots.append($0)
        }
        #expect(outcome == .completed(epochs: 500))
        #expect(snapshots.map(\.epoch) == Array(0..<500))
        let last = try #require(snapshots.last)
        #expect(last.test.score >= 0.97, "test accuracy \(last.test.score)")
        #expect(last.train.loss < snapshots[0].train.loss / 5)
        #expect(last.parameters == network.parameters)
        #expect(last.parameters.map(\.count) == [32, 16, 16, 1])
    }

    @Test func xorIsLearntCompletely() throws {
        let data = try Dataset.xor(samples: 200, noise: 0.1, seed: 1)
        let split = try data.split(testFraction: 0.25, seed: 1)
        let train = Examples(inputs: split.train.features, labels: split.train.labels!, outputSize: 1)
        let test = Examples(inputs: split.test.features, labels: split.test.labels!, outputSize: 1)
        var network = try Network<Float>(inputSize: 2, hiddenSizes: [8], outputSize: 1,
                                         hiddenActivation: .tanh, loss: .binaryCrossEntropy, seed: 1)
        let optimizer = try GradientDescent<Float>(learningRate: 1)
        var last: Snapshot<Float>?
        _ = try Trainer(epochs: 300).fit(&network, optimizer: optimizer, train: train, test: test) { last = $0 }
        #expect(last?.train.score == 1)
        #expect(last?.test.score == 1)
    }

    @Test func sameSeedGivesBitIdenticalParameters() throws {
        let (train, test) = try circlesExamples(samples: 200)
        func trainOnce() throws -> [Matrix<Float>] {
            var network = try Network<Float>(inputSize: 2, hiddenSizes: [8, 8], outputSize: 1,
                                             hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 5)
            let optimizer = try Adam<Float>(learningRate: 0.01)
            _ = try Trainer(epochs: 20, batchSize: 32, shuffleSeed: 5).fit(&network, optimizer: optimizer,
                                                                          train: train, test: test) { _ in }
            return network.parameters
        }
        let first = try trainOnce()
        let second = try trainOnce()
        #expect(first == second)
        let initial = try Network<Float>(inputSize: 2, hiddenSizes: [8, 8], outputSize: 1,
                                         hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 5)
        #expect(first != initial.parameters)
    }

    @Test func everyOptimizerLowersTheLossOnMiniBatches() throws {
        let (train, test) = try circlesExamples(samples: 400)
        func finalLoss(_ optimizer: some Optimizer<Float>) throws -> (first: Double, last: Double) {
            var network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1,
                                             hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 2)
            var losses: [Double] = []
            _ = try Trainer(epochs: 30, batchSize: 32, shuffleSeed: 2).fit(&network, optimizer: optimizer,
                                                                          train: train, test: test) { losses.append($0.train.loss) }
            return (losses[0], losses[losses.count - 1])
        }
        let results = [("gd", try finalLoss(GradientDescent(learningRate: 0.1))),
                       ("momentum", try finalLoss(Momentum(learningRate: 0.05))),
                       ("adam", try finalLoss(Adam(learningRate: 0.01))),
                       ("rmsprop", try finalLoss(RMSProp(learningRate: 0.01)))]
        for (name, result) in results {
            #expect(result.last < result.first * 0.8, "\(name): \(result.first) → \(result.last)")
        }
    }

    @Test func softmaxClassifierLearnsBlobs() throws {
        let data = try Dataset.blobs(samples: 300, classes: 3, noise: 0.2, seed: 4)
        let split = try data.split(testFraction: 0.2, seed: 4).standardized().split
        let train = Examples(inputs: split.train.features, labels: split.train.labels!, outputSize: 3)
        let test = Examples(inputs: split.test.features, labels: split.test.labels!, outputSize: 3)
        var network = try Network<Float>(inputSize: 2, hiddenSizes: [8], outputSize: 3,
                                         hiddenActivation: .relu, loss: .softmaxCrossEntropy, seed: 4)
        let optimizer = try Adam<Float>(learningRate: 0.05)
        var last: Snapshot<Float>?
        _ = try Trainer(epochs: 60).fit(&network, optimizer: optimizer, train: train, test: test) { last = $0 }
        #expect((last?.test.score ?? 0) >= 0.95)
        let probabilities = network.predict(test.inputs)
        for row in 0..<probabilities.rows {
            #expect(isApproximatelyEqual(probabilities.row(row).reduce(0, +), 1, relativeTolerance: 1e-5))
        }
    }

    @Test func regressionReportsRSquared() throws {
        let data = try Dataset.sine(samples: 300, noise: 0.05, seed: 3)
        let split = try data.split(testFraction: 0.2, seed: 3)
        func examples(_ part: Dataset) -> Examples<Float> {
            guard case .values(let y) = part.targets else { fatalError("sine has values") }
            return Examples(inputs: part.features, targets: Matrix(rows: y.count, columns: 1, elements: y))
        }
        var network = try Network<Float>(inputSize: 1, hiddenSizes: [32], outputSize: 1,
                                         hiddenActivation: .tanh, loss: .meanSquaredError, seed: 3)
        let optimizer = try Adam<Float>(learningRate: 0.02)
        var last: Snapshot<Float>?
        _ = try Trainer(epochs: 300).fit(&network, optimizer: optimizer, train: examples(split.train), test: examples(split.test)) { last = $0 }
        #expect((last?.test.score ?? 0) > 0.95, "R² \(last?.test.score ?? .nan)")
        #expect(rSquared(predicted: Matrix<Double>([[1], [2], [3]]), expected: Matrix([[1], [2], [3]])) == 1)
        #expect(rSquared(predicted: Matrix<Double>([[2], [2], [2]]), expected: Matrix([[1], [2], [3]])) == 0)
    }

    @Test func divergingRunStopsAndKeepsEarlierSnapshots() throws {
        let (train, test) = try circlesExamples(samples: 200)
        var network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1,
                                         hiddenActivation: .relu, loss: .meanSquaredError, seed: 0)
        let optimizer = try GradientDescent<Float>(learningRate: 1e6)
        var epochs: [Int] = []
        let outcome = try Trainer(epochs: 100).fit(&network, optimizer: optimizer, train: train, test: test) {
            epochs.append($0.epoch)
            #expect($0.train.loss.isFinite && $0.parameters.allSatisfy(\.isFinite))
        }
        guard case .diverged(let epoch) = outcome else {
            Issue.record("expected divergence, got \(outcome)")
            return
        }
        #expect(epoch < 100)
        #expect(epochs == Array(0..<epoch))
    }

    @Test func nonsenseSettingsAreRefusedWithTheirNames() {
        #expect(throws: ArgumentError("learningRate", Float(0), expected: "a positive, finite number")) {
            try GradientDescent<Float>(learningRate: 0)
        }
        #expect(throws: ArgumentError.self) { try GradientDescent<Float>(learningRate: -0.1) }
        #expect(throws: ArgumentError.self) { try Adam<Float>(learningRate: .nan) }
        #expect(throws: ArgumentError.self) { try Momentum<Float>(learningRate: 0.1, momentum: 1) }
        #expect(throws: ArgumentError.self) { try RMSProp<Float>(learningRate: 0.1, rho: 1) }
        #expect(throws: ArgumentError("weightDecay", Float(-1), expected: "a finite number ≥ 0")) {
            try Adam<Float>(learningRate: 0.1, weightDecay: -1)
        }
        #expect(throws: ArgumentError.self) { try GradientDescent<Float>(learningRate: 0.1, weightDecay: .infinity) }
        #expect(throws: ArgumentError.self) { try Trainer(epochs: 0) }
        #expect(throws: ArgumentError.self) { try Trainer(epochs: 10, batchSize: -1) }
        do {
            _ = try Network<Float>(inputSize: 2, hiddenSizes: [16, 0], outputSize: 1, hiddenActivation: .relu,
                                   loss: .binaryCrossEntropy, seed: 0)
            Issue.record("0 hidden units were accepted")
        } catch {
            #expect(error.argument == "hiddenSizes")
            #expect(error.description.contains("at least 1 unit"))
        }
    }
}
