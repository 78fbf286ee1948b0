import Foundation

/// An advisory lock on a run directory (`flock` on its `.flipbook.lock` file): one writer, or
/// any number of readers. Released when the value is dropped, and by the system when the process
/// ends however it ends (even `kill -9`), so a stale lock never blocks a later run.
///
/// A refused process names the holder from the system's table of locks.
public final class DirectoryLock: @unchecked Sendable {
    /// The lock file's name inside the directory.
    static let fileName = ".flipbook.lock"

    private let descriptor: Int32
    /// True when no other process held the lock as it was taken: files that a killed process
    /// left half-written are then known to be abandoned.
    let wasAlone: Bool

    /// Takes the lock on `directory` without waiting: exclusive for a writer, shared for a
    /// reader. A reader never creates the lock file: where there is none (a run written before
    /// locks existed) it reads without a lock, and writes nothing to take one.
    init(directory: RunDirectory, exclusive: Bool) throws {
        let path = directory.file(Self.fileName).path
        let descriptor = open(path, (exclusive ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if !exclusive, errno == ENOENT || errno == EACCES || errno == EROFS {
                self.descriptor = -1
                wasAlone = false
                return
            }
            throw OutputError(path: directory.displayPath, "cannot take the run directory's lock (\(String(cString: strerror(errno))))")
        }
        // A reader first tries the writer's lock, to learn whether it is alone, then shares it.
        // Another reader may hold the writer's lock for that same instant: a reader retries
        // for up to a second before it concludes that a writer is at work.
        wasAlone = Self.lock(descriptor, LOCK_EX)
        guard wasAlone ? (exclusive || Self.lock(descriptor, LOCK_SH)) : !exclusive && Self.sharedLock(descriptor) else {
            let holder = Self.holder(descriptor)
            close(descriptor)
            throw OutputError(path: directory.displayPath, exclusive
                ? "is in use by another flipbook\(holder) drawing or writing this run; wait for it to finish or choose another directory"
                : "is being written by another flipbook\(holder); wait for it to finish")
        }
        self.descriptor = descriptor
    }

    private static func sharedLock(_ descriptor: Int32) -> Bool {
        for _ in 0..<100 {
            if lock(descriptor, LOCK_SH) { return true }
            usleep(10_000)
        }
        return false
    }

    private static func lock(_ descriptor: Int32, _ operation: Int32) -> Bool {
        var result: Int32
        repeat {
            result = flock(descriptor, operation | LOCK_NB)
        } while result != 0 && errno == EINTR
        return result == 0
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }     // closing releases the flock
    }

    /// " (process 1234)": the processes holding a lock on the same file, from `/proc/locks`
    /// (Linux lists every flock there with its process and the file's inode), or "".
    private static func holder(_ descriptor: Int32) -> String {
        var status = stat()
        guard fstat(descriptor, &status) == 0,
              let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return "" }
        let inode = ":\(status.st_ino)"
        let pids = table.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let device = fields.first(where: { $0.filter { $0 == ":" }.count == 2 }),
                  device.hasSuffix(inode), let index = fields.firstIndex(of: device), index > 0 else { return nil }
            return String(fields[index - 1])
        }
        let unique = Array(Set(pids)).sorted()
        guard !unique.isEmpty else { return "" }
        return unique.count == 1 ? " (process \(unique[0]))" : " (processes \(unique.joined(separator: ", ")))"
    }
}
