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
}

extension ProgressReporter {
    /// By default a file written is a stage's summary line: "metrics.csv: 500 epochs".
    public func wrote(_ name: String, _ detail: String) { end("\(name): \(detail)") }
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
