import Foundation
import LinearAlgebra

extension Trainer {
    /// `fit` for batches that are not cut into shards (`shardSize` 0: small networks, which
    /// threads would only slow down), on the calling thread, with every buffer allocated before
    /// the first epoch (`OneThreadBuffers`, `SnapshotSlots`): the steps, the epoch's metrics
    /// (one forward pass over the training and test inputs stacked) and the snapshots allocate
    /// nothing. The same numbers as the sharded path with one shard, bit for bit, except in the
    /// layers that go through the small dense kernels (`smallLayerKernels`), whose sums are the
    /// BLAS's to float32 rounding.
    @inlinable
    func fitOnOneThread<Scalar, O: Optimizer<Scalar>>(
        _ network: inout Network<Scalar>, optimizer: O,
        train: Examples<Scalar>, test: Examples<Scalar>,
        observer: (Snapshot<Scalar>) throws -> Void
    ) rethrows -> TrainingOutcome {
        var lastSnapshot = DispatchTime.now().uptimeNanoseconds     // when the last snapshot was made (or the run began)
        var generator = SeededGenerator(seed: shuffleSeed)
        let fullBatch = batchSize == 0 || batchSize >= train.count
        var order = Array(0..<train.count)
        var state = optimizer.makeState(for: network)
        let runningMetrics = !fullBatch && train.labels != nil && network.loss.isClassification
        let buffers = OneThreadBuffers(network: network, batchRows: fullBatch ? train.count : batchSize, train: train, test: test,
                                       smallKernels: smallLayerKernels)
        var slots = SnapshotSlots(for: network)
        let outputColumns = network.outputSize
        var stepsDone = 0
        for epoch in 0..<epochs {
            let start = lastSnapshot
            var stepLossesFinite = true
            var lossSum = 0.0, correct = 0
            if fullBatch {
                // The whole training set in order: its inputs lead the stacked ones, and after the
                // first epoch the metrics' pass over them, on the parameters this step starts
                // from, is the step's forward pass (its loss was finite, or training stopped).
                let loss = train.targets.elements.withUnsafeBufferPointer { y in
                    buffers.step(&network, inputs: buffers.stacked, targets: y.baseAddress!, rows: train.count,
                                 outputs: epoch == 0 ? buffers.outputs : buffers.evaluated, forwardDone: epoch > 0,
                                 optimizer: optimizer, state: &state, epoch: epoch, of: epochs)
                }
                stepLossesFinite = loss?.isFinite ?? true
            } else {
                generator.shuffle(&order)
                var first = 0
                while first < order.count {
                    let batch = order[first..<min(first + batchSize, order.count)]
                    buffers.gather(batch, of: train)
                    let loss = buffers.step(&network, inputs: buffers.batchInputs, targets: buffers.batchTargets, rows: batch.count,
                                            outputs: buffers.outputs, optimizer: optimizer, state: &state, epoch: epoch, of: epochs) ?? .nan
                    if !loss.isFinite { stepLossesFinite = false; break }
                    if runningMetrics, let labels = train.labels {
                        lossSum += Double(loss) * Double(batch.count)
                        let output = UnsafePointer(buffers.outputs[buffers.outputs.count - 1])
                        for (row, index) in batch.enumerated()
                        where network.predictedClass(output + row * outputColumns, columns: outputColumns) == labels[index] {
                            correct += 1
                        }
                    }
                    first += batchSize
                    stepsDone += 1
                    if recordEverySteps > 0, stepsDone % recordEverySteps == 0, first < order.count, network.parametersAreFinite {
                        let seen = Double(first)
                        var confusion = slots.takeConfusion()
                        let tested = buffers.evaluate(network, train: train, test: test, includingTrain: false, confusion: &confusion).test
                        slots.confusions[slots.next] = confusion
                        let slot = slots.take(copying: network)
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                        try observer(Snapshot(epoch: epoch,
                                              train: runningMetrics ? Metrics(loss: lossSum / seen, score: Double(correct) / seen)
                                                                    : Metrics(loss: .nan, score: .nan),
                                              test: tested, parameters: slots.parameters[slot], seconds: seconds,
                                              step: (first - 1) / batchSize + 1))
                    }
                }
            }
            guard stepLossesFinite, network.parametersAreFinite else {
                return .diverged(epoch: epoch)
            }
            var confusion = slots.takeConfusion()
            // In full batch, the metrics' pass is the next step's forward pass, and their loss
            // leaves its gradient for that step too.
            let (trained, tested) = buffers.evaluate(network, train: train, test: test, includingTrain: !runningMetrics,
                                                     trainingGradient: fullBatch, confusion: &confusion)
            slots.confusions[slots.next] = confusion
            let trainMetrics = trained ?? Metrics(loss: lossSum / Double(train.count), score: Double(correct) / Double(train.count))
            guard trainMetrics.loss.isFinite else { return .diverged(epoch: epoch) }
            let slot = slots.take(copying: network)
            lastSnapshot = DispatchTime.now().uptimeNanoseconds
            let seconds = Double(lastSnapshot - start) / 1e9
            try observer(Snapshot(epoch: epoch, train: trainMetrics, test: tested, parameters: slots.parameters[slot], seconds: seconds))
        }
        return .completed(epochs: epochs)
    }
}

extension Network {
    /// True when every weight and bias is finite.
    @inlinable
    var parametersAreFinite: Bool {
        layers.allSatisfy { $0.weight.isFinite && $0.bias.isFinite }
    }
}
