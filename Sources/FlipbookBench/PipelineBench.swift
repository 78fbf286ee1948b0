import Flipbook
import FrameStore
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
/// with the seconds of each stage; then a 3-variant learning-rate comparison, as a ratio to the demo.
func runPipelineBenchmarks() {
    print("== pipeline: flipbook demo end to end (\(ProcessInfo.processInfo.activeProcessorCount) cores) ==")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-demo-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        let timer = StageTimer()
        _ = try Pipeline.run(RunConfig(), into: RunDirectory(path: directory.appendingPathComponent("demo").path), progress: timer)
        let demo = monotonicSeconds() - timer.start
        print(String(format: "demo total: %.2f s (goal: under 5 s)", demo))

        print("== pipeline: compare --vary learning-rate=0.05,0.5,5 on the reference run ==")
        let compareTimer = StageTimer()
        try Comparison.run(base: RunConfig(), variations: [try Variation(parsing: "learning-rate=0.05,0.5,5")],
                           into: RunDirectory(path: directory.appendingPathComponent("compare").path), progress: compareTimer)
        let compare = monotonicSeconds() - compareTimer.start
        print(String(format: "compare total: %.2f s = %.2f× the demo (goal: under 2×)", compare, compare / demo))
        try insideViewBenchmarks(directory: directory, demo: demo)
    } catch {
        print("pipeline benchmark failed: \(error)")
    }
}

/// The demo without the views inside the network (boundary and loss: the demo before them),
/// as a ratio to the whole demo measured above; then each inside view redrawn alone from the
/// demo's store, per frame.
func insideViewBenchmarks(directory: URL, demo: Double) throws {
    print("== pipeline: the views inside the network ==")
    var before = RunConfig()
    before.pictures.views = [.boundary, .loss]
    let start = monotonicSeconds()
    _ = try Pipeline.run(before, into: RunDirectory(path: directory.appendingPathComponent("demo-boundary-loss").path), progress: SilentProgress())
    let plain = monotonicSeconds() - start
    print(String(format: "demo with boundary and loss only: %.2f s; the whole demo (with network.gif and hidden_space.gif) %.2f s = %.2f× (goal: at most 2×)",
                 plain, demo, demo / plain))
    let store = RunDirectory(path: directory.appendingPathComponent("demo").path)
    let frames = try FrameStore.open(at: store.store.path).frameEpochs.count
    for view in [PictureView.loss, .network, .hidden] {
        let out = RunDirectory(path: directory.appendingPathComponent("render-\(view.rawValue)").path)
        let begin = monotonicSeconds()
        try Pipeline.render(store, into: out, pictures: PictureSettings(views: [view]), progress: SilentProgress())
        let seconds = monotonicSeconds() - begin
        print(String(format: "render --views %@: %.2f s, %.2f ms per frame (%d frames; reading the store and the tables included)",
                     view.rawValue, seconds, 1000 * seconds / Double(max(frames, 1)), frames))
    }
}
