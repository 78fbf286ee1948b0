import Foundation

/// Standard output and error as a long run must treat them: possibly closed, a broken pipe or a
/// full disk. Writing never traps and never stops the work; a stream that fails once is given up
/// (progress stops) and remembered, so the exit status can say so.
enum StandardStreams {
    /// Makes the streams safe to use: ignores SIGPIPE (a closed pipe then fails a write with EPIPE
    /// instead of killing the process) and SIGXFSZ (likewise for a file over `ulimit -f`), and
    /// puts /dev/null on any of descriptors 0, 1 and 2 that is
    /// closed — otherwise the next file opened (the frame store) would take its number, and
    /// progress lines would be written into it.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)     // a file-size limit then fails the write (EFBIG), reported like a full disk
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDWR)
            if opened != descriptor, opened >= 0 { close(opened) }
            if descriptor > 0 { state.withLock { _ = $0.failed.insert(descriptor) } }
        }
    }

    /// Writes `text` to standard output, unless it failed before.
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// Writes `text` to standard error, unless it failed before.
    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    /// True when a write to standard output or error failed, or one was closed at start.
    /// (Commands write through `out` and `error`, never `print`, whose buffer would fail unseen.)
    static var failedToWrite: Bool {
        state.withLock { !$0.failed.isEmpty }
    }

    private struct State: Sendable { var failed: Set<Int32> = [] }
    private static let state = Locked(State())

    private static func write(_ text: String, to descriptor: Int32) {
        state.withLock { state in
            guard !state.failed.contains(descriptor) else { return }
            let written = Array(text.utf8).withUnsafeBytes { bytes -> Bool in
                var offset = 0
                while offset < bytes.count {
                    let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { return false }
                    offset += n
                }
                return true
            }
            if !written { state.failed.insert(descriptor) }
        }
    }
}

/// A value behind a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
