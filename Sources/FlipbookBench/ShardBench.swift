import Flipbook
import Foundation
import LinearAlgebra
import Neural

/// Shard sizes and hand-overs of the data parallelism on the image benchmark's run: one
/// Fashion-MNIST epoch (training steps and the test pass) with batches of 128 cut into shards of
/// 64 rows (what training uses), 32, or 128 (one shard: phase 1 on one thread), the work handed
/// to the other core by the worker team, and 64 with Dispatch instead; in alternating order over
/// three rounds, wall seconds and the process's CPU seconds per epoch.
func compareEpochVariants(_ run: TrainingRun) {
    let variants: [(name: String, shardSize: Int, team: Bool)] = [
        ("shards of 64, worker team", 64, true), ("shards of 64, Dispatch", 64, false),
        ("shards of 32, worker team", 32, true), ("shards of 128, worker team", 128, true),
    ]
    var wall: [[Double]] = Array(repeating: [], count: variants.count), cpu = wall
    for round in 0..<3 {
        for offset in variants.indices {
            let index = (offset + round) % variants.count
            workerTeamEnabled.store(variants[index].team, ordering: .relaxed)
            guard let (seconds, cpuSeconds) = try? timeEpoch(run, shardSize: variants[index].shardSize) else { continue }
            wall[index].append(seconds)
            cpu[index].append(cpuSeconds)
        }
    }
    workerTeamEnabled.store(true, ordering: .relaxed)
    print("data parallelism (one epoch, batch 128, Adam; 3 rounds alternating): wall s and process CPU s per epoch")
    for (index, variant) in variants.enumerated() {
        let w = wall[index].map { String(format: "%.2f", $0) }.joined(separator: ", ")
        let c = cpu[index].map { String(format: "%.2f", $0) }.joined(separator: ", ")
        print("  \(variant.name): wall \(w); CPU \(c)")
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
