import Testing
import Foundation
import TestSupport
@testable import FrameStore

func sampleRun() -> StoredRun {
    StoredRun(
        configJSON: #"{"dataset":"circles"}"#,
        architecture: Architecture(layerSizes: [2, 3, 1], activations: [.relu, .identity], loss: .binaryCrossEntropy),
        dataset: StoredDataset(name: "circles", kind: .points2D, featureCount: 2, classNames: ["outer", "inner"],
                               features: [0.5, -1, 2, 0.25, -0.125, 3], labels: [0, 1, 1], targets: [],
                               isTest: [false, true, false], mean: [0.1, 0.2], deviation: [1.5, 2.5]))
}

func sampleEpoch(_ epoch: Int) -> EpochRecord {
    EpochRecord(epoch: epoch, trainLoss: 0.7 / Double(epoch + 1), testLoss: 0.8 / Double(epoch + 1),
                trainScore: 0.5 + 0.01 * Double(epoch), testScore: 0.45, seconds: 0.001,
                parameters: (0..<13).map { Float($0) * 0.5 + Float(epoch) })
}

@Suite struct FrameStoreTests {
    @Test func writesAndReadsBackEverything() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: sampleRun())
        for epoch in 0..<5 { try store.append(sampleEpoch(epoch)) }
        try store.finish(.completed)

        let reopened = try FrameStore.open(at: path)
        var expected = sampleRun()
        expected.status = .completed
        #expect(reopened.run == expected)
        #expect(reopened.frameEpochs == [0, 1, 2, 3, 4])
        #expect(try reopened.epoch(3) == sampleEpoch(3))
        #expect(try reopened.epoch(7) == nil)
        var seen: [Int] = []
        try reopened.forEachFrame { seen.append($0.epoch); #expect($0 == sampleEpoch($0.epoch)) }
        #expect(seen == [0, 1, 2, 3, 4])
        #expect(sampleRun().architecture.parameterCount == 13)
    }

    @Test func epochsWithoutParametersKeepTheirMetricsButAreNoFrames() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: sampleRun())
        for epoch in 0..<6 {
            var record = sampleEpoch(epoch)
            if epoch % 2 == 1 { record.parameters = [] }
            try store.append(record)
        }
        let reader = try FrameStore.open(at: path)
        #expect(reader.frameEpochs == [0, 2, 4])
        #expect(reader.metrics.map(\.epoch) == Array(0..<6))
        #expect(reader.metrics.allSatisfy { $0.parameters.isEmpty })
        #expect(reader.metrics[3].trainLoss == sampleEpoch(3).trainLoss)
        #expect(try reader.epoch(3)?.parameters == [])
        #expect(try reader.epoch(4)?.parameters == sampleEpoch(4).parameters)
    }

    @Test func divergenceIsRecorded() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: sampleRun())
        try store.append(sampleEpoch(0))
        try store.finish(.diverged(epoch: 1))
        #expect(try FrameStore.open(at: path).run.status == .diverged(epoch: 1))
    }

    /// What `kill -9` leaves behind: the database and its WAL as they were after the last commit,
    /// with no checkpoint and no clean close. The copy must open with every committed epoch.
    @Test func aStoreCopiedMidRunOpensWithEveryCommittedEpoch() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: sampleRun())
        for epoch in 0..<7 { try store.append(sampleEpoch(epoch)) }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        let crashed = directory.appendingPathComponent("crashed.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: crashed)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
        let recovered = try FrameStore.open(at: crashed)
        #expect(recovered.frameEpochs == Array(0..<7))
        #expect(recovered.run.status == .running)
        #expect(try recovered.epoch(6) == sampleEpoch(6))
        _ = store
    }

    @Test func missingDamagedForeignAndNewerStoresAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none.sqlite").path
        #expect(throws: FrameStoreError.self) { try FrameStore.open(at: missing) }

        let garbage = directory.appendingPathComponent("garbage.sqlite").path
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: FrameStoreError.self) { try FrameStore.open(at: garbage) }

        let path = directory.appendingPathComponent("frames.sqlite").path
        do {
            let store = try FrameStore.create(at: path, run: sampleRun())
            for epoch in 0..<50 { try store.append(sampleEpoch(epoch)) }
        }
        // The writer's clean close checkpoints the WAL into the main file; then cut the file in half.
        let truncated = directory.appendingPathComponent("truncated.sqlite").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        do {
            let store = try FrameStore.open(at: truncated)
            // If SQLite could open the first half, reading the epochs must fail cleanly, not crash.
            #expect(throws: FrameStoreError.self) { try store.forEachFrame { _ in } }
        } catch {
            #expect(error is FrameStoreError)
        }

        let newer = directory.appendingPathComponent("newer.sqlite").path
        _ = try FrameStore.create(at: newer, run: sampleRun())
        try setUserVersion(99, at: newer)
        do {
            _ = try FrameStore.open(at: newer)
            Issue.record("a newer schema was accepted")
        } catch let error as FrameStoreError {
            #expect(error.problem == "written by a newer Flipbook (schema 99; this one reads up to \(FrameStore.schemaVersion))")
        }
    }

    /// The writer holds what it records to the reader's rules: a store it wrote always opens.
    @Test func theWriterRefusesWhatTheReaderWouldRefuse() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        var inconsistent = sampleRun()
        inconsistent.dataset.labels = [0, 2, 1]
        #expect(throws: FrameStoreError.self) { try FrameStore.create(at: path, run: inconsistent) }
        var wide = sampleRun()
        wide.architecture.layerSizes = [2, FrameStoreLimits.maximumLayerWidth + 1, 1]
        #expect(throws: FrameStoreError.self) { try FrameStore.create(at: path, run: wide) }

        let store = try FrameStore.create(at: path, run: sampleRun())
        #expect(throws: FrameStoreError.self) { try store.append(sampleEpoch(1)) }
        var short = sampleEpoch(0)
        short.parameters.removeLast()
        #expect(throws: FrameStoreError.self) { try store.append(short) }
        var infinite = sampleEpoch(0)
        infinite.parameters[3] = .infinity
        #expect(throws: FrameStoreError.self) { try store.append(infinite) }
        var unmeasured = sampleEpoch(0)
        unmeasured.testLoss = .infinity
        unmeasured.testScore = .nan
        try store.append(unmeasured)
        #expect(throws: FrameStoreError.self) { try store.finish(.diverged(epoch: 3)) }
        try store.finish(.diverged(epoch: 1))
        let reader = try FrameStore.open(at: path)
        #expect(reader.metrics[0].testLoss.isNaN)
        #expect(reader.run.status == .diverged(epoch: 1))
    }
}

private func setUserVersion(_ version: Int, at path: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=\(version)'); c.commit()", path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
}
