import Foundation

/// Where long work reports how far it got. The command line draws a bar on a terminal and one
/// summary line per stage otherwise; tests and libraries can pass `SilentProgress`.
public protocol ProgressReporter: Sendable {
    /// A stage of `total` steps begins (`total` may be 0 when unknown).
    func begin(_ stage: String, total: Int)
    /// `done` of the stage's steps are finished.
    func advance(_ done: Int)
    /// The stage ended; `summary` says what it produced ("rendered 500 of 500 recorded epochs").
    func end(_ summary: String)
    /// A file was written: its name and what it holds ("500 frames, 1.9 MB"). The command line
    /// lists files only when asked (`--verbose`).
    func wrote(_ name: String, _ detail: String)
    /// A remark worth a line of its own (a divergence, a skipped picture).
    func note(_ message: String)
    /// `seconds` more were spent in `phase` ("training", "frames of network.gif"): wall time, or
    /// for work spread over threads the time summed over them (`--timings`).
    func timed(_ phase: String, seconds: Double)
}

extension ProgressReporter {
    /// By default a file written is a stage's summary line: "metrics.csv: 500 epochs".
    public func wrote(_ name: String, _ detail: String) { end("\(name): \(detail)") }

    /// By default times are not kept.
    public func timed(_ phase: String, seconds: Double) {}

    /// Runs `body`, adding its wall time to `phase`, less the time of the phases timed inside
    /// it on the same thread (a shared part drawn for the first animation that needs it counts
    /// as its own phase, not as that animation's).
    func timing<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = monotonicSeconds()
        let nesting = NestedPhases.ofThisThread
        nesting.inner.append(0)
        defer {
            let elapsed = monotonicSeconds() - start
            let inner = nesting.inner.removeLast()
            if !nesting.inner.isEmpty { nesting.inner[nesting.inner.count - 1] += elapsed }
            timed(phase, seconds: elapsed - inner)
        }
        return try body()
    }
}

/// The phases being timed on one thread, innermost last: the time of the phases timed inside each.
private final class NestedPhases {
    var inner: [Double] = []

    /// This thread's.
    static var ofThisThread: NestedPhases {
        let key = "flipbook.nested-phases"
        if let phases = Thread.current.threadDictionary[key] as? NestedPhases { return phases }
        let phases = NestedPhases()
        Thread.current.threadDictionary[key] = phases
        return phases
    }
}

/// The time spent in each phase of a run, in the order the phases were first timed; safe to
/// add to from any thread. What `--timings` and `flipbook-bench pipeline` print.
public final class PhaseTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var phases: [(name: String, seconds: Double)] = []

    public init() {}

    /// Adds `seconds` to `phase`.
    public func add(_ phase: String, _ seconds: Double) {
        lock.withLock {
            if let index = phases.firstIndex(where: { $0.name == phase }) {
                phases[index].seconds += seconds
            } else {
                phases.append((phase, seconds))
            }
        }
    }

    /// The seconds of `phase` so far (nil: none).
    public func seconds(of phase: String) -> Double? {
        lock.withLock { phases.first { $0.name == phase }?.seconds }
    }

    /// One line per phase, "  training                      0.085 s".
    public var lines: [String] {
        lock.withLock {
            let width = max(24, phases.map(\.name.count).max() ?? 0)
            return phases.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + String(format: " %8.3f s", $0.seconds) }
        }
    }
}

/// A reporter that reports nothing.
public struct SilentProgress: ProgressReporter {
    /// A silent reporter.
    public init() {}
    public func begin(_ stage: String, total: Int) {}
    public func advance(_ done: Int) {}
    public func end(_ summary: String) {}
    public func note(_ message: String) {}
}
