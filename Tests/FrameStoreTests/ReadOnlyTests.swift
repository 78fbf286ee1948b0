import Testing
import Foundation
import TestSupport
import GRDB
@testable import FrameStore

/// Reading never writes: not the store, not its WAL, not its directory; and a store held by
/// another process is reported as such.
@Suite struct ReadOnlyTests {
    /// The bytes of each file of `directory` by name (`-shm` files left out when `withoutSharedMemory`).
    static func files(in directory: URL, withoutSharedMemory: Bool = false) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where !(withoutSharedMemory && name.hasSuffix("-shm")) {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    /// Reads everything a renderer reads.
    static func readAll(_ path: String) throws -> (run: StoredRun, frames: [Int]) {
        let reader = try FrameStore.open(at: path)
        try reader.forEachFrame { _ in }
        _ = try reader.epoch(reader.metrics.count - 1)
        return (reader.run, reader.frameEpochs)
    }

    /// A finished run (the writer closed cleanly: no -wal, no -shm) in a directory nobody may
    /// write: it opens, and nothing in the directory changes or appears.
    @Test func aFinishedStoreOpensWithoutTouchingItsDirectory() throws {
        let directory = try temporaryDirectory()
        defer {
            chmod(directory.path, 0o755)
            try? FileManager.default.removeItem(at: directory)
        }
        let path = directory.appendingPathComponent("frames.sqlite").path
        do {
            let store = try FrameStore.create(at: path, run: sampleRun())
            for epoch in sampleEpochs() { try store.append(epoch) }
            try store.finish(.completed)
        }
        let before = try Self.files(in: directory)
        #expect(before.keys.sorted() == ["frames.sqlite"])
        chmod(path, 0o444)
        chmod(directory.path, 0o555)
        let (run, frames) = try Self.readAll(path)
        #expect(run.status == .completed)
        #expect(frames == [0, 1, 2, 4])
        #expect(try Self.files(in: directory) == before)
    }

    /// What `kill -9` leaves: the store and its -wal and -shm as they were after the last commit.
    /// The reader sees every committed epoch through the WAL and changes neither the store nor
    /// the WAL (SQLite may note its readers in the -shm).
    @Test func aKilledWritersStoreOpensWithEveryEpochAndStaysAsItWas() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.sqlite").path
        let killed = directory.appendingPathComponent("killed")
        try FileManager.default.createDirectory(at: killed, withIntermediateDirectories: true)
        let store = try FrameStore.create(at: path, run: sampleRun())
        for epoch in sampleEpochs() { try store.append(epoch) }
        for suffix in ["", "-wal", "-shm"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: killed.appendingPathComponent("frames.sqlite" + suffix).path)
        }
        _ = store
        let before = try Self.files(in: killed, withoutSharedMemory: true)
        #expect(before["frames.sqlite-wal"].map { !$0.isEmpty } == true)
        let (run, frames) = try Self.readAll(killed.appendingPathComponent("frames.sqlite").path)
        #expect(run.status == .running)
        #expect(frames == [0, 1, 2, 4])
        #expect(try Self.files(in: killed, withoutSharedMemory: true) == before)
    }

    /// A store another process holds locked (here a connection in exclusive locking mode) is
    /// "being written by another process", after a short wait, not "damaged".
    @Test func aLockedStoreIsReportedAsBeingWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        do {
            let store = try FrameStore.create(at: path, run: sampleRun())
            try store.append(sampleEpoch(0))
        }
        let holder = try DatabaseQueue(path: path)
        try holder.inDatabase { db in
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "BEGIN EXCLUSIVE; UPDATE run SET status = status; COMMIT")
            let start = Date()
            do {
                _ = try FrameStore.open(at: path)
                Issue.record("a locked store was read")
            } catch let error as FrameStoreError {
                #expect(error.description == "\(path): is being written by another process (the file is locked); try again when it has finished")
            }
            #expect(Date().timeIntervalSince(start) < 10)
        }
        try holder.close()
        #expect(try FrameStore.open(at: path).metrics.count == 1)
    }

    /// The writer writes the same text as before the records were typed: schema 1 is unchanged.
    @Test func theWriterKeepsTheSchemasText() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        do {
            var run = sampleRun()
            run.architecture = Architecture(layerSizes: [2, 3, 3, 1], activations: [.leakyReLU, .tanh, .identity], loss: .binaryCrossEntropy)
            let store = try FrameStore.create(at: path, run: run)
            try store.finish(.diverged(epoch: 0))
        }
        let queue = try DatabaseQueue(path: path)
        let row = try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT layer_sizes, activations, loss, status, diverged_at, kind FROM run, dataset")
        }
        #expect(row?["layer_sizes"] as String? == "[2,3,3,1]")
        #expect(row?["activations"] as String? == #"["leaky-relu","tanh","identity"]"#)
        #expect(row?["loss"] as String? == "binary-cross-entropy")
        #expect(row?["status"] as String? == "diverged")
        #expect(row?["diverged_at"] as Int? == 0)
        #expect(row?["kind"] as String? == "points2D")
        try queue.close()
        let reader = try FrameStore.open(at: path)
        #expect(reader.run.architecture.activations == [.leakyReLU, .tanh, .identity])
        #expect(reader.run.status == .diverged(epoch: 0))
    }

    /// Every name each typed record reads and writes.
    @Test func typedRecordsUseTheStoresNames() {
        #expect(Architecture.Loss.allCases.map(\.rawValue) == ["binary-cross-entropy", "softmax-cross-entropy", "mean-squared-error"])
        #expect(Architecture.Activation.allCases.map(\.rawValue) == ["identity", "relu", "leaky-relu", "sigmoid", "tanh", "softmax"])
        #expect(StoredDataset.Kind.allCases.map(\.rawValue) == ["points2D", "image", "regression1D", "table"])
        #expect([RunStatus.running, .completed, .diverged(epoch: 3)].map(\.name) == ["running", "completed", "diverged"])
        #expect(Architecture.Loss.allCases.filter(\.isClassification) == [.binaryCrossEntropy, .softmaxCrossEntropy])
        #expect(Architecture(layerSizes: [2, 16, 1], activations: [.relu, .identity], loss: .binaryCrossEntropy).description == "2 → 16 → 1")
        #expect(Architecture(layerSizes: [Int.max, 2], activations: [.identity], loss: .meanSquaredError).parameterCount == .max)
    }

    /// The reader checked every epoch when it opened; if the file changes afterwards (here under
    /// a killed writer's store, read through its WAL), reading an epoch throws naming it instead
    /// of handing over what is there now.
    @Test func anEpochChangedAfterOpeningIsRefusedNotTrusted() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: sampleRun())
        for epoch in sampleEpochs() { try store.append(epoch) }
        let reader = try FrameStore.open(at: path)
        #expect(reader.frameEpochs == [0, 1, 2, 4])
        try execute("UPDATE epoch SET parameters = X'0000c07f' WHERE epoch = 2; DELETE FROM epoch WHERE epoch = 4", on: path)
        #expect(try reader.epoch(0)?.parameters == sampleEpoch(0).parameters)
        #expect(throws: FrameStoreError.self) { try reader.epoch(2) }
        do {
            _ = try reader.epoch(2)
        } catch let error as FrameStoreError {
            #expect(error.description == "\(path): epoch 2: parameters hold 1 value; the network 2 → 3 → 1 needs 13")
        }
        do {
            _ = try reader.epoch(4)
            Issue.record("a deleted epoch was read")
        } catch let error as FrameStoreError {
            #expect(error.description == "\(path): epoch 4 is gone: the file changed after it was opened")
        }
        _ = store
    }
}
