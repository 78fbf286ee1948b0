import Foundation

/// A file written under a temporary name in its destination's folder and renamed into place on
/// `commit()`: readers see the whole file or none. Dropped without a commit, it leaves nothing.
public final class AtomicFile {
    /// The destination path.
    let path: String
    /// The temporary path being written.
    let temporaryPath: String
    /// The open stream of the temporary file.
    let stream: UnsafeMutablePointer<FILE>
    private var closed = false

    /// Opens a temporary file beside `path`; throws `FileWriteError` if the folder cannot be written.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        self.path = path
        self.temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).partial").path
        guard let stream = fopen(temporaryPath, "wb") else {
            throw FileWriteError(message: "\(path): cannot write (\(systemReason()))")
        }
        self.stream = stream
        TemporaryFiles.track(temporaryPath)
    }

    /// Flushes, closes and renames the file into place.
    func commit() throws {
        guard !closed else { return }
        closed = true
        let flushed = fflush(stream) == 0 && fsync(fileno(stream)) == 0
        let closedCleanly = fclose(stream) == 0
        defer { TemporaryFiles.forget(temporaryPath) }
        guard flushed, closedCleanly, rename(temporaryPath, path) == 0 else {
            let reason = systemReason()
            unlink(temporaryPath)
            throw FileWriteError(message: "\(path): cannot write (\(reason))")
        }
    }

    /// Closes and deletes the temporary file without touching the destination.
    func discard() {
        guard !closed else { return }
        closed = true
        fclose(stream)
        unlink(temporaryPath)
        TemporaryFiles.forget(temporaryPath)
    }

    deinit { discard() }

    /// Writes `data` to `path` atomically: the file appears whole or not at all.
    public static func write(_ data: Data, to path: String) throws {
        let file = try AtomicFile(path: path)
        let written = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file.stream) }
        guard written == data.count else {
            let reason = systemReason()
            file.discard()
            throw FileWriteError(message: "\(path): cannot write (\(reason))")
        }
        try file.commit()
    }
}

/// The system's reason for error `code` (by default the last failed call's), in words; a full
/// disk says so plainly.
public func systemReason(_ code: Int32 = errno) -> String {
    code == ENOSPC || code == EDQUOT ? "the disk is full" : String(cString: strerror(code))
}

/// A file that could not be written.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}

/// An animation that came out larger than its byte limit, and was therefore not written.
public struct ByteLimitExceeded: Error, CustomStringConvertible, Sendable {
    /// The file that was not written.
    public let path: String
    /// Its size.
    public let bytes: Int
    /// The limit.
    public let limit: Int
    /// "a.gif: 2345678 bytes, over the limit of 2000000".
    public var description: String { "\(path): \(bytes) bytes, over the limit of \(limit)" }
}
