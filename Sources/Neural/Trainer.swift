import LinearAlgebra
import Foundation

/// What the trainer hands its observer after every epoch.
public struct Snapshot<Scalar: BLASScalar>: Sendable {
    /// The epoch just finished, counting from 0.
    public var epoch: Int
    /// Loss and score on the training set, with the parameters below.
    public var train: Metrics
    /// Loss and score on the test set, with the parameters below.
    public var test: Metrics
    /// A copy of every parameter after this epoch (W1, b1, W2, b2, …).
    public var parameters: [Matrix<Scalar>]
    /// Wall-clock seconds this epoch's training steps took (evaluation excluded).
    public var seconds: Double

    /// A snapshot with the given values.
    @inlinable
    public init(epoch: Int, train: Metrics, test: Metrics, parameters: [Matrix<Scalar>], seconds: Double) {
        self.epoch = epoch
        self.train = train
        self.test = test
        self.parameters = parameters
        self.seconds = seconds
    }
}

/// How a training run ended.
public enum TrainingOutcome: Sendable, Equatable {
    /// Every epoch ran.
    case completed(epochs: Int)
    /// The loss or a parameter became NaN or infinite during `epoch`; snapshots stop before it.
    case diverged(epoch: Int)
}

/// Runs epochs of (mini-)batch training and reports a snapshot after each.
public struct Trainer: Sendable {
    /// Number of epochs (≥ 1).
    public let epochs: Int
    /// Samples per step; 0 means the whole training set (full-batch gradient descent).
    public let batchSize: Int
    /// Seed of the per-epoch shuffle of mini-batches.
    public let shuffleSeed: UInt64

    /// A trainer; throws `SettingError` for fewer than one epoch or a negative batch size.
    @inlinable
    public init(epochs: Int, batchSize: Int = 0, shuffleSeed: UInt64 = 0) throws(SettingError) {
        guard epochs >= 1 else { throw SettingError("epochs", epochs, expected: "at least 1") }
        guard batchSize >= 0 else { throw SettingError("batch-size", batchSize, expected: "0 (full batch) or a positive number") }
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffleSeed = shuffleSeed
    }

    /// Trains `network` on `train`, evaluating on `test` after every epoch and passing the
    /// snapshot to `observer` (which may throw to stop the run; the error propagates).
    ///
    /// Full batch: one step per epoch on all samples, in order. Mini-batch: the samples are
    /// shuffled every epoch by a generator seeded with `shuffleSeed`, then cut into batches.
    @inlinable
    public func fit<Scalar, O: Optimizer<Scalar>>(
        _ network: inout Network<Scalar>, optimizer: inout O,
        train: Examples<Scalar>, test: Examples<Scalar>,
        observer: (Snapshot<Scalar>) throws -> Void
    ) rethrows -> TrainingOutcome {
        precondition(train.count > 0, "fit: no training samples")
        var generator = SeededGenerator(seed: shuffleSeed)
        let fullBatch = batchSize == 0 || batchSize >= train.count
        var order = Array(0..<train.count)
        for epoch in 0..<epochs {
            let start = DispatchTime.now().uptimeNanoseconds
            var stepLossesFinite = true
            if fullBatch {
                let loss = network.step(inputs: train.inputs, targets: train.targets, optimizer: &optimizer)
                stepLossesFinite = loss.isFinite
            } else {
                generator.shuffle(&order)
                var first = 0
                while first < order.count {
                    let batch = train.subset(Array(order[first..<min(first + batchSize, order.count)]))
                    let loss = network.step(inputs: batch.inputs, targets: batch.targets, optimizer: &optimizer)
                    if !loss.isFinite { stepLossesFinite = false; break }
                    first += batchSize
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let parameters = network.parameters
            guard stepLossesFinite, parameters.allSatisfy(\.isFinite) else {
                return .diverged(epoch: epoch)
            }
            let trainMetrics = network.evaluate(on: train)
            guard trainMetrics.loss.isFinite else { return .diverged(epoch: epoch) }
            try observer(Snapshot(epoch: epoch, train: trainMetrics, test: network.evaluate(on: test),
                                  parameters: parameters, seconds: seconds))
        }
        return .completed(epochs: epochs)
    }
}
