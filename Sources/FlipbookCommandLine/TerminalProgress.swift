import Flipbook
import Foundation

/// Progress for the command line: a bar on stderr when it is a terminal, and one summary line
/// per stage on stdout either way.
final class TerminalProgress: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private let drawsBar = isatty(STDERR_FILENO) == 1
    private var stage = ""
    private var total = 0
    private var lastDrawn = -1

    func begin(_ stage: String, total: Int) {
        lock.withLock {
            self.stage = stage
            self.total = total
            lastDrawn = -1
        }
    }

    func advance(_ done: Int) {
        guard drawsBar else { return }
        lock.withLock {
            guard total > 0 else { return }
            let width = 30
            let filled = min(width, done * width / total)
            let percent = min(100, done * 100 / total)
            guard percent != lastDrawn else { return }
            lastDrawn = percent
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            StandardStreams.error("\r\(stage.padding(toLength: 24, withPad: " ", startingAt: 0)) \(bar) \(done)/\(total)\u{1B}[K")
        }
    }

    func end(_ summary: String) {
        lock.withLock {
            if drawsBar { StandardStreams.error("\r\u{1B}[K") }
            StandardStreams.out(summary + "\n")
        }
    }

    func note(_ message: String) {
        lock.withLock {
            if drawsBar { StandardStreams.error("\r\u{1B}[K") }
            StandardStreams.error("flipbook: \(message)\n")
        }
    }
}
