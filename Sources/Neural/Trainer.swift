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
    /// What training took for this epoch, in wall-clock seconds: the time on the training thread
    /// from the previous epoch's snapshot (or the start of `fit`) to this one — the optimizer's
    /// steps, the metrics, the parameters' copy, and the observer's handling of the previous
    /// snapshot —, so that the epochs' seconds add up to the training loop's wall time (all but
    /// the observer's handling of the last snapshot). For a snapshot inside an epoch: the time
    /// so far in the epoch.
    public var seconds: Double
    /// Optimizer steps into `epoch` for a snapshot taken inside it (`Trainer.recordEverySteps`);
    /// nil for the snapshot at the epoch's end.
    public var step: Int?

    /// A snapshot with the given values.
    @inlinable
    public init(epoch: Int, train: Metrics, test: Metrics, parameters: [Matrix<Scalar>], seconds: Double, step: Int? = nil) {
        self.step = step
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
    /// Data parallelism: each batch is cut into shards of about this many rows (at most
    /// `maximumShards`), whose gradients are computed at the same time on the machine's cores;
    /// 0 keeps every batch whole on the calling thread. The cut depends on the batch size alone,
    /// so a run gives the same numbers whatever the number of cores.
    public let shardSize: Int
    /// The most shards a batch is cut into.
    public static let maximumShards = 8
    /// Threads for the parts of a step that split freely (weight-gradient blocks, updates,
    /// evaluation): every core when sharding, else 1 (read once: the count comes from cgroup
    /// files, 23 µs a call here).
    public let parallelism: Int
    /// Mini-batch runs also hand over a snapshot every this many optimizer steps (counted from
    /// the run's first step) when it falls inside an epoch; 0 for snapshots at epochs' ends only.
    public let recordEverySteps: Int
    /// On one thread, whether layers with a side of at most 4 units and at most 256 weights go
    /// through the small dense kernels (`usesSmallDenseKernels`) instead of the BLAS; the
    /// tests turn it off to compare the one-thread trainer with the sharded one bit for bit.
    @usableFromInline var smallLayerKernels = true

    /// A trainer; throws `ArgumentError` for fewer than one epoch or a negative batch size or step count.
    @inlinable
    public init(epochs: Int, batchSize: Int = 0, shuffleSeed: UInt64 = 0, shardSize: Int = 0,
                recordEverySteps: Int = 0) throws(ArgumentError) {
        guard epochs >= 1 else { throw ArgumentError("epochs", epochs, expected: "at least 1") }
        guard batchSize >= 0 else { throw ArgumentError("batchSize", batchSize, expected: "0 (full batch) or a positive number") }
        guard recordEverySteps >= 0 else { throw ArgumentError("recordEverySteps", recordEverySteps, expected: "0 (epochs' ends only) or a positive number") }
        self.recordEverySteps = recordEverySteps
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffleSeed = shuffleSeed
        self.shardSize = max(0, shardSize)
        self.parallelism = shardSize > 0 ? ProcessInfo.processInfo.activeProcessorCount : 1
    }

    /// Trains `network` with `optimizer` on `train`, evaluating on `test` after every epoch and
    /// passing the snapshot to `observer` (which may throw to stop the run; the error propagates).
    ///
    /// The optimizer's state is made here, at zero, and lives as long as the run; its schedule
    /// sets every step's learning rate from the step's epoch.
    ///
    /// Full batch: one step per epoch on all samples, in order; the training metrics are measured
    /// after the step. Mini-batch: the samples are shuffled every epoch by a generator seeded with
    /// `shuffleSeed`, then cut into batches; for classification the training loss and accuracy
    /// are the means over the epoch's batches (each measured before its step), which costs nothing
    /// extra. Test metrics are always measured after the epoch. With `recordEverySteps` K, a
    /// mini-batch run also hands over a snapshot after every Kth step that ends inside an epoch,
    /// with the running training means of that epoch so far (NaN when there are none) and the
    /// test metrics then.
    @inlinable
    public func fit<Scalar, O: Optimizer<Scalar>>(
        _ network: inout Network<Scalar>, optimizer: O,
        train: Examples<Scalar>, test: Examples<Scalar>,
        observer: (Snapshot<Scalar>) throws -> Void
    ) rethrows -> TrainingOutcome {
        precondition(train.count > 0, "fit: no training samples")
        if shardSize == 0 {
            return try fitOnOneThread(&network, optimizer: optimizer, train: train, test: test, observer: observer)
        }
        var lastSnapshot = DispatchTime.now().uptimeNanoseconds
        var generator = SeededGenerator(seed: shuffleSeed)
        let fullBatch = batchSize == 0 || batchSize >= train.count
        var order = Array(0..<train.count)
        var state = optimizer.makeState(for: network)
        let runningMetrics = !fullBatch && train.labels != nil && network.loss.isClassification
        // On one thread, the training and test metrics come from one forward pass over both.
        let both = parallelism == 1 && !runningMetrics ? Matrix(stackingRowsOf: [train.inputs, test.inputs]) : nil
        var stepsDone = 0
        for epoch in 0..<epochs {
            let start = lastSnapshot
            var stepLossesFinite = true
            var lossSum = 0.0, correct = 0
            if fullBatch {
                let step = self.step(&network, samples: order[...], of: train, optimizer: optimizer, state: &state, epoch: epoch)
                stepLossesFinite = step.loss.isFinite
            } else {
                generator.shuffle(&order)
                var first = 0
                while first < order.count {
                    let batch = order[first..<min(first + batchSize, order.count)]
                    let step = self.step(&network, samples: batch, of: train, optimizer: optimizer, state: &state, epoch: epoch)
                    if !step.loss.isFinite { stepLossesFinite = false; break }
                    if runningMetrics, let labels = train.labels {
                        lossSum += Double(step.loss) * Double(batch.count)
                        let predicted = step.outputs.flatMap { network.predictedClasses(fromOutput: $0) }
                        correct += zip(predicted, batch).reduce(0) { $0 + ($1.0 == labels[$1.1] ? 1 : 0) }
                    }
                    first += batchSize
                    stepsDone += 1
                    if recordEverySteps > 0, stepsDone % recordEverySteps == 0, first < order.count {
                        let seen = Double(first)
                        try observeStep(network, epoch: epoch, step: (first - 1) / batchSize + 1, start: start, test: test,
                                        train: runningMetrics ? Metrics(loss: lossSum / seen, score: Double(correct) / seen)
                                                              : Metrics(loss: .nan, score: .nan),
                                        observer: observer)
                    }
                }
            }
            let parameters = network.parameters
            guard stepLossesFinite, parameters.allSatisfy(\.isFinite) else {
                return .diverged(epoch: epoch)
            }
            let (trainMetrics, testMetrics) = if let both {
                network.evaluate(train: train, test: test, both: both)
            } else {
                (runningMetrics ? Metrics(loss: lossSum / Double(train.count), score: Double(correct) / Double(train.count))
                                : network.evaluate(on: train, parallelism: parallelism),
                 network.evaluate(on: test, parallelism: parallelism))
            }
            guard trainMetrics.loss.isFinite else { return .diverged(epoch: epoch) }
            lastSnapshot = DispatchTime.now().uptimeNanoseconds
            let seconds = Double(lastSnapshot - start) / 1e9
            try observer(Snapshot(epoch: epoch, train: trainMetrics, test: testMetrics, parameters: parameters, seconds: seconds))
        }
        return .completed(epochs: epochs)
    }

    /// Hands `observer` a snapshot `step` steps into `epoch`, unless a parameter is no longer
    /// finite (the epoch's end then reports the divergence).
    @inlinable
    func observeStep<Scalar>(_ network: Network<Scalar>, epoch: Int, step: Int, start: UInt64, test: Examples<Scalar>,
                             train: Metrics, observer: (Snapshot<Scalar>) throws -> Void) rethrows {
        let parameters = network.parameters
        guard parameters.allSatisfy(\.isFinite) else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try observer(Snapshot(epoch: epoch, train: train, test: network.evaluate(on: test, parallelism: parallelism),
                              parameters: parameters, seconds: seconds, step: step))
    }

    /// One step in `epoch` on the samples at `indices`, cut into shards of about `shardSize` rows,
    /// each gathered by the thread that computes it. A whole training set in order that needs no
    /// cutting is used as it is.
    @inlinable
    func step<Scalar, O: Optimizer<Scalar>>(_ network: inout Network<Scalar>, samples indices: ArraySlice<Int>,
                                             of examples: Examples<Scalar>, optimizer: O, state: inout OptimizerState<Scalar>,
                                             epoch: Int) -> (loss: Scalar, outputs: [Matrix<Scalar>]) {
        let parts = shardSize > 0 ? min(Self.maximumShards, indices.count / shardSize) : 1
        let shards = evenRanges(indices.count, parts: parts)
        let parallelism = self.parallelism
        if shards.count == 1, indices.count == examples.count, indices.elementsEqual(0..<examples.count) {
            return network.step(shardRows: [examples.count], parallelism: parallelism, optimizer: optimizer, state: &state,
                                epoch: epoch, of: epochs) { _ in
                (examples.inputs, examples.targets)
            }
        }
        let indices = Array(indices)
        return network.step(shardRows: shards.map(\.count), parallelism: parallelism, optimizer: optimizer, state: &state,
                            epoch: epoch, of: epochs) { shard in
            let samples = Array(indices[shards[shard]])
            return (examples.inputs.gatheringRows(samples), examples.targets.gatheringRows(samples))
        }
    }
}
