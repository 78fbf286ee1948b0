import Foundation

/// A per-process scratch directory for the files one fuzz input needs, emptied after each input.
///
/// It lives under /dev/shm when that is writable (no disk traffic), else under the temporary
/// directory, and is named after the process id so parallel fuzzers never share it.
public final class Scratch: @unchecked Sendable {
    /// The directory's path.
    public let path: String

    /// Creates (or empties) the directory for this process; `name` tells the fuzzers apart.
    public init(_ name: String) {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
        path = (base as NSString).appendingPathComponent("flipbook-fuzz-\(name)-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // A fuzzer ends through exit() (time limit, crash handler); remove the directory then too.
        Scratch.atExitPaths.append(path)
        if Scratch.atExitPaths.count == 1 {
            atexit {
                for path in Scratch.atExitPaths { try? FileManager.default.removeItem(atPath: path) }
            }
        }
    }

    nonisolated(unsafe) private static var atExitPaths: [String] = []

    /// `path/name`.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `bytes` to `path/name` and returns the file's path. The directory is made again if
    /// something removed it; a file that still cannot be written stops the fuzzer naming the reason.
    @discardableResult
    public func write(_ bytes: UnsafeBufferPointer<UInt8>, to name: String) -> String {
        let target = file(name)
        if writeFile(bytes, target) { return target }
        let first = String(cString: strerror(errno))
        try? FileManager.default.removeItem(atPath: target)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        precondition(writeFile(bytes, target), "fuzz harness: cannot write \(target) (\(first), then \(String(cString: strerror(errno))))")
        return target
    }

    private func writeFile(_ bytes: UnsafeBufferPointer<UInt8>, _ target: String) -> Bool {
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Removes everything in the directory (it stays, empty).
    public func empty() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names { try? FileManager.default.removeItem(atPath: file(name)) }
    }
}
