import Foundation
import LinearAlgebra

/// Issue 27's side-by-side targets: `flipbook run --dataset circles --epochs 500 --views
/// boundary,loss` against `scripts/matplotlib_reference.py` (the same pictures made the usual
/// NumPy + matplotlib + Pillow way), both as separate processes on this machine's cores, for the
/// 50-frame reference run (`--frame-every 10`, goal at least 50×) and the 500-frame demo
/// (`--frame-every 1`, goal at least 150×). Flipbook is timed best of several, half before and
/// half after the script, which runs once (it takes minutes); wall and CPU seconds of each.
func runReferenceBenchmarks() {
    print("== reference: flipbook run against the NumPy + matplotlib script making the same pictures (issue 27) ==")
    let flipbook = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("flipbook").path
    let script = packageRoot.appendingPathComponent("scripts/matplotlib_reference.py").path
    guard FileManager.default.isExecutableFile(atPath: flipbook) else {
        print("no flipbook executable beside flipbook-bench (swift build -c release builds both)")
        return
    }
    guard (try? standardOutput(of: "/usr/bin/python3", ["-c", "import matplotlib, PIL, numpy"]))?.status == 0 else {
        print("/usr/bin/python3 lacks matplotlib, Pillow or NumPy (bash scripts/setup.sh installs them); skipped")
        return
    }
    print("CPU: \(cpuModelName()) (\(CPUFeatures.current.summary)), \(ProcessInfo.processInfo.activeProcessorCount) cores; load average \(loadAverageText())")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-reference-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    for (every, frames, goal, runs) in [(10, 50, 50.0, 6), (1, 500, 150.0, 4)] {
        var ours: [(wall: Double, cpu: Double)] = []
        func runFlipbook(_ attempt: Int) {
            let out = directory.appendingPathComponent("flipbook-\(every)-\(attempt)").path
            let result = quietRun(of: flipbook, ["run", "--dataset", "circles", "--epochs", "500", "--frame-every", "\(every)",
                                                 "--views", "boundary,loss", "--out", out, "-q"])
            if result.status == 0 { ours.append((result.wall, result.cpu)) } else { print("  flipbook run exited with status \(result.status)") }
        }
        (0..<runs / 2).forEach(runFlipbook)
        let before = loadAverageText()
        let python = quietRun(of: "/usr/bin/python3", [script, "--out", directory.appendingPathComponent("script-\(every)").path,
                                                       "--epochs", "500", "--frame-every", "\(every)"])
        (runs / 2..<runs).forEach(runFlipbook)
        guard python.status == 0, let best = ours.min(by: { $0.wall < $1.wall }) else {
            print("  the script exited with status \(python.status); no ratio")
            continue
        }
        let cpuBest = ours.map(\.cpu).min()!
        print(String(format: "--frame-every %d (%d frames): flipbook %.3f s wall, %.3f CPU-s (best of %d; all: %@); the script %.1f s wall, %.1f CPU-s (once; load average before it %@, after %@)",
                     every, frames, best.wall, cpuBest, ours.count, ours.map { String(format: "%.3f", $0.wall) }.joined(separator: " "),
                     python.wall, python.cpu, before, loadAverageText()))
        print(String(format: "  script / flipbook: %.0f× in wall time (goal: at least %.0f×), %.0f× in CPU time", python.wall / best.wall, goal,
                     python.cpu / cpuBest))
    }
}

/// The CPU's model name as /proc/cpuinfo gives it ("unknown" when it does not).
func cpuModelName() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
          let colon = line.firstIndex(of: ":") else { return "unknown" }
    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
}

/// The 1-, 5- and 15-minute load averages, "1.2 / 3.4 / 5.6".
func loadAverageText() -> String {
    var load = [0.0, 0, 0]
    getloadavg(&load, 3)
    return String(format: "%.1f / %.1f / %.1f", load[0], load[1], load[2])
}
