import Encoding
import Foundation
import Render
import LinearAlgebra
import FrameStore
import Neural

/// The tabular outputs of a run: `metrics.csv` and `.npz` parameter exports.
public enum Tables {
    /// `metrics.csv`: `epoch,train_loss,test_loss,train_accuracy,test_accuracy,seconds`, one row per
    /// recorded epoch (`train_r2,test_r2` instead of accuracies for regression). A run recording
    /// every K steps (`stepsPerEpoch` set) has a row per snapshot too, in training order, and two
    /// more columns: `step` (steps into the epoch; empty at its end) and `position` (the epoch
    /// axis position, e − 1 + step / steps per epoch).
    public static func metricsCSV(_ metrics: [EpochRecord], regression: Bool, stepsPerEpoch: Int? = nil) -> String {
        let score = regression ? "r2" : "accuracy"
        var lines = ["epoch,train_loss,test_loss,train_\(score),test_\(score),seconds" + (stepsPerEpoch == nil ? "" : ",step,position")]
        for m in metrics {
            var line = "\(m.epoch),\(number(m.trainLoss)),\(number(m.testLoss)),\(number(m.trainScore)),\(number(m.testScore)),\(number(m.seconds))"
            if stepsPerEpoch != nil { line += ",\(m.step.map(String.init) ?? ""),\(number(m.position(stepsPerEpoch: stepsPerEpoch)))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Exports the parameters of `epoch` (a frame epoch of the store) as `.npz`, atomically.
    public static func exportParameters(from store: FrameStoreReader, epoch: Int, to url: URL) throws {
        guard store.run.model == .network else {
            throw FrameStoreError(path: store.path, "holds the model's fields, not parameters (it was recorded with predict=): there is nothing to export")
        }
        guard let record = try store.epoch(epoch), !record.parameters.isEmpty else {
            let frames = store.frameEpochs
            let hint: String
            if let first = frames.first, let last = frames.last {
                hint = "epochs with parameters: \(first)…\(last)" + (frames.count < last - first + 1 ? " (not every epoch; see --frame-every)" : "")
            } else {
                hint = "the store has no recorded parameters"
            }
            throw SettingError("epoch", epoch, expected: hint)
        }
        try writeNPZ(RunRecorder.network(of: record, in: store), to: url)
    }

    /// Exports the parameters of a snapshot inside an epoch (a run recorded every K steps), atomically.
    public static func exportParameters(from store: FrameStoreReader, at moment: Moment, to url: URL) throws {
        guard store.run.model == .network else {
            throw FrameStoreError(path: store.path, "holds the model's fields, not parameters (it was recorded with predict=): there is nothing to export")
        }
        guard let record = try store.record(at: moment), !record.parameters.isEmpty else {
            let steps = store.frameMoments.filter { $0.epoch == moment.epoch }.compactMap(\.step)
            throw SettingError("step", moment.step ?? 0, expected: steps.isEmpty
                ? "a step recorded inside epoch \(moment.epoch); it has none (see --record-every-steps)"
                : "one of the steps recorded inside epoch \(moment.epoch): \(steps.map(String.init).joined(separator: ", "))")
        }
        try writeNPZ(RunRecorder.network(of: record, in: store), to: url)
    }

    /// Exports the parameters before the first update, kept by stores of schema 2 and later.
    public static func exportInitialParameters(from store: FrameStoreReader, to url: URL) throws {
        guard !store.run.initialParameters.isEmpty else {
            throw FrameStoreError(path: store.path, "keeps no initial parameters (it was written before Flipbook recorded them); export an epoch instead")
        }
        try writeNPZ(RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters"), to: url)
    }

    private static func writeNPZ(_ network: Network<Float>, to url: URL) throws {
        try AtomicFile.write(Data(NumPyArchive.npz(NumPyArchive.arrays(of: network.parameters))), to: url.relativePath)
    }

    private static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : "nan"
    }
}
