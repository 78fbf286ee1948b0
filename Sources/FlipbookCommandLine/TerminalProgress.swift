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
    /// Each phase's time, kept with `--timings`.
    private let times = PhaseTimes()

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

    func timed(_ phase: String, seconds: Double) {
        if verbosity.timings { times.add(phase, seconds) }
    }

    /// With `--timings`, the time of each phase on stdout.
    func printTimings() {
        guard verbosity.timings else { return }
        lock.withLock {
            if drawsBar { StandardStreams.error("\r\u{1B}[K") }
            StandardStreams.out((["timings (wall seconds; the frames and their encoding summed over the threads that did them):"]
                                 + times.lines).joined(separator: "\n") + "\n")
        }
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
    @Flag(help: "At the end, print the time each phase took: data, training, store, each animation's frames and encoding, stills, tables, report.")
    var timings = false

    /// Runs `work` with progress on the terminal; with `--timings`, prints each phase's time
    /// after it, whether it succeeded or not.
    func reporting<T>(_ work: (TerminalProgress) throws -> T) rethrows -> T {
        let progress = TerminalProgress(self)
        defer { progress.printTimings() }
        return try work(progress)
    }

    func validate() throws {
        guard !(verbose && quiet) else { throw ValidationError("--verbose and --quiet cannot be given together") }
    }
}
