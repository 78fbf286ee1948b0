import Dispatch
import Foundation

/// The temporary files and folders this process has made and not yet committed or removed
/// (`.NAME.XXXXXXXX.partial` files, budget probes), so that a process ending early removes
/// them: on `exit`, and on SIGINT, SIGTERM and SIGHUP once `removeOnInterruption()` is called.
/// A process killed outright (SIGKILL) cannot; the next writer that finds its leftovers does.
public enum TemporaryFiles {
    private static let live = RegistryLock()

    /// Starts tracking `path`, a temporary file or folder this process has just made.
    public static func track(_ path: String) { live.withPaths { _ = $0.insert(path) } }

    /// Stops tracking `path` (it was renamed into place or removed).
    public static func forget(_ path: String) { live.withPaths { _ = $0.remove(path) } }

    /// Removes every tracked file and folder, and stops tracking them.
    public static func removeAll() {
        let paths = live.withPaths { paths in
            defer { paths.removeAll() }
            return paths
        }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Makes an interrupted process (SIGINT, SIGTERM, SIGHUP) remove its temporary files before
    /// it ends with that signal, and a process that calls `exit` remove them too. A signal the
    /// process was started with ignored (`nohup`) stays ignored. Call once, from `main`.
    public static func removeOnInterruption() {
        atexit { TemporaryFiles.removeAll() }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] where !ignoreWasAlreadySet(signalNumber) {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
            source.setEventHandler {
                removeAll()
                endBy(signalNumber)
            }
            source.resume()
            live.keep(source)
        }
    }

    /// Sets `signalNumber` to be ignored (its handler is a dispatch source) and returns true when
    /// it already was, by the process's starter.
    private static func ignoreWasAlreadySet(_ signalNumber: Int32) -> Bool {
        let before = signal(signalNumber, SIG_IGN)
        return unsafeBitCast(before, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Ends the process by `signalNumber`'s default action, as if no handler had been set. The
    /// signal is unblocked for this thread (dispatch's threads block the signals its sources
    /// read) and raised at it; should the process survive, it exits with the shell's status.
    private static func endBy(_ signalNumber: Int32) -> Never {
        signal(signalNumber, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signalNumber)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signalNumber)
        _exit(128 + signalNumber)
    }

    /// A queue of its own: the handler runs even while every worker thread is busy drawing.
    private static let signalQueue = DispatchQueue(label: "flipbook.signals")
}

/// The tracked paths and the signal sources, behind a lock.
private final class RegistryLock: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var sources: [any DispatchSourceSignal] = []

    func withPaths<R>(_ body: (inout Set<String>) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&paths)
    }

    func keep(_ source: any DispatchSourceSignal) {
        lock.lock()
        defer { lock.unlock() }
        sources.append(source)
    }
}
