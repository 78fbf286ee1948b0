/// Where long work reports how far it got. The command line draws a bar on a terminal and one
/// summary line per stage otherwise; tests and libraries can pass `SilentProgress`.
public protocol ProgressReporter: Sendable {
    /// A stage of `total` steps begins (`total` may be 0 when unknown).
    func begin(_ stage: String, total: Int)
    /// `done` of the stage's steps are finished.
    func advance(_ done: Int)
    /// The stage ended; `summary` says what it produced ("decision_boundary.gif: 500 frames, 1.9 MB").
    func end(_ summary: String)
    /// A remark worth a line of its own (a divergence, a skipped picture).
    func note(_ message: String)
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
