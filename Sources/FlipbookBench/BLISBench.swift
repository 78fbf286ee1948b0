import Foundation
import LinearAlgebra

/// The shapes of one 128-sample training step of 784 → 256 → 128 → 10: forward x·W, backward
/// xᵀδ and δWᵀ, as (name, m, n, k, transpose A, transpose B).
let stepShapes: [(String, Int, Int, Int, Bool, Bool)] = [
    ("forward  128×784 · 784×256", 128, 256, 784, false, false),
    ("forward  128×256 · 256×128", 128, 128, 256, false, false),
    ("forward  128×128 · 128×10 ", 128, 10, 128, false, false),
    ("backward xᵀδ 784×128 · 128×256", 784, 256, 128, true, false),
    ("backward δWᵀ 128×256 · 256×128", 128, 128, 256, false, true),
    ("backward xᵀδ 256×128 · 128×128", 256, 128, 128, true, false),
]

/// The GEMMs of one shard of 64 rows as training runs them (a 128-sample batch is two such
/// shards): forward x·W, backward δWᵀ, and the weight gradients xᵀδ, as (m, n, k, transpose A,
/// transpose B).
let shardShapes: [(Int, Int, Int, Bool, Bool)] = [
    (64, 256, 784, false, false), (64, 128, 256, false, false), (64, 10, 128, false, false),
    (64, 128, 10, false, true), (64, 256, 128, false, true),
    (784, 256, 64, true, false), (256, 128, 64, true, false), (128, 10, 64, true, false),
]

/// Seconds of CPU time this thread has used: unlike wall time, it does not count the time other
/// processes hold the core, so configurations can be compared on a busy machine.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Prints the BLIS configuration in use and why it was chosen.
func printBLASConfiguration() {
    let configuration = BLAS.configuration
    print("BLAS: BLIS configuration \(configuration.summary)")
    if let refusal = configuration.choice.refusal { print("BLAS: refused \(refusal)") }
}

/// Times every BLIS configuration this CPU can run with AVX2 and FMA or wider, and `generic`, on
/// one shard's GEMMs (`shardShapes`; one thread, CPU time), each in a child process (BLIS takes
/// its configuration once per process), in alternating order over three rounds: the
/// measurements behind `BLISChoice`. Prints each configuration's GFLOP/s over the whole shard,
/// then its median microseconds per GEMM.
func compareBLISConfigurations() {
    let cpu = BLAS.configuration.cpu
    let candidates = BLISConfiguration.built.filter {
        ($0.vectorLevel >= 2 && cpu.extensions.isSuperset(of: $0.needs)) || $0 == .generic
    }
    var results: [BLISConfiguration: [[Double]]] = [:]
    for round in 0..<3 {
        for index in candidates.indices {
            let candidate = candidates[(index + round) % candidates.count]
            if let figures = probeConfiguration(candidate) { results[candidate, default: []].append(figures) }
        }
    }
    print("BLIS configurations on this CPU: a training shard's GEMMs (64 rows of 784-256-128-10), GFLOP/s per thread-CPU-second, 1 thread (3 rounds, alternating); then µs per GEMM (median) in the order of `shardShapes`")
    for candidate in candidates {
        let rounds = results[candidate] ?? []
        let totals = rounds.map { $0[0] }.sorted()
        let shown = totals.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        let perShape = shardShapes.indices.map { shape in
            let times = rounds.map { $0[shape + 1] }.sorted()
            return times.isEmpty ? "-" : String(format: "%.1f", times[times.count / 2])
        }.joined(separator: " ")
        let median = totals.isEmpty ? Double.nan : totals[totals.count / 2]
        let mark = candidate == BLAS.configuration.inUse ? "  ← in use" : ""
        let name = candidate.name.padding(toLength: 12, withPad: " ", startingAt: 0)
        print("  \(name)" + String(format: "median %6.1f  (%@)  µs: %@%@", median, shown as NSString, perShape as NSString, mark as NSString))
    }
}

/// Runs this benchmark again as `blis-probe` with `BLIS_ARCH_TYPE` set, and reads its figures.
private func probeConfiguration(_ configuration: BLISConfiguration) -> [Double]? {
    guard let (output, _) = try? standardOutput(of: "/proc/self/exe", ["blis-probe"],
                                                adding: ["BLIS_ARCH_TYPE": String(configuration.rawValue)]) else { return nil }
    let figures = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
    return figures.count == shardShapes.count + 1 ? figures : nil
}

/// The child's side of `compareBLISConfigurations`: prints the shard's GEMM GFLOP/s per
/// CPU-second of this thread, then each GEMM's microseconds.
func runBLISProbe() {
    BLAS.setThreadCount(1)
    var flops = 0.0, seconds = 0.0
    var micros: [Double] = []
    for (m, n, k, ta, tb) in shardShapes {
        let rate = gemmThroughput(m: m, n: n, k: k, transposeA: ta, transposeB: tb, minimumSeconds: 0.1, clock: threadCPUSeconds)
        let work = 2 * Double(m * n * k)
        flops += work
        seconds += work / (rate * 1e9)
        micros.append(work / (rate * 1e9) * 1e6)
    }
    print(([flops / seconds / 1e9] + micros).map { String(format: "%.2f", $0) }.joined(separator: " "))
}

/// The cost of handing work to the other cores: `concurrentMap` (the worker team) against
/// Dispatch's `concurrentPerform`, for items of 100 µs of busy work, one per core; the wall time
/// beyond 100 µs, median of 500 hand-overs each, in alternating blocks of 50.
func compareHandOvers() {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let work = 100e-6
    let busyWork: @Sendable (Int) -> Void = { _ in
        let end = monotonicSeconds() + work
        while monotonicSeconds() < end {}
    }
    var team: [Double] = [], dispatch: [Double] = []
    for _ in 0..<10 {
        for _ in 0..<50 {
            let start = monotonicSeconds()
            _ = concurrentMap(cores, busyWork)
            team.append(monotonicSeconds() - start - work)
        }
        for _ in 0..<50 {
            let start = monotonicSeconds()
            DispatchQueue.concurrentPerform(iterations: cores, execute: busyWork)
            dispatch.append(monotonicSeconds() - start - work)
        }
    }
    let (t, d) = (team.sorted(), dispatch.sorted())
    print(String(format: "hand-over of %d items of 100 µs: worker team %.1f µs beyond the work (90th percentile %.1f), Dispatch %.1f µs (%.1f); median of 500 each, alternating",
                 cores, t[250] * 1e6, t[450] * 1e6, d[250] * 1e6, d[450] * 1e6))
}
