import Foundation
import FrameStore

/// Replacing the run in a directory with a new one without ever losing the last complete run:
/// the run being replaced waits in `.flipbook-previous/` until the new one is complete.
extension RunDirectory {
    /// The hidden folder where the run being replaced waits until the new one is complete.
    static let previousRunFolder = ".flipbook-previous"

    /// Writes a new run, comparison or drawing here in place of the one before: takes the
    /// writer's lock (creating the directory if needed), sets the previous run aside, starts
    /// the list of outputs, runs `body`, and discards the previous run only once `body` returns.
    ///
    /// When `body` fails, the previous run comes back unless the new one kept something of its
    /// own: a refusal (a budget measured after training) or a failure before any epoch was
    /// stored removes everything `body` wrote and puts the previous run back, leaving the
    /// directory as it was. A failure after epochs were stored (a full disk) keeps them, drawable,
    /// and keeps the previous run in `.flipbook-previous/`; the error then says how to restore it
    /// (`PreviousRunKept`). A killed process leaves it there too, and the next writer keeps it.
    public func replacingPreviousRun<T>(force: Bool = false, _ body: () throws -> T) throws -> T {
        try checkWritable(force: force)
        let created = missingDirectories()
        let lock = try lockForWriting(force: force)
        defer { withExtendedLifetime(lock) {} }
        let previous = try setAsidePreviousRun()
        let untouched = Set(entries())
        do {
            try startOutputList()
            let result = try body()
            KillPoint.check("before-discarding")
            try? FileManager.default.removeItem(at: file(Self.previousRunFolder))
            return result
        } catch {
            let added = entries().filter { !untouched.contains($0) }
            if Failure.kind(of: error) != .refused, added.contains(where: holdsRecordedEpochs) {
                throw previous.isEmpty ? error : PreviousRunKept(error, directory: displayPath)
            }
            for name in added { try? FileManager.default.removeItem(at: file(name)) }
            putBack(previous, removing: created)
            throw error
        }
    }

    /// Puts back the run that a failed or killed run left in `.flipbook-previous/`, in place of
    /// what the directory holds now (the failed run's store and listed outputs); returns the
    /// names put back. Refused when there is nothing set aside.
    public func restorePreviousRun() throws -> [String] {
        guard !givenPath.isEmpty else { throw SettingError("directory", givenPath, expected: "a run directory's path (it is empty)") }
        let aside = file(Self.previousRunFolder)
        func setAside() throws -> [String] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: aside.path), !names.isEmpty else {
                throw OutputError(path: displayPath, "holds no run to restore (no \(Self.previousRunFolder)/ folder with files: a run that failed or was killed while replacing another leaves one)")
            }
            return names
        }
        _ = try setAside()      // checked before the lock file is made, then again under the lock
        let lock = try DirectoryLock(directory: self, exclusive: true)
        defer { withExtendedLifetime(lock) {} }
        let names = try setAside()
        removeAbandonedPartialFiles()
        for name in runFiles() { try remove(name) }
        guard putBack(names, removing: []) else {
            throw WriteError(path: aside.relativePath, "could not move every file back; what is left stays in \(Self.previousRunFolder)/")
        }
        return names
    }

    /// True when the directory holds a run set aside by a run that failed or was killed.
    public var holdsSetAsideRun: Bool {
        FileManager.default.fileExists(atPath: file(Self.previousRunFolder).path)
    }

    /// Moves the run here (its listed outputs, its store, its list) into `.flipbook-previous/`
    /// and returns the names moved, after removing the half-written files a killed process left.
    /// When that folder already holds files, an earlier writer failed or was killed after setting
    /// a run aside: the folder holds the last complete run and is kept as it is, and the run here
    /// (the one that failed) is removed instead; the kept names are returned. With nothing to
    /// set aside, no folder is made.
    private func setAsidePreviousRun() throws -> [String] {
        removeAbandonedPartialFiles()
        let aside = file(Self.previousRunFolder)
        if let kept = try? FileManager.default.contentsOfDirectory(atPath: aside.path), !kept.isEmpty {
            for name in runFiles() { try remove(name) }
            return kept
        }
        try? FileManager.default.removeItem(at: aside)
        let present = runFiles().filter(has)
        guard !present.isEmpty else { return [] }
        do {
            try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: false)
        } catch {
            throw OutputError(path: aside.relativePath, "cannot set the previous run aside (\(reason(error)))")
        }
        var moved: [String] = []
        for name in present {
            guard rename(file(name).path, aside.appendingPathComponent(name).path) == 0 else {
                let problem = String(cString: strerror(errno))
                putBack(moved, removing: [])
                throw OutputError(path: file(name).relativePath, "cannot set the previous run's file aside (\(problem))")
            }
            moved.append(name)
        }
        return moved
    }

    /// Moves the set-aside files back, then removes `created`, the directories the failed run
    /// created (deepest first, each only if empty); true when every file went back. Best
    /// effort: a file that cannot be moved back stays in `.flipbook-previous/`, never removed.
    @discardableResult
    private func putBack(_ moved: [String], removing created: [String]) -> Bool {
        let aside = file(Self.previousRunFolder)
        var allBack = true
        for name in moved where rename(aside.appendingPathComponent(name).path, file(name).path) != 0 {
            allBack = false
        }
        guard allBack else { return false }
        try? FileManager.default.removeItem(at: aside)
        if !created.isEmpty { unlink(file(DirectoryLock.fileName).path) }
        for path in created { rmdir(path) }
        return true
    }

    /// True when `name` is a frame store with epochs, or a folder whose store has some (a
    /// comparison's variant): a failed run that stored epochs keeps them.
    private func holdsRecordedEpochs(_ name: String) -> Bool {
        let candidates = Self.storeFiles.contains(name) ? [file(name)] : [file(name).appendingPathComponent(Self.storeFiles[0])]
        return candidates.contains { (StoreSummary(path: $0.path)?.recordedEpochs ?? 0) > 0 }
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
}

/// A run that failed after storing epochs, whose directory still keeps the run it was replacing
/// in `.flipbook-previous/`: the error, and how to get the previous run back.
public struct PreviousRunKept: Error, CustomStringConvertible, Sendable {
    /// What ended the run.
    public let error: any Error
    /// The run directory, as the user gave it.
    public let directory: String

    /// Wraps `error`, which ended the run writing into `directory`.
    init(_ error: any Error, directory: String) {
        self.error = error
        self.directory = directory
    }

    /// The error, then where the previous run is and the command that puts it back.
    public var description: String {
        let quoted = directory.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? directory : "'\(directory)'"
        return "\(error); the run it was replacing is kept in \(directory)/\(RunDirectory.previousRunFolder)/ (flipbook restore \(quoted) puts it back)"
    }
}
