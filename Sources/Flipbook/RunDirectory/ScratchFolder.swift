import Encoding
import Foundation
import Render

/// A folder of this process's own in the system's temporary directory,
/// `flipbook-KIND-<uuid>/`, for drawings that are measured and thrown away (budget probes).
///
/// It is locked while in use (as a run directory is) and removed when dropped, on exit, and on
/// SIGINT, SIGTERM or SIGHUP. One that a killed process left behind is removed by the next
/// process that makes a folder of the same kind: its lock is free once its process is gone.
final class ScratchFolder {
    /// The folder, as a run directory to draw into.
    let directory: RunDirectory
    private let lock: DirectoryLock

    /// Makes a new scratch folder of `kind` ("budget"), after removing abandoned ones.
    init(kind: String) throws {
        Self.removeAbandoned(kind: kind)
        let url = Self.parent.appendingPathComponent("\(Self.prefix(kind))\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: url.path, "cannot make a temporary folder (\(reason(error)))")
        }
        TemporaryFiles.track(url.path)
        directory = RunDirectory(path: url.path)
        do {
            lock = try DirectoryLock(directory: directory, exclusive: true)
        } catch {
            TemporaryFiles.forget(url.path)
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory.url)
        TemporaryFiles.forget(directory.url.path)
    }

    /// Removes the scratch folders of `kind` whose process is gone: their lock can be taken. A
    /// folder without a lock file is another process's just being made, unless it is over a
    /// minute old (its process died before locking it).
    static func removeAbandoned(kind: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(prefix(kind)) {
            let folder = RunDirectory(path: parent.appendingPathComponent(name).path)
            let lockFile = folder.file(DirectoryLock.fileName).path
            if FileManager.default.fileExists(atPath: lockFile) {
                guard let lock = try? DirectoryLock(directory: folder, exclusive: true) else { continue }
                try? FileManager.default.removeItem(at: folder.url)
                withExtendedLifetime(lock) {}
            } else if let made = (try? FileManager.default.attributesOfItem(atPath: folder.url.path))?[.modificationDate] as? Date,
                      made.timeIntervalSinceNow < -60 {
                try? FileManager.default.removeItem(at: folder.url)
            }
        }
    }

    private static func prefix(_ kind: String) -> String { "flipbook-\(kind)-" }

    /// The system's temporary directory (`TMPDIR`, or /tmp).
    static var parent: URL { FileManager.default.temporaryDirectory }
}

/// Makes an interrupted process (SIGINT, SIGTERM, SIGHUP) or one that exits early remove the
/// temporary files and folders it was writing, and removes the scratch folders that killed
/// processes left behind. Call once, first thing in `main`.
public func takeCareOfTemporaryFiles() {
    TemporaryFiles.removeOnInterruption()
    ScratchFolder.removeAbandoned(kind: SizeBudget.scratchKind)
}
