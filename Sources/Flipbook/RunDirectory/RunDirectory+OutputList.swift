import Encoding
import Foundation
import FrameStore
import Render

/// The list of what Flipbook wrote in a run directory, `.flipbook-files`: one file or folder
/// name per line. It is the one true record of which files are Flipbook's.
///
/// A writer starts it (empty) before anything else is written, and adds each output's name just
/// before the output is written under that name (`claim`), so a process killed at any moment
/// leaves a list naming every file it made — at worst a name whose file it had not yet
/// written. When a drawing completes, the list is rewritten to exactly what it wrote. Only the
/// listed names and the store are ever removed when a run is replaced or redrawn: a user's file
/// is never removed because of its name. Stores of schema 1, written before lists existed, are
/// the one exception: their outputs are found by Flipbook's names for them.
extension RunDirectory {
    /// The list's name.
    static let outputListName = ".flipbook-files"
    /// The list's file.
    var outputList: URL { file(Self.outputListName) }

    /// The store and its SQLite companions: Flipbook's whatever the list says.
    static let storeFiles = ["frames.sqlite", "frames.sqlite-wal", "frames.sqlite-shm"]

    /// True when Flipbook wrote here before: a frame store or a list.
    var holdsFlipbookOutputs: Bool {
        FileManager.default.fileExists(atPath: store.path) || FileManager.default.fileExists(atPath: outputList.path)
    }

    /// Starts an empty list, replacing any list here.
    func startOutputList() throws {
        try AtomicFile.write(Data(), to: outputList.relativePath)
    }

    /// Adds `name` to the list and returns the path to write it at. Call before creating the
    /// file or folder; appending one short line is atomic, so parallel claims never interleave.
    func claim(_ name: String) throws -> String {
        let line = Array((name + "\n").utf8)
        let descriptor = open(outputList.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(path: outputList.relativePath, "cannot add \(name) to the list of Flipbook's files (\(systemReason()))")
        }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw WriteError(path: outputList.relativePath, "cannot add \(name) to the list of Flipbook's files (\(systemReason()))")
        }
        KillPoint.check("claim:\(name)")
        return file(name).relativePath
    }

    /// Writes `data` as the output `name`, atomically (it appears whole or not at all), listed first.
    func write(_ data: Data, named name: String) throws {
        try AtomicFile.write(data, to: claim(name))
    }

    /// The names in the list (each once); for a schema-1 store without a list, the names
    /// Flipbook gave its outputs before lists existed.
    func listedOutputs() -> [String] {
        if let text = try? String(contentsOf: outputList, encoding: .utf8) {
            var seen = Set<String>()
            return text.split(separator: "\n").map(String.init).filter { Self.isOutputName($0) && seen.insert($0).inserted }
        }
        guard StoreSummary(path: store.path)?.version == 1 else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter(Self.isSchemaOneOutputName)
    }

    /// Everything of the run here that a new run replaces: its listed outputs, its store, its list.
    func runFiles() -> [String] {
        listedOutputs() + Self.storeFiles + [outputList.lastPathComponent]
    }

    /// Rewrites the list as exactly `names`, the outputs of a completed drawing, and removes what
    /// it listed before but this drawing did not write again (stills of key epochs no longer
    /// drawn, say).
    func recordOutputs(_ names: [String]) throws {
        let kept = Set(names)
        for stale in listedOutputs() where !kept.contains(stale) && !Self.storeFiles.contains(stale) {
            try remove(stale)
        }
        try AtomicFile.write(Data((names.joined(separator: "\n") + "\n").utf8), to: outputList.relativePath)
    }

    /// Removes the run here (see `runFiles`) and the half-written files a killed process left,
    /// and starts a new list. Call with the writer's lock held, after every input was accepted.
    func startFreshRun() throws {
        for name in runFiles() { try remove(name) }
        removeAbandonedPartialFiles()
        try startOutputList()
    }

    /// Deletes the temporary `.NAME.XXXXXXXX.partial` files that a killed process left behind
    /// (outputs are written under such names and renamed when complete). Only a process alone
    /// with the directory may call it: another's partial files may be in use.
    func removeAbandonedPartialFiles() {
        for name in entries() where name.hasPrefix(".") && name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(at: file(name))
        }
    }

    /// The names in the directory (none when it cannot be read).
    func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    }

    /// True when the directory has an entry `name` (a file, a folder, or a link, even a dangling one).
    func has(_ name: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: file(name).path)) != nil
    }

    /// Removes the file or folder `name`, if there is one.
    func remove(_ name: String) throws {
        let target = file(name)
        guard has(name) else { return }
        do {
            try FileManager.default.removeItem(at: target)
        } catch {
            throw OutputError(path: target.relativePath, "cannot remove the previous run's file (\(reason(error)))")
        }
    }

    /// A name an output can have: a single file or folder name (no separators, not `.` or `..`),
    /// and none of the directory's bookkeeping (the lock, the set-aside run, the list), which a
    /// damaged list must not get removed with the run.
    private static func isOutputName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
            && ![DirectoryLock.fileName, previousRunFolder, outputListName].contains(name)
    }

    /// The names a run's outputs had before lists existed (schema 1).
    private static func isSchemaOneOutputName(_ name: String) -> Bool {
        let fixed: Set = ["decision_boundary.gif", "fit.gif", "predictions.gif", "training.gif", "loss.gif", "weights.gif",
                          "loss_curve.png", "final_predictions.png", "confusion_matrix.png", "metrics.csv",
                          "parameters.npz", "report.md"]
        let stills = ["decision_boundary_epoch_", "fit_epoch_", "predictions_epoch_", "loss_epoch_"]
        return fixed.contains(name) || (name.hasSuffix(".png") && stills.contains(where: name.hasPrefix))
    }
}
