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

    /// Trains `config` into `directory/frames.sqlite`, replacing any run there, without drawing.
    ///
    /// Every setting and the data are accepted before anything is written; the directory is
    /// locked for the whole stage. Each recorded epoch is committed as it finishes, so a killed
    /// run keeps every epoch before the kill.
    public static func train(_ config: RunConfig, into directory: RunDirectory, force: Bool = false,
                             progress: ProgressReporter) throws -> TrainingSummary {
        let run = try TrainingRun(config: config)
        let record = try storeRecord(of: run, in: directory)
        _ = try DataPlane.resolve(config.pictures.plane, for: record.dataset, pictures: config.pictures, fitting: false)
        return try directory.replacingPreviousRun(force: force) {
            try train(run, record: record, into: directory, progress: progress)
        }
    }

    /// The store's record of `run`, checked against every rule of the store before anything is
    /// written (a CSV with more classes than a store holds is refused here).
    static func storeRecord(of run: TrainingRun, in directory: RunDirectory) throws -> StoredRun {
        let record = RunRecorder.storedRun(run)
        try FrameStore.check(record, path: directory.store.relativePath)
        return record
    }

    /// Trains a prepared run, whose store record was checked, into a directory whose writer's
    /// lock the caller holds.
    static func train(_ run: TrainingRun, record: StoredRun, into directory: RunDirectory,
                      progress: ProgressReporter) throws -> TrainingSummary {
        let config = run.config
        let storePath = directory.store.relativePath
        let start = monotonicSeconds()
        // The store is created and written on its own thread, in order, while training goes on
        // (creating it waits on two directory syncs, milliseconds that training need not wait
        // for); the first failure stops training at its next epoch. Every record was checked
        // against the store's rules before anything was written (`storeRecord`).
        let writer = StoreWriter(path: storePath) { try FrameStore.create(at: storePath, run: record) }
        defer { writer.wait() }         // a failed run leaves no write behind it
        var recorded = 0
        var trainingSeconds = 0.0   // what training took: the epochs' seconds, as metrics.csv and report.md sum them
        var finalTest: Metrics?
        for note in run.split.train.notes { progress.note(note.description) }
        progress.begin("training", total: config.resolvedEpochs)
        // The epochs whose parameters are kept, decided once (not per epoch).
        let (frameEvery, lastEpoch, keyEpochs) = (config.frameEvery, config.resolvedEpochs - 1, Set(config.resolvedKeyEpochs))
        let (_, outcome) = try run.fit { snapshot in
            // A snapshot inside an epoch is always a frame; an epoch's end when --frame-every says.
            let epoch = snapshot.epoch
            let frame = snapshot.step != nil || epoch % frameEvery == 0 || epoch == lastEpoch || keyEpochs.contains(epoch)
            try writer.append(snapshot, withParameters: frame)
            guard snapshot.step == nil else { return }
            recorded += 1
            trainingSeconds += snapshot.seconds
            finalTest = snapshot.test
            progress.advance(epoch + 1)
        }
        let trained = monotonicSeconds()
        let (store, created, storing) = try writer.finish()
        switch outcome {
        case .completed: try storeWrite(storePath) { try store.finish(.completed) }
        case .diverged(let epoch): try storeWrite(storePath) { try store.finish(.diverged(epoch: epoch)) }
        }
        let seconds = monotonicSeconds() - start
        progress.timed("training (every epoch: steps, metrics, snapshots)", seconds: trainingSeconds)
        progress.timed("training (before the first epoch, after the last)", seconds: max(0, trained - start - trainingSeconds))
        progress.timed("store", seconds: monotonicSeconds() - trained)     // waiting for its last writes, then its end
        progress.timed("store: created beside training (its own thread)", seconds: created)
        progress.timed("store: epochs written beside training (its own thread)", seconds: storing)
        let scoreName = run.initialNetwork.loss.isClassification ? "accuracy" : "R²"
        switch outcome {
        case .completed(let epochs):
            progress.end(String(format: "trained %d epochs in %.2f s (%.2f s with the store), test %@ %.3f",
                                epochs, trainingSeconds, seconds, scoreName, finalTest?.score ?? .nan))
        case .diverged(let epoch):
            progress.end(String(format: "training stopped after %.2f s (%.2f s with the store)", trainingSeconds, seconds))
            progress.note("training diverged at epoch \(epoch): the loss or a parameter became NaN or infinite; the \(recorded) epochs before it are kept")
        }
        return TrainingSummary(recordedEpochs: recorded, outcome: outcome, seconds: seconds, finalTest: finalTest,
                               scoreName: scoreName)
    }

    /// Creates a run's store and writes its epochs to it on a thread of their own, in the order
    /// they come: the records that arrived while the previous commit ran (or while the store was
    /// being created) are committed together (at most a few epochs behind training; a killed run
    /// keeps every epoch committed before the kill).
    ///
    /// Handing a snapshot over allocates nothing: it joins a list whose memory is kept (two
    /// lists, swapped between the threads), and the writer's thread, started once, is woken
    /// through a condition.
    final class StoreWriter: @unchecked Sendable {
        // Made on the writer's thread and handed back by `finish` (the thread lets go of it
        // before it says it is done): the store is closed (its WAL checkpointed and removed) when
        // `Pipeline.train` lets go of it, before anything reads it.
        private var store: FrameStore?
        private let path: String
        private let create: () throws -> FrameStore
        private let condition = NSCondition()
        private let failure = FirstError()
        // Under `condition`:
        private var pending: [(snapshot: Snapshot<Float>, withParameters: Bool)] = []
        private var closed = false
        private var busy = false
        private var done = false
        private var made: FrameStore?
        // Only touched on the writer's thread, read after it is done:
        private var spare: [(snapshot: Snapshot<Float>, withParameters: Bool)] = []
        private var seconds = 0.0
        private var creating = 0.0

        /// A writer whose thread first makes the store with `create`.
        init(path: String, create: @escaping () throws -> FrameStore) {
            (self.path, self.create) = (path, create)
            pending.reserveCapacity(1024)
            spare.reserveCapacity(1024)
            let thread = Thread { [self] in write() }
            thread.name = "flipbook.store-writer"
            thread.start()
        }

        /// Queues the record of `snapshot`; throws the error an earlier write met, if any.
        func append(_ snapshot: Snapshot<Float>, withParameters: Bool) throws {
            if let error = failure.error { throw error }
            condition.lock()
            pending.append((snapshot, withParameters))
            if !busy { condition.signal() }
            condition.unlock()
        }

        /// The writer's thread: makes the store, then commits what is pending, batch after
        /// batch, until closed.
        private func write() {
            let start = monotonicSeconds()
            do {
                store = try Pipeline.storeWrite(path) { try create() }
            } catch {
                failure.record(error)
            }
            creating = monotonicSeconds() - start
            while true {
                condition.lock()
                while pending.isEmpty && !closed { condition.wait() }
                if pending.isEmpty {        // closed, and everything written
                    made = store
                    store = nil
                    done = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                swap(&pending, &spare)
                busy = true
                condition.unlock()
                if failure.error == nil {
                    let start = monotonicSeconds()
                    do {
                        let records = spare.map { RunRecorder.epochRecord($0.snapshot, withParameters: $0.withParameters) }
                        try Pipeline.storeWrite(path) { try store?.append(contentsOf: records) }
                    } catch {
                        failure.record(error)
                    }
                    seconds += monotonicSeconds() - start
                }
                spare.removeAll(keepingCapacity: true)
                condition.lock()
                busy = false
                condition.unlock()
            }
        }

        /// Waits for every queued write; returns the store, the seconds its creation took and
        /// those the writes took, or throws the first error.
        func finish() throws -> (store: FrameStore, created: Double, written: Double) {
            wait()
            condition.lock()
            let store = made
            made = nil
            condition.unlock()
            if let error = failure.error { throw error }
            guard let store else { throw WriteError(path: path, "the store was not created") }
            return (store, creating, seconds)
        }

        /// Waits for every queued write (the writer's thread then ends).
        func wait() {
            condition.lock()
            closed = true
            condition.signal()
            while !done { condition.wait() }
            condition.unlock()
        }
    }

    /// Runs a write to the store; its failure (a full disk) is a `WriteError`, not a refusal.
    fileprivate static func storeWrite<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FrameStoreError {
            throw WriteError(path: path, error.problem)
        }
    }
}

/// Seconds from the monotonic clock.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

extension Pipeline {
    /// Everything a run produces: checks every input, takes the directory (replacing the run
    /// there as a whole), trains into the store, then draws every output from the store. A
    /// budget refused after training (it is measured on the trained run) leaves the directory
    /// as it was.
    public static func run(_ config: RunConfig, into directory: RunDirectory, force: Bool = false,
                           progress: ProgressReporter) throws -> TrainingSummary {
        let run = try progress.timing("data and network") { try TrainingRun(config: config) }
        try refuseTooShortDuration(config)
        let record = try storeRecord(of: run, in: directory)
        _ = try DataPlane.resolve(config.pictures.plane, for: record.dataset, pictures: config.pictures, fitting: false)
        var drawn = monotonicSeconds()
        let summary = try directory.replacingPreviousRun(force: force) {
            let summary = try train(run, record: record, into: directory, progress: progress)
            KillPoint.check("before-drawing")
            try draw(directory, into: directory, pictures: config.pictures, skippingUnreached: true, progress: progress)
            drawn = monotonicSeconds()
            return summary
        }
        progress.timed("the previous run removed", seconds: monotonicSeconds() - drawn)
        return summary
    }

    /// Refuses a `--duration` too short for the frames every animation of `config`'s run will
    /// show — at least its key epochs and its last — before anything is trained or written (the
    /// drawing checks it again on what was recorded, which may need more).
    static func refuseTooShortDuration(_ config: RunConfig) throws {
        let keys = Set(config.resolvedKeyEpochs)
        try AnimationTiming(pictures: config.pictures).check(leastFrames: max(keys.union([config.resolvedEpochs - 1]).count, 2),
                                                             held: config.pictures.hold > 0 ? keys.count : 0)
    }

    /// Redraws every output of the run in `directory` from its frame store alone, into `output`
    /// (the run directory itself by default). The run is locked for reading (a run still being
    /// written is refused) and the output for writing when it is another directory.
    public static func render(_ directory: RunDirectory, into output: RunDirectory? = nil, pictures: PictureSettings,
                              force: Bool = false, progress: ProgressReporter) throws {
        try pictures.validate()
        let readLock = try directory.lockForReading()
        defer { withExtendedLifetime(readLock) {} }
        let (source, target) = (directory.url.resolvingSymlinksInPath().path, output?.url.resolvingSymlinksInPath().path)
        if let output, let target, target != source {
            // Drawn into another directory, which it replaces as a run would (or leaves as it
            // was, not even created, when the store or a setting is refused).
            guard !source.hasPrefix(target.hasSuffix("/") ? target : target + "/") else {
                throw OutputError(path: output.displayPath, "holds the run being drawn (\(directory.displayPath)), which drawing into it would replace; choose another directory")
            }
            try output.replacingPreviousRun(force: force) {
                try draw(directory, into: output, pictures: pictures, progress: progress)
            }
            return
        }
        if access(directory.store.path, F_OK) == 0, access(directory.url.path, W_OK) != 0 {
            throw OutputError(path: directory.displayPath, "the run directory is not writable; draw its pictures into another directory with --out DIR")
        }
        if readLock.wasAlone { directory.removeAbandonedPartialFiles() }
        try draw(directory, into: directory, pictures: pictures, progress: progress)
        if directory.holdsSetAsideRun {
            progress.note("the run this one replaced is kept in \(directory.displayPath)/\(RunDirectory.previousRunFolder)/ (its replacement failed or was killed); 'flipbook restore \(directory.displayPath)' puts it back; the next run that completes here removes it")
        }
    }

    /// Writes every output of a run from its frame store alone: the pictures, `metrics.csv`,
    /// `parameters.npz` and `report.md`, then the manifest (removing what an earlier drawing
    /// wrote and this one did not). The store is read, never written.
    static func draw(_ directory: RunDirectory, into output: RunDirectory, pictures: PictureSettings,
                     skippingUnreached: Bool = false, progress: ProgressReporter) throws {
        let store = try FrameStore.open(at: directory.store.relativePath)
        let run = store.run
        let config: RunConfig
        do {
            config = try RunConfig(json: Data(run.configJSON.utf8), source: nil)
        } catch {
            throw FrameStoreError(path: directory.store.relativePath, "run.config_json: its run settings do not read as a Flipbook configuration (\(error))")
        }
        let frames = store.frameEpochs
        // Without key epochs of its own, a drawing keeps the run's (those it recorded, if it got there).
        let keyEpochs = try resolvedKeyEpochs(pictures.keyEpochs == nil ? config.pictures : pictures, frames: frames,
                                              skippingUnreached: skippingUnreached || pictures.keyEpochs == nil,
                                              progress: progress)
        let metrics = store.metrics
        // Without a plane of its own, a drawing keeps the run's.
        let planeSettings = pictures.plane == nil ? config.pictures : pictures
        let plane = try DataPlane.resolve(planeSettings.plane, for: run.dataset, stored: run.plane, pictures: planeSettings)
        let subject = try RunSubject(directory: output, store: store, pictures: pictures, keyEpochs: keyEpochs, plane: plane)
        let drawn = try subject.render(progress: progress)
        let regression = !run.architecture.loss.isClassification
        let steps = run.stepsPerEpoch
        let tables = monotonicSeconds()
        try output.write(Data(Tables.metricsCSV(steps == nil ? metrics : store.timeline, regression: regression, stepsPerEpoch: steps).utf8),
                         named: output.metrics.lastPathComponent)
        progress.wrote(output.metrics.lastPathComponent, "\(metrics.count) epochs"
                       + (steps == nil ? "" : " and \(store.timeline.count - metrics.count) snapshots inside them"))
        var written = drawn.map(\.name) + [output.metrics.lastPathComponent]
        if let plane = subject.scene.plane {
            try output.write(Data(plane.json.utf8), named: DataPlane.fileName)
            written.append(DataPlane.fileName)
            progress.wrote(DataPlane.fileName, "the \(plane.kind) plane the pictures slice through")
        }
        if let last = frames.last, run.model == .network {
            try Tables.exportParameters(from: store, epoch: last, to: URL(fileURLWithPath: output.claim(output.parameters.lastPathComponent)))
            written.append(output.parameters.lastPathComponent)
            progress.wrote(output.parameters.lastPathComponent, "parameters after epoch \(last)")
        }
        progress.timed("tables", seconds: monotonicSeconds() - tables)
        let report = Report.markdown(run: run, config: config, metrics: metrics, pictures: drawn.map(\.name),
                                     explorer: drawn.contains { $0.explorer != nil } ? Explorer.fileName : nil)
        let pages = try progress.timing("explorer") {
            let series = ExplorerModel.Series(name: "", rows: store.timeline.map { ExplorerModel.row($0, stepsPerEpoch: steps) })
            return try Explorer.write(Explorer.Contents(title: Report.title(run), series: [series], regression: regression, keyEpochs: keyEpochs,
                                                        stepsPerEpoch: steps, pictures: pictures, report: report),
                                      animations: drawn, into: output)
        }
        for page in pages { progress.wrote(page.name, page.detail) }
        written += pages.map(\.name)
        try progress.timing("report and the list of files") {
            try output.write(Data(report.utf8), named: output.report.lastPathComponent)
            written.append(output.report.lastPathComponent)
            try output.recordOutputs(written)
        }
        progress.wrote(output.report.lastPathComponent, "\(drawn.count) pictures and the final metrics")
        progress.end(whereEverythingIs(output, files: written.count))
    }

    /// The last line of a run or a comparison: where its files are, and the one to open first.
    static func whereEverythingIs(_ directory: RunDirectory, files: Int) -> String {
        "\(files) files in \(directory.url.relativePath)/: start with report.md"
    }

    /// The key epochs to draw: those `asking` asks for, or by default the first, about 48 % and
    /// the last of the epochs actually recorded (a diverged or killed run stops early). An asked
    /// epoch that was not recorded is refused (quoting the key epochs as typed), or skipped with
    /// a note when `skippingUnreached` (a run that diverged before its own key epochs).
    static func resolvedKeyEpochs(_ asking: PictureSettings, frames: [Int], skippingUnreached: Bool,
                                  progress: ProgressReporter) throws -> [Int] {
        guard let last = frames.last else { return [] }
        let asked = asking.keyEpochs
        let recorded = Set(frames)
        if let asked, skippingUnreached, !asked.allSatisfy(recorded.contains) {
            progress.note("key epochs \(asked.filter { !recorded.contains($0) }.map(String.init).joined(separator: ", ")) were not reached; skipping their stills")
            return asked.filter(recorded.contains)
        }
        if let asked {
            if let missing = asked.first(where: { !recorded.contains($0) }) {
                throw SettingError(\PictureSettings.keyEpochs, in: asking,
                                   expected: "epochs with recorded parameters (recorded epochs run \(frames[0])…\(last); \(missing) is not one)")
            }
            return asked
        }
        var shortened = RunConfig()
        shortened.epochs = last + 1
        return shortened.resolvedKeyEpochs.filter(recorded.contains)
    }
}

extension Pipeline.TrainingSummary {
    /// Throws `TrainingDiverged` when training diverged (after everything was drawn), so that
    /// the command's exit status says so.
    public func throwIfDiverged() throws {
        if case .diverged(let epoch) = outcome { throw TrainingDiverged(epoch: epoch) }
    }
}
