import Flipbook
import Foundation

/// Prints each stage's summary with the seconds since the previous one.
final class StageTimer: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var last = monotonicSeconds()
    let start = monotonicSeconds()

    func begin(_ stage: String, total: Int) {}
    func advance(_ done: Int) {}
    func note(_ message: String) { print("  note: \(message)") }
    func end(_ summary: String) {
        lock.withLock {
            let now = monotonicSeconds()
            print(String(format: "  %6.2f s  %@", now - last, summary))
            last = now
        }
    }
}

/// The demo end to end — training, the three animations, the stills, the tables and the report —
/// with the seconds of each stage.
func runPipelineBenchmarks() {
    print("== pipeline: flipbook demo end to end (\(ProcessInfo.processInfo.activeProcessorCount) cores) ==")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-demo-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        let timer = StageTimer()
        _ = try Pipeline.run(RunConfig(), into: RunDirectory(path: directory.path), progress: timer)
        print(String(format: "demo total: %.2f s (goal: under 5 s)", monotonicSeconds() - timer.start))
    } catch {
        print("pipeline benchmark failed: \(error)")
    }
}
