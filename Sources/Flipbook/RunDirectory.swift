import Foundation
import Render

/// The files of one run directory, by name.
public struct RunDirectory: Sendable {
    /// The directory.
    public let url: URL
    /// The path as given (an empty one is refused when the directory is locked).
    let givenPath: String

    /// The run directory at `path`.
    public init(path: String) {
        givenPath = path
        url = URL(fileURLWithPath: path.isEmpty ? "." : path, isDirectory: true)
    }

    /// `frames.sqlite`: the frame store.
    public var store: URL { file("frames.sqlite") }
    /// `metrics.csv`: one row per epoch.
    public var metrics: URL { file("metrics.csv") }
    /// `parameters.npz`: the final parameters for NumPy.
    public var parameters: URL { file("parameters.npz") }
    /// `report.md`: every picture and the final metrics, for docs.
    public var report: URL { file("report.md") }

    /// A file in the directory.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The manifest: the names of the files and folders Flipbook wrote here, one per line. Only
    /// these (and the store) are ever removed when a run is replaced or redrawn.
    var manifest: URL { file(".flipbook-files") }

    /// Takes the directory for a new run (or comparison): creates it if needed, checks that it
    /// can be written, and takes the writer's lock, held until the lock is released.
    ///
    /// A second writer, or a reader still drawing, is refused naming its process. A directory
    /// that is not empty and holds no Flipbook run is refused unless `force`: Flipbook never
    /// writes among a user's own files by accident.
    public func lockForWriting(force: Bool = false) throws -> DirectoryLock {
        try checkWritable(force: force)
        let manager = FileManager.default
        if !manager.fileExists(atPath: url.path) { try createDirectories() }
        guard manager.isWritableFile(atPath: url.path) else {
            throw OutputError(path: displayPath, "the directory is not writable")
        }
        return try DirectoryLock(directory: self, exclusive: true)
    }

    /// Checks, without writing anything, that a run may be written here: the path is not a file,
    /// and an existing directory is empty or holds Flipbook's outputs (or `force`).
    public func checkWritable(force: Bool = false) throws {
        try checkPath()
        guard url.standardizedFileURL.lastPathComponent != Self.previousRunFolder else {
            throw SettingError("out", givenPath, expected: "a directory not named \(Self.previousRunFolder) (the name of the folder where Flipbook keeps a run it is replacing)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw OutputError(path: displayPath, "exists and is not a directory") }
        if !force, !holdsFlipbookOutputs, let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path),
           entries.contains(where: { $0 != DirectoryLock.fileName && $0 != Self.previousRunFolder }) {
            throw OutputError(path: displayPath, "is not empty and holds no Flipbook run; choose a new or empty directory, or pass --force to write among its files")
        }
    }

    /// Creates the directory and any missing parents, naming the system's reason on failure.
    private func createDirectories() throws {
        var path = ""
        for component in url.standardizedFileURL.path.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw OutputError(path: displayPath, "cannot create the directory (\(String(cString: strerror(errno))))")
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputError(path: displayPath, "cannot create the directory (a part of the path is a file)")
        }
    }

    /// Takes a reader's lock (shared with other readers, refused while a writer works): the run
    /// cannot be replaced while it is read. Nothing is written when the directory is not
    /// writable; the lock file is then used only if it exists.
    public func lockForReading() throws -> DirectoryLock {
        try checkPath()
        return try DirectoryLock(directory: self, exclusive: false)
    }

    /// True when Flipbook wrote here before: a frame store or a manifest.
    var holdsFlipbookOutputs: Bool {
        FileManager.default.fileExists(atPath: store.path) || FileManager.default.fileExists(atPath: manifest.path)
    }

    /// The names in the manifest; with `orLegacy`, for a run written before manifests existed
    /// (a store and no manifest), the names Flipbook gives its outputs.
    func recordedOutputs(orLegacy: Bool = false) -> [String] {
        if let text = try? String(contentsOf: manifest, encoding: .utf8) {
            return text.split(separator: "\n").map(String.init).filter(Self.isPlainName)
        }
        guard orLegacy, FileManager.default.fileExists(atPath: store.path) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter(Self.isLegacyOutputName)
    }

    /// Removes everything the previous run here wrote (its outputs, its store and files a killed
    /// process left half-written), so that a new run replaces it as a whole. Call with the
    /// writer's lock held, after every input has been accepted.
    public func removePreviousRun() throws {
        for name in recordedOutputs(orLegacy: true) + ["frames.sqlite", "frames.sqlite-wal", "frames.sqlite-shm", ".flipbook-files"] {
            try remove(name)
        }
        removeAbandonedPartialFiles()
    }

    /// The hidden folder where the run being replaced waits until the new one is complete.
    static let previousRunFolder = ".flipbook-previous"

    /// Writes a new run, comparison or drawing here in place of the one before: takes the
    /// writer's lock (creating the directory if needed), sets the previous run's files aside,
    /// runs `body`, and then discards them. When `body` refuses its input (a budget measured only after training),
    /// everything it wrote is removed and the previous run is put back, so that a refused command
    /// leaves the directory as it found it; any other ending keeps what `body` wrote. A killed
    /// process leaves the set-aside files in `.flipbook-previous/`, which the next writer removes.
    public func replacingPreviousRun<T>(force: Bool = false, _ body: () throws -> T) throws -> T {
        try checkWritable(force: force)
        let created = missingDirectories()
        let lock = try lockForWriting(force: force)
        defer { withExtendedLifetime(lock) {} }
        let previous = try setAsidePreviousRun()
        let untouched = Set(entries())
        do {
            let result = try body()
            try? FileManager.default.removeItem(at: file(Self.previousRunFolder))
            return result
        } catch let error where Failure.kind(of: error) == .refused {
            for name in entries() where !untouched.contains(name) { try? FileManager.default.removeItem(at: file(name)) }
            putBack(previous, removing: created)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: file(Self.previousRunFolder))
            throw error
        }
    }

    /// Moves everything the previous run here wrote (its outputs, its store, its manifest) into
    /// `.flipbook-previous/`, and removes what a killed process left (half-written files, an
    /// older set-aside run); returns the names moved.
    private func setAsidePreviousRun() throws -> [String] {
        removeAbandonedFiles()
        let aside = file(Self.previousRunFolder)
        do {
            try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: false)
        } catch {
            throw OutputError(path: aside.relativePath, "cannot set the previous run aside (\(reason(error)))")
        }
        let names = recordedOutputs(orLegacy: true) + ["frames.sqlite", "frames.sqlite-wal", "frames.sqlite-shm", ".flipbook-files"]
        var moved: [String] = []
        for name in names where FileManager.default.fileExists(atPath: file(name).path) {
            guard rename(file(name).path, aside.appendingPathComponent(name).path) == 0 else {
                let problem = String(cString: strerror(errno))
                putBack(moved, removing: [])
                throw OutputError(path: file(name).relativePath, "cannot set the previous run's file aside (\(problem))")
            }
            moved.append(name)
        }
        return moved
    }

    /// Moves the set-aside files back, then removes `created`, the directories the refused run
    /// created (deepest first, each only if empty). Best effort: a file that cannot be moved back
    /// stays in `.flipbook-previous/`, never removed.
    private func putBack(_ moved: [String], removing created: [String]) {
        let aside = file(Self.previousRunFolder)
        var allBack = true
        for name in moved where rename(aside.appendingPathComponent(name).path, file(name).path) != 0 {
            allBack = false
        }
        guard allBack else { return }
        try? FileManager.default.removeItem(at: aside)
        if !created.isEmpty { unlink(file(DirectoryLock.fileName).path) }
        for path in created { rmdir(path) }
    }

    /// The names in the directory (none when it cannot be read).
    private func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    }

    /// The directories on the way to this one that do not exist yet, deepest first.
    private func missingDirectories() -> [String] {
        var missing: [String] = []
        var path = url.standardizedFileURL
        while path.path != "/", !FileManager.default.fileExists(atPath: path.path) {
            missing.append(path.path)
            path = path.deletingLastPathComponent()
        }
        return missing
    }

    /// Records `names` as what Flipbook wrote here, and removes what the manifest listed before
    /// but this drawing did not write again (stills of key epochs no longer drawn, say).
    func recordOutputs(_ names: [String]) throws {
        let kept = Set(names)
        for stale in recordedOutputs() where !kept.contains(stale) && stale != "frames.sqlite" {
            try remove(stale)
        }
        try writeOutput(Data((names.joined(separator: "\n") + "\n").utf8), to: manifest)
    }

    /// Deletes the temporary `.NAME.XXXXXXXX.partial` files that a killed process left behind
    /// (outputs are written under such names and renamed when complete). Only a writer, holding
    /// the exclusive lock, may call it: a reader's partial files may be in use.
    func removeAbandonedPartialFiles() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(at: file(name))
        }
    }

    /// Deletes everything a killed process left: half-written files, and the run it had set
    /// aside to replace (its own run, complete or not, is what the directory now holds). Only a
    /// process alone with the directory may call it.
    func removeAbandonedFiles() {
        removeAbandonedPartialFiles()
        try? FileManager.default.removeItem(at: file(Self.previousRunFolder))
    }

    /// The path as the user gave it, for messages.
    var displayPath: String { url.relativePath }

    private func checkPath() throws {
        guard !givenPath.isEmpty else { throw SettingError("out", givenPath, expected: "a directory path (it is empty)") }
    }

    private func remove(_ name: String) throws {
        let target = file(name)
        guard FileManager.default.fileExists(atPath: target.path) else { return }
        do {
            try FileManager.default.removeItem(at: target)
        } catch {
            throw OutputError(path: target.relativePath, "cannot remove the previous run's file (\(reason(error)))")
        }
    }

    /// A single file or folder name: no separators, not `.` or `..`.
    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
    }

    /// The names of a run's outputs before manifests were written.
    private static func isLegacyOutputName(_ name: String) -> Bool {
        let fixed: Set = ["decision_boundary.gif", "fit.gif", "predictions.gif", "training.gif", "loss.gif", "weights.gif",
                          "loss_curve.png", "final_predictions.png", "confusion_matrix.png", "metrics.csv",
                          "parameters.npz", "report.md"]
        let stills = ["decision_boundary_epoch_", "fit_epoch_", "predictions_epoch_", "loss_epoch_"]
        return fixed.contains(name) || (name.hasSuffix(".png") && stills.contains(where: name.hasPrefix))
    }
}

/// Writes `data` to `url` atomically (a temporary file, then a rename): it appears whole or not
/// at all. A failure (a full disk) is a `RenderError` naming the file and the reason.
func writeOutput(_ data: Data, to url: URL) throws {
    try AtomicFile.write(data, to: url.relativePath)
}

/// The operating system's reason for a file error, in words.
func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
}
