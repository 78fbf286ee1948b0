import Datasets
import Flipbook
import Foundation
import LinearAlgebra

/// Records the wall time of each epoch (training steps, evaluation and storing) and, between
/// epochs and outside their time, a short measurement of the machine's GEMM throughput right
/// then: on a host whose speed drifts, each epoch can be set against the machine as it was.
final class EpochTimer: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var last = monotonicSeconds()
    private let measureBetweenEpochs: (() -> Double)?
    private(set) var epochSeconds: [Double] = []
    /// What `measureBetweenEpochs` returned after each epoch.
    private(set) var measuredBetweenEpochs: [Double] = []

    init(measuringBetweenEpochs measure: (() -> Double)? = nil) { measureBetweenEpochs = measure }

    func begin(_ stage: String, total: Int) { lock.withLock { last = monotonicSeconds() } }
    func advance(_ done: Int) {
        lock.withLock {
            epochSeconds.append(monotonicSeconds() - last)
            if let measure = measureBetweenEpochs { measuredBetweenEpochs.append(measure()) }
            last = monotonicSeconds()
        }
    }
    func end(_ summary: String) {}
    func note(_ message: String) { print("  note: \(message)") }
}

/// The package's root folder, from this source file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Fashion-MNIST, 784 → 256 ReLU → 128 ReLU → 10, batch 128, Adam 1e-3: median epoch time next to
/// the NumPy reference (`scripts/numpy_fashion_mnist.py`) measured in the same run, the share of
/// the machine's GEMM throughput an epoch reaches, test accuracy within 20 epochs and peak memory.
func runImageBenchmarks() {
    let directory = "/usr/share/datasets/fashion-mnist"
    print("== image: Fashion-MNIST 784-256-128-10, batch 128, Adam 1e-3 ==")
    printBLASConfiguration()
    guard FileManager.default.fileExists(atPath: directory) else {
        print("skipped: \(directory) is missing (bash scripts/setup.sh --fashion-mnist installs it)")
        return
    }
    // This machine's speed drifts by tens of per cent within minutes, so NumPy runs both before
    // and after Flipbook, and its epochs are pooled: the ratio is not at the mercy of one phase.
    var numpyTimes: [Double] = []
    func runNumPy(epochs: Int) {
        let script = packageRoot.appendingPathComponent("scripts/numpy_fashion_mnist.py").path
        do {
            let (output, status) = try standardOutput(of: "/usr/bin/env", ["python3", script, directory, "\(epochs)"])
            if let last = output.split(separator: "\n").last,
               let json = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
               let times = json["epoch_seconds"] as? [Double] {
                numpyTimes += times
                print("NumPy reference epochs: " + times.map { String(format: "%.3f s", $0) }.joined(separator: ", "))
            } else {
                print("NumPy reference printed no timings (exit status \(status))")
            }
        } catch {
            print("NumPy reference failed: \(error)")
        }
    }
    runNumPy(epochs: 3)
    let throughputBefore = stepGemmThroughput()

    var config = RunConfig()
    config.dataset = "fashion-mnist"
    config.hidden = [256, 128]
    config.optimizer = .adam
    config.learningRate = 0.001
    config.batchSize = 128
    config.epochs = 20
    config.pictures.size = 240
    let runDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-fashion-\(getpid())")
    defer { try? FileManager.default.removeItem(at: runDirectory) }
    do {
        // Between epochs: the step's GEMMs as training runs them, one stream per core, briefly.
        BLAS.setThreadCount(1)
        let timer = EpochTimer { streamsGemmRate(minimumSeconds: 0.02) }
        let summary = try Pipeline.train(config, into: RunDirectory(path: runDirectory.path), progress: timer)
        let times = timer.epochSeconds.sorted()
        let median = times[times.count / 2]
        runNumPy(epochs: 3)
        let numpySorted = numpyTimes.sorted()
        let numpyMedian = numpySorted.isEmpty ? Double.nan : numpySorted[numpySorted.count / 2]
        print(String(format: "NumPy reference: median epoch %.3f s over %d epochs (3 before, 3 after Flipbook)", numpyMedian, numpySorted.count))
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "Flipbook: median epoch %.3f s over %d epochs (training, test evaluation, storing) = %.2f× NumPy (goal: at most 0.75×)",
                     median, times.count, median / numpyMedian))
        print(String(format: "test accuracy after %d epochs: %.4f (goal: at least 0.89 within 20)", summary.recordedEpochs, summary.finalTest?.score ?? .nan))
        print(String(format: "peak memory of the process: %.0f MB (goal: under 1 GiB)", Double(usage.ru_maxrss) / 1024))

        // GEMM work of one epoch against the machine's GEMM throughput at the same shapes,
        // measured before and after training; the fastest measurement is the machine's.
        let throughputAfter = stepGemmThroughput()
        print(String(format: "step GEMMs on every core: BLIS's threads %.0f then %.0f GFLOP/s, one stream per core %.0f then %.0f GFLOP/s (before, after training)",
                     throughputBefore.blisThreads, throughputAfter.blisThreads, throughputBefore.streams, throughputAfter.streams))
        let throughput = max(throughputBefore.blisThreads, throughputBefore.streams, throughputAfter.blisThreads, throughputAfter.streams)
        let epochFlops = stepGemmFlops * Double((60_000 + 127) / 128) + 2 * 10_000 * Double(784 * 256 + 256 * 128 + 128 * 10)
        func floorSeconds(at throughput: Double) -> Double { epochFlops / throughput / 1e9 }
        let floor = floorSeconds(at: throughput)
        print(String(format: "one epoch is %.1f GFLOP of dense GEMM; at the %.0f GFLOP/s this BLAS reaches on these shapes (%d cores; the best of the four above) that is %.3f s: our epoch is %.2f× that floor (goal: at most 1.5×)",
                     epochFlops / 1e9, throughput, ProcessInfo.processInfo.activeProcessorCount, floor, median / floor))
        // The same ratio epoch by epoch, each against the throughput measured right after it:
        // host noise that lasts seconds slows both alike, where the floor above is the run's best moment.
        let adjacent = zip(timer.epochSeconds, timer.measuredBetweenEpochs).map { seconds, throughput in
            seconds / floorSeconds(at: throughput)
        }.sorted()
        if let low = adjacent.first, let high = adjacent.last {
            print(String(format: "each epoch against the step GEMMs' throughput measured right after it (one stream per core, %.0f–%.0f GFLOP/s): median %.2f× its floor, %.2f–%.2f× over %d epochs",
                         timer.measuredBetweenEpochs.min() ?? .nan, timer.measuredBetweenEpochs.max() ?? .nan,
                         adjacent[adjacent.count / 2], low, high, adjacent.count))
        }
        // The bound the goal meets: an epoch can take no less than its GEMMs on this BLAS.
        print(String(format: "the GEMMs alone take %.2f× NumPy's median epoch: no dense implementation on this BLAS gets below that ratio",
                     floor / numpyMedian))
        // The loss landscape on the store's stratified sample of 4,096 training images.
        if let landscape = PictureView(rawValue: "landscape") {
            var pictures = PictureSettings(size: 240, views: [landscape])
            pictures.landscapeGrid = 25
            let start = monotonicSeconds()
            try Pipeline.render(RunDirectory(path: runDirectory.path), into: RunDirectory(path: runDirectory.path + "-landscape"),
                                pictures: pictures, progress: SilentProgress())
            print(String(format: "render --views landscape --landscape-grid 25 (25 × 25 forward passes of 784-256-128-10 over 4,096 training images, the interpolation, %d frames, the stills): %.2f s on %d cores (goal: at most 15 s)",
                         summary.recordedEpochs, monotonicSeconds() - start, ProcessInfo.processInfo.activeProcessorCount))
            try? FileManager.default.removeItem(atPath: runDirectory.path + "-landscape")
        }
    } catch {
        print("Flipbook run failed: \(error)")
    }
    // After the peak-memory figure: these read the data set again.
    if let run = try? TrainingRun(config: config) { compareEpochVariants(run) }
    if let split = try? IDXReader.read(directory: directory, name: "fashion-mnist", classNames: IDXReader.fashionClassNames) {
        compareWeightGradientKernels(images: split.train.features)
    }
}

/// The GEMMs of one training step of 784-256-128-10 on 128 samples: forward x·W, backward xᵀδ,
/// and δWᵀ except for the first layer, as (m, n, k, transpose A, transpose B).
private let stepGemmShapes: [(Int, Int, Int, Bool, Bool)] = [(784, 256), (256, 128), (128, 10)].enumerated().flatMap { index, layer in
    let (inputs, outputs) = layer
    var shapes = [(128, outputs, inputs, false, false), (inputs, outputs, 128, true, false)]
    if index > 0 { shapes.append((128, inputs, outputs, false, true)) }
    return shapes
}

/// The floating-point operations of `stepGemmShapes`.
private let stepGemmFlops = stepGemmShapes.reduce(0.0) { $0 + 2 * Double($1.0 * $1.1 * $1.2) }

/// GFLOP/s of the step's GEMMs on every core, the better of two ways to use them: BLIS's own
/// threads in each GEMM, or (as training does) one single-threaded stream of them per core at
/// the same time. Each is the work over the sum of its GEMMs' times.
private func stepGemmThroughput() -> (blisThreads: Double, streams: Double) {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    BLAS.setThreadCount(cores)
    let blisThreads = stepGemmRate()
    BLAS.setThreadCount(1)
    return (blisThreads, streamsGemmRate())
}

/// GFLOP/s of the step's GEMMs run as training runs them: one single-threaded stream per core
/// at the same time (BLIS set to one thread).
private func streamsGemmRate(minimumSeconds: Double = 0.2) -> Double {
    concurrentMap(ProcessInfo.processInfo.activeProcessorCount) { _ in stepGemmRate(minimumSeconds: minimumSeconds) }.reduce(0, +)
}

/// GFLOP/s of the step's GEMMs with BLIS's current thread count, each shape timed for at least
/// `minimumSeconds`.
private func stepGemmRate(minimumSeconds: Double = 0.2) -> Double {
    let seconds = stepGemmShapes.reduce(0.0) { total, shape in
        let (m, n, k, ta, tb) = shape
        return total + 2 * Double(m * n * k) / (gemmThroughput(m: m, n: n, k: k, transposeA: ta, transposeB: tb,
                                                                minimumSeconds: minimumSeconds) * 1e9)
    }
    return stepGemmFlops / seconds / 1e9
}
