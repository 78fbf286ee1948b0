import Flipbook
import Foundation
import LinearAlgebra
import Neural

/// Seconds since an arbitrary origin, from the monotonic clock.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// The median of `runs` timings of `body`, in seconds.
func medianSeconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = monotonicSeconds()
        try body()
        times.append(monotonicSeconds() - start)
    }
    return times.sorted()[times.count / 2]
}

/// GEMM throughput of `op(A) · op(B)` for an m×n result with inner size k, in GFLOP/s.
/// `clock` is wall time unless given.
func gemmThroughput(m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
                    minimumSeconds: Double = 0.3, clock: () -> Double = monotonicSeconds) -> Double {
    let a: Matrix<Float> = transposeA ? filled(k, m) : filled(m, k)
    let b: Matrix<Float> = transposeB ? filled(n, k) : filled(k, n)
    var c = Matrix<Float>(rows: m, columns: n)
    gemm(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)   // warm-up
    var calls = 0
    let start = clock()
    var elapsed = 0.0
    repeat {
        gemm(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
        calls += 1
        elapsed = clock() - start
    } while elapsed < minimumSeconds
    return 2 * Double(m) * Double(n) * Double(k) * Double(calls) / elapsed / 1e9
}

private func filled(_ rows: Int, _ columns: Int) -> Matrix<Float> {
    var generator = SeededGenerator(seed: 1)
    return Matrix(rows: rows, columns: columns, elements: (0..<rows * columns).map { _ in Float(generator.nextUniform(-1, 1)) })
}

/// The core figures: the reference run's epochs per second, and GEMM GFLOP/s at the shapes of a
/// 784-256-128-10 batch of 128 next to 2048³, on one thread and on every core.
func runCoreBenchmarks() {
    print("== core (BLAS: \(BLAS.name), \(ProcessInfo.processInfo.activeProcessorCount) cores) ==")
    printBLASConfiguration()

    BLAS.setThreadCount(1)
    let config = RunConfig()
    do {
        let run = try TrainingRun(config: config)
        var finalAccuracy = 0.0
        let seconds = try medianSeconds(runs: 5) {
            _ = try run.fit { snapshot in finalAccuracy = snapshot.test.score }
        }
        print(String(format: "reference run (circles 1000, 2-16-1, full-batch GD, %d epochs): %.3f s, %.0f epochs/s, test accuracy %.3f (median of 5)",
                     run.config.resolvedEpochs, seconds, Double(run.config.resolvedEpochs) / seconds, finalAccuracy))
        compareReferenceRunWithNumPy()
    } catch {
        print("reference run failed: \(error)")
    }

    let cores = ProcessInfo.processInfo.activeProcessorCount
    print("sgemm GFLOP/s                       1 thread   \(cores) threads")
    for (name, m, n, k, ta, tb) in stepShapes {
        BLAS.setThreadCount(1)
        let one = gemmThroughput(m: m, n: n, k: k, transposeA: ta, transposeB: tb)
        BLAS.setThreadCount(cores)
        let all = gemmThroughput(m: m, n: n, k: k, transposeA: ta, transposeB: tb)
        print(String(format: "%-34@ %8.1f %10.1f", name as NSString, one, all))
    }
    BLAS.setThreadCount(1)
    let big1 = gemmThroughput(m: 2048, n: 2048, k: 2048, minimumSeconds: 1)
    BLAS.setThreadCount(cores)
    let bigAll = gemmThroughput(m: 2048, n: 2048, k: 2048, minimumSeconds: 1)
    print(String(format: "%-34@ %8.1f %10.1f", "square 2048³" as NSString, big1, bigAll))
    BLAS.setThreadCount(1)
    compareHandOvers()
    compareBLISConfigurations()
}

/// The reference run trained end to end as `flipbook run` trains it (the store created, every
/// epoch's metrics and record written, the run finished), best of 5, beside the same maths as a
/// NumPy loop (`scripts/numpy_reference_run.py`: float32, full batch, metrics every epoch, no
/// store), best of 5, in the same run; `rounds` times in alternation (the figures are the best of
/// every round). Goals (issue 27): at most 30 ms, at least 3× NumPy.
func compareReferenceRunWithNumPy(rounds: Int = 1) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-train-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = packageRoot.appendingPathComponent("scripts/numpy_reference_run.py").path
    var ours: [Double] = [], numpy: [Double] = []
    var fastest: (seconds: Double, phases: StageTimer)?
    for round in 0..<rounds {
        var times: [Double] = []
        for attempt in 0..<5 {
            let run = RunDirectory(path: directory.appendingPathComponent("run-\(round)-\(attempt)").path)
            let timer = StageTimer()
            let start = monotonicSeconds()
            guard (try? Pipeline.train(RunConfig(), into: run, progress: QuietTimer(timer))) != nil else {
                print("reference run through the store failed")
                return
            }
            times.append(monotonicSeconds() - start)
            if times.last! < fastest?.seconds ?? .infinity { fastest = (times.last!, timer) }
        }
        ours.append(times.min()!)
        if let (output, _) = try? standardOutput(of: "/usr/bin/python3", [script, "5"]),
           let json = try? JSONSerialization.jsonObject(with: Data((output.split(separator: "\n").last ?? "").utf8)) as? [String: Any],
           let best = json["best_seconds"] as? Double {
            numpy.append(best)
        }
        if rounds > 1 {
            print(String(format: "  round %d: ours %.1f ms, NumPy %@", round + 1, 1000 * ours[round],
                         numpy.count > round ? String(format: "%.1f ms", 1000 * numpy[round]) : "did not run"))
        }
    }
    // The parts: preparing the run (data, network), and its training alone (no store, a snapshot
    // handed to an observer that keeps the last), best of 5 each.
    var preparing: [Double] = [], fitting: [Double] = []
    for _ in 0..<5 {
        let start = monotonicSeconds()
        guard let run = try? TrainingRun(config: RunConfig()) else { return }
        let prepared = monotonicSeconds()
        var last: Snapshot<Float>?
        _ = try? run.fit { last = $0 }
        fitting.append(monotonicSeconds() - prepared)
        preparing.append(prepared - start)
        _ = last
    }
    if let fastest, rounds > 1 {
        print("  the fastest run's phases:")
        for line in fastest.phases.phases.lines { print("  " + line) }
    }
    print(String(format: "  of which: the data and network %.1f ms, the training alone (its epochs, no store) %.1f ms (best of 5 each)",
                 1000 * preparing.min()!, 1000 * fitting.min()!))
    let best = ours.min()!
    let of = rounds > 1 ? "best of \(5 * rounds) in \(rounds) rounds" : "best of 5"
    guard let numpyBest = numpy.min() else {
        print(String(format: "reference run with its store: %.1f ms (%@; goal at most 30 ms); the NumPy loop did not run", 1000 * best, of))
        return
    }
    print(String(format: "reference run with its store: %.1f ms (%@; goal at most 30 ms); the same maths as a NumPy loop (no store): %.1f ms (%@); NumPy/ours %.1f× (goal at least 3×)",
                 1000 * best, of, 1000 * numpyBest, of, numpyBest / best))
}

/// Where threads start to pay: circles (800 training points) through 2 → h → h → 1 for growing
/// widths h, trained on one thread (no shards) and in shards of 64 rows on every core, alternating,
/// full batch and batches of 128; the faster of 3 each. `TrainingRun.trainer` shards a network
/// whose shard of 64 rows is at least 4 Mi multiply-adds (64 Ki weights in all).
func compareOneThreadWithShards() {
    guard let run = try? TrainingRun(config: RunConfig()), let rule = try? GradientDescent<Float>(learningRate: 0.05) else { return }
    print("one thread against shards of 64 rows on \(ProcessInfo.processInfo.activeProcessorCount) cores (circles, 800 training points, 2-h-h-1, 20 epochs, faster of 3):")
    print("  h    weights in all (shards from 64 Ki)  full batch: one thread, shards   batches of 128: one thread, shards")
    for width in [16, 32, 64, 128, 181, 256] {
        var cells: [String] = []
        for batch in [0, 128] {
            var best = [Double.infinity, .infinity]
            for _ in 0..<3 {
                for (index, shards) in [0, 64].enumerated() {
                    guard var network = try? Network<Float>(inputSize: 2, hiddenSizes: [width, width], outputSize: 1, hiddenActivation: .relu,
                                                            loss: .binaryCrossEntropy, seed: 1),
                          let trainer = try? Trainer(epochs: 20, batchSize: batch, shardSize: shards) else { return }
                    let start = monotonicSeconds()
                    _ = trainer.fit(&network, optimizer: rule, train: run.train, test: run.test) { _ in }
                    best[index] = min(best[index], monotonicSeconds() - start)
                }
            }
            cells.append(String(format: "%7.1f ms %7.1f ms (%.2f×)", 1000 * best[0], 1000 * best[1], best[1] / best[0]))
        }
        print(String(format: "  %-4d %-35d %@     %@", width, 2 * width + width * width + width, cells[0] as NSString, cells[1] as NSString))
    }
}
