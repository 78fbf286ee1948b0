import Flipbook
import Foundation
import LinearAlgebra
import Neural

/// Shard sizes of the data parallelism on the image benchmark's run: one Fashion-MNIST epoch
/// (training steps and the test pass) with batches of 128 cut into shards of 32, 64 (what
/// training uses) or 128 rows (one shard: phase 1 on one thread), in alternating order over three
/// rounds; wall seconds and the process's CPU seconds per epoch.
func compareShardSizes(_ run: TrainingRun) {
    let sizes = [64, 32, 128]
    var wall: [Int: [Double]] = [:], cpu: [Int: [Double]] = [:]
    for round in 0..<3 {
        for index in sizes.indices {
            let size = sizes[(index + round) % sizes.count]
            guard let (seconds, cpuSeconds) = try? timeEpoch(run, shardSize: size) else { continue }
            wall[size, default: []].append(seconds)
            cpu[size, default: []].append(cpuSeconds)
        }
    }
    print("shard sizes (one epoch, batch 128, Adam; 3 rounds alternating): wall s and process CPU s per epoch")
    for size in sizes {
        let w = (wall[size] ?? []).map { String(format: "%.2f", $0) }.joined(separator: ", ")
        let c = (cpu[size] ?? []).map { String(format: "%.2f", $0) }.joined(separator: ", ")
        print("  shards of \(size) rows: wall \(w); CPU \(c)")
    }
}

/// One epoch from the run's initial network with shards of `shardSize` rows.
private func timeEpoch(_ run: TrainingRun, shardSize: Int) throws -> (Double, Double) {
    var network = run.initialNetwork
    let trainer = try Trainer(epochs: 1, batchSize: 128, shuffleSeed: 0, shardSize: shardSize)
    let optimizer = try Adam<Float>(learningRate: 0.001)
    let (wallStart, cpuStart) = (monotonicSeconds(), processCPUSeconds())
    _ = trainer.fit(&network, optimizer: optimizer, train: run.train, test: run.test) { _ in }
    return (monotonicSeconds() - wallStart, processCPUSeconds() - cpuStart)
}

/// User and system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
