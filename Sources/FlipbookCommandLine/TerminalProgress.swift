import ArgumentParser
import Flipbook
import Foundation

/// Progress for the command line: a bar on stderr when it is a terminal, one summary line per
/// stage on stdout, notes on stderr; `--verbose` adds a line per file written, `--quiet` keeps
/// only errors (which `main` prints).
final class TerminalProgress: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private let verbosity: Verbosity
    private let drawsBar: Bool

    /// Progress as `verbosity` asks (no bar when quiet, nor off a terminal).
    init(_ verbosity: Verbosity = Verbosity()) {
        self.verbosity = verbosity
        drawsBar = !verbosity.quiet && isatty(STDERR_FILENO) == 1
    }
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
        guard !verbosity.quiet else { return }
        lock.withLock {
            if drawsBar { StandardStreams.error("\r\u{1B}[K") }
            StandardStreams.out(summary + "\n")
        }
    }

    func wrote(_ name: String, _ detail: String) {
        guard verbosity.verbose else { return }
        end("\(name): \(detail)")
    }

    func note(_ message: String) {
        guard !verbosity.quiet else { return }
        lock.withLock {
            if drawsBar { StandardStreams.error("\r\u{1B}[K") }
            StandardStreams.error("flipbook: \(message)\n")
        }
    }
}

/// `--verbose` and `--quiet`: how much a command that writes files prints.
struct Verbosity: ParsableArguments {
    @Flag(name: [.short, .long], help: "Also list every file written, with what it holds.")
    var verbose = false
    @Flag(name: [.short, .long], help: "Print nothing but errors (the exit status tells the rest).")
    var quiet = false

    func validate() throws {
        guard !(verbose && quiet) else { throw ValidationError("--verbose and --quiet cannot be given together") }
    }
}
