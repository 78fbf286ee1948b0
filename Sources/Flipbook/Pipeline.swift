import Datasets
import Foundation
import FrameStore
import LinearAlgebra
import Neural

/// The run pipeline: train → frame store → pictures and tables, into one run directory.
public enum Pipeline {
    /// How a training stage ended.
    public struct TrainingSummary: Sendable {
        /// Epochs recorded in the store.
        public var recordedEpochs: Int
        /// How training ended.
        public var outcome: TrainingOutcome
        /// Wall-clock seconds of the whole stage (training, evaluation and storing).
        public var seconds: Double
        /// Final test metrics, when any epoch was recorded.
        public var finalTest: Metrics?
        /// What the score is: "accuracy", or "R²" for regression.
        public var scoreName: String
    }

    /// Checks the settings, builds the data and network, then trains into `directory/frames.sqlite`.
    ///
    /// Nothing is written until the settings and data have been accepted. Each recorded epoch is
    /// committed as it finishes, so a killed run keeps every epoch before the kill.
    public static func train(_ config: RunConfig, into directory: RunDirectory,
                             progress: ProgressReporter) throws -> TrainingSummary {
        let run = try TrainingRun(config: config)
        try directory.prepareForWriting()
        let store = try FrameStore.create(at: directory.store.relativePath, run: RunRecorder.storedRun(run))
        let start = monotonicSeconds()
        var recorded = 0
        var finalTest: Metrics?
        progress.begin("training", total: config.epochs)
        let (_, outcome) = try run.fit { snapshot in
            try store.append(RunRecorder.epochRecord(snapshot, withParameters: config.isRecorded(epoch: snapshot.epoch)))
            recorded += 1
            finalTest = snapshot.test
            progress.advance(snapshot.epoch + 1)
        }
        switch outcome {
        case .completed: try store.finish(.completed)
        case .diverged(let epoch): try store.finish(.diverged(epoch: epoch))
        }
        let seconds = monotonicSeconds() - start
        let scoreName = run.initialNetwork.loss.isClassification ? "accuracy" : "R²"
        switch outcome {
        case .completed(let epochs):
            progress.end(String(format: "trained %d epochs in %.2f s, test %@ %.3f", epochs, seconds,
                                scoreName, finalTest?.score ?? .nan))
        case .diverged(let epoch):
            progress.end(String(format: "training stopped after %.2f s", seconds))
            progress.note("training diverged at epoch \(epoch): the loss or a parameter became NaN or infinite; the \(recorded) epochs before it are kept")
        }
        return TrainingSummary(recordedEpochs: recorded, outcome: outcome, seconds: seconds, finalTest: finalTest,
                               scoreName: scoreName)
    }
}

/// Deletes key-epoch stills of an earlier rendering that this one did not draw again.
private func removeStaleStills(in directory: RunDirectory, keeping current: Set<String>) {
    let prefixes = ["decision_boundary_epoch_", "fit_epoch_", "predictions_epoch_", "loss_epoch_"]
    directory.removeFiles { name in
        name.hasSuffix(".png") && !current.contains(name) && prefixes.contains(where: name.hasPrefix)
    }
}

/// Seconds from the monotonic clock.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

extension Pipeline {
    /// Everything a run produces: trains into the store, then writes the outputs from the store.
    public static func run(_ config: RunConfig, into directory: RunDirectory,
                           progress: ProgressReporter) throws -> TrainingSummary {
        let summary = try train(config, into: directory, progress: progress)
        try writeOutputs(of: directory, progress: progress)
        return summary
    }

    /// Writes every output of a run from its frame store alone: the pictures, `metrics.csv`,
    /// `parameters.npz` and `report.md`. `size`, `fps` and `keyEpochs` override the run's own.
    public static func writeOutputs(of directory: RunDirectory, size: Int? = nil, fps: Int? = nil, keyEpochs: [Int]? = nil,
                                    progress: ProgressReporter) throws {
        let store = try FrameStore.open(at: directory.store.relativePath)
        directory.removeAbandonedPartialFiles()
        let run = store.run
        var config: RunConfig
        do {
            config = try JSONDecoder().decode(RunConfig.self, from: Data(run.configJSON.utf8))
        } catch {
            throw FrameStoreError(path: directory.store.relativePath, "its run settings do not read as a Flipbook configuration (\(error))")
        }
        if let size { config.size = size }
        if let fps { config.fps = fps }
        if let keyEpochs { config.keyEpochs = keyEpochs }
        let frames = store.frameEpochs
        if keyEpochs == nil, let chosen = config.keyEpochs, !chosen.allSatisfy(Set(frames).contains) {
            // The run stopped before some of its key epochs: draw the ones it reached.
            config.keyEpochs = chosen.filter(Set(frames).contains)
            progress.note("key epochs \(chosen.filter { !frames.contains($0) }.map(String.init).joined(separator: ", ")) were not reached; skipping their stills")
        }
        if frames.isEmpty {
            config.keyEpochs = []
        } else if config.keyEpochs == nil, let last = frames.last {
            // Default key epochs of the epochs actually recorded (a diverged or killed run stops early).
            var shortened = config
            shortened.epochs = last + 1
            config.keyEpochs = shortened.resolvedKeyEpochs.filter(Set(frames).contains)
        }
        try config.validatePictures()
        let metrics = store.metrics
        let renderer = try RunRenderer(directory: directory, store: store, run: run, metrics: metrics, frames: frames,
                                       options: .init(size: config.size, fps: config.fps, keyEpochs: config.resolvedKeyEpochs))
        let pictures = try renderer.render(progress: progress)
        removeStaleStills(in: directory, keeping: Set(pictures.map(\.name)))
        let regression = !run.architecture.loss.isClassification
        try writeAtomically(Data(Tables.metricsCSV(metrics, regression: regression).utf8), to: directory.metrics)
        progress.end("\(directory.metrics.lastPathComponent): \(metrics.count) epochs")
        if let last = frames.last {
            try Tables.exportParameters(from: store, epoch: last, to: directory.parameters)
            progress.end("\(directory.parameters.lastPathComponent): parameters after epoch \(last)")
        }
        let report = Report.markdown(run: run, config: config, metrics: metrics, pictures: pictures.map(\.name))
        try writeAtomically(Data(report.utf8), to: directory.report)
        progress.end("\(directory.report.lastPathComponent): \(pictures.count) pictures and the final metrics")
        progress.end("everything is in \(directory.url.relativePath)/ (start with report.md)")
    }
}
