import Foundation

/// A test hook for the moments a run directory's bookkeeping must survive a kill: when the
/// environment variable `FLIPBOOK_TEST_KILL_AT` names one of them, the process sends itself
/// SIGKILL there (no clean-up can run, exactly as with `kill -9`), or the signal whose number
/// `FLIPBOOK_TEST_KILL_SIGNAL` gives (SIGTERM: 15), and then waits for it to take effect. Unset,
/// as it is outside the tests, each check is one environment lookup.
///
/// The names: `before-drawing` (training done, nothing drawn), `claim:NAME` (file NAME just
/// added to the list of Flipbook's files, none of its bytes written), `before-discarding`
/// (everything written, the replaced run still set aside).
enum KillPoint {
    /// The environment variable.
    static let variable = "FLIPBOOK_TEST_KILL_AT"

    /// Kills the process when the variable names `point`.
    static func check(_ point: String) {
        let environment = ProcessInfo.processInfo.environment
        guard let asked = environment[variable], asked == point else { return }
        kill(getpid(), environment["FLIPBOOK_TEST_KILL_SIGNAL"].flatMap { Int32($0) } ?? SIGKILL)
        while true { pause() }
    }
}
