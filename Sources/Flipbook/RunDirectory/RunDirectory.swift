import Foundation
import Render

/// The files of one run directory, by name: the run's store, its outputs, the list of what
/// Flipbook wrote here (`RunDirectory+OutputList.swift`), and the replaced run set aside until
/// the new one is complete (`RunDirectory+Replacing.swift`).
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

    /// The path as the user gave it, for messages.
    var displayPath: String { url.relativePath }

    func checkPath() throws {
        guard !givenPath.isEmpty else { throw SettingError("out", givenPath, expected: "a directory path (it is empty)") }
    }
}

/// The operating system's reason for a file error, in words.
func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
}
