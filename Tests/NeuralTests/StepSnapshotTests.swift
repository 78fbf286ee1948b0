import Testing
import LinearAlgebra
@testable import Neural

/// `Trainer.recordEverySteps`: snapshots every K optimizer steps inside epochs.
@Suite struct StepSnapshotTests {
    @Test func snapshotsComeEveryKStepsInsideEpochsAndLeaveTrainingAsItWas() throws {
        let (train, test) = try circlesExamples(samples: 200)
        let batch = 32, k = 3, epochs = 4
        let steps = (train.count + batch - 1) / batch
        func fit(recording: Int) throws -> ([Snapshot<Float>], [Matrix<Float>]) {
            var network = try Network<Float>(inputSize: 2, hiddenSizes: [8], outputSize: 1, hiddenActivation: .relu,
                                             loss: .binaryCrossEntropy, seed: 4)
            var seen: [Snapshot<Float>] = []
            _ = try Trainer(epochs: epochs, batchSize: batch, shuffleSeed: 4, recordEverySteps: recording)
                .fit(&network, optimizer: try Adam<Float>(learningRate: 0.01), train: train, test: test) { seen.append($0) }
            return (seen, network.parameters)
        }
        let (recorded, parameters) = try fit(recording: k)
        let (plain, plainParameters) = try fit(recording: 0)
        // Every Kth step of the run, counted from its first, that ends inside an epoch; then the epoch's end.
        var expected: [(Int, Int?)] = []
        for epoch in 0..<epochs {
            for step in 1..<steps where (epoch * steps + step) % k == 0 { expected.append((epoch, step)) }
            expected.append((epoch, nil))
        }
        #expect(recorded.map(\.epoch) == expected.map(\.0))
        #expect(recorded.map(\.step) == expected.map(\.1))
        #expect(plain.allSatisfy { $0.step == nil } && plain.count == epochs)
        #expect(parameters == plainParameters)
        #expect(zip(recorded.filter { $0.step == nil }, plain).allSatisfy { $0.parameters == $1.parameters && $0.train == $1.train })
        // A snapshot's parameters are those of that moment: they differ from the epoch's end.
        let inside = try #require(recorded.first { $0.step != nil })
        let end = try #require(recorded.first { $0.epoch == inside.epoch && $0.step == nil })
        #expect(inside.parameters != end.parameters)
        #expect(inside.train.loss.isFinite && inside.test.loss.isFinite && inside.seconds <= end.seconds)
    }

    @Test func aFullBatchRunHasNoStepsInsideEpochs() throws {
        let (train, test) = try circlesExamples(samples: 100)
        var network = try Network<Float>(inputSize: 2, hiddenSizes: [4], outputSize: 1, hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 1)
        var steps: [Int?] = []
        _ = try Trainer(epochs: 3, recordEverySteps: 1).fit(&network, optimizer: try GradientDescent<Float>(learningRate: 0.1),
                                                            train: train, test: test) { steps.append($0.step) }
        #expect(steps == [nil, nil, nil])
        #expect(throws: ArgumentError.self) { try Trainer(epochs: 3, recordEverySteps: -1) }
    }
}
