import Testing
import Foundation
import TestSupport
@testable import FrameStore

/// Schema 4: a store may keep a sample of the training examples and say how many the run
/// trained on (`dataset.training_count`); stores of version 3 still open.
@Suite struct SchemaFourTests {
    /// A run that kept 2 of its 5 training samples, and the 1 test sample.
    static func sampledRun() -> StoredRun {
        var run = sampleRun()
        run.dataset.trainingCount = 5
        return run
    }

    @Test func theTrainingCountIsWrittenAndReadBack() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: Self.sampledRun())
        try store.append(sampleEpoch(0))
        try store.finish(.completed)
        let reader = try FrameStore.open(at: path)
        #expect(reader.version == 4)
        #expect(reader.run.dataset.trainingCount == 5 && reader.run.dataset.trainedOn == 5)
        #expect(reader.run.dataset == Self.sampledRun().dataset)
        let all = try FrameStore.create(at: directory.appendingPathComponent("all.sqlite").path, run: sampleRun())
        try all.finish(.completed)
        let allRead = try FrameStore.open(at: directory.appendingPathComponent("all.sqlite").path)
        #expect(allRead.run.dataset.trainingCount == nil && allRead.run.dataset.trainedOn == 2)
    }

    /// Fewer examples trained on than are stored, or a negative count: refused by the writer and the reader.
    @Test func aTrainingCountBelowTheStoredSamplesIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var wrong = sampleRun()
        wrong.dataset.trainingCount = 1
        #expect(throws: FrameStoreError.self) { try FrameStore.check(wrong, path: "x") }
        let path = try makeLooseStore(Self.sampledRun(), epochs: sampleEpochs(), in: directory)
        for (value, problem) in [("1", "dataset.training_count 1 is less than the 2 training samples stored (is_test = 0)"),
                                 ("-3", "dataset.training_count"), ("'many'", "dataset.training_count")] {
            try execute("UPDATE dataset SET training_count = \(value)", on: path)
            do {
                _ = try FrameStore.open(at: path)
                Issue.record("training_count \(value) was accepted")
            } catch let error as FrameStoreError {
                #expect(error.problem.hasPrefix(problem), "\(error.problem)")
            }
        }
    }

    /// A store as Flipbook wrote it before schema 4: no training_count column; it reads as
    /// keeping every training sample.
    @Test func aVersionThreeStoreStillOpens() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try makeLooseStore(sampleRun(), epochs: sampleEpochs(), in: directory)
        try execute("""
            ALTER TABLE dataset DROP COLUMN training_count; ALTER TABLE dataset DROP COLUMN feature_names;
            ALTER TABLE dataset DROP COLUMN target_name; ALTER TABLE run DROP COLUMN plane; PRAGMA user_version = 3;
            """, on: path)
        let reader = try FrameStore.open(at: path)
        #expect(reader.version == 3 && reader.run.dataset == sampleRun().dataset && reader.run.dataset.trainingCount == nil)
        #expect(reader.frameEpochs == [0, 1, 2, 4])
        try execute("PRAGMA user_version = 4", on: path)
        #expect(throws: FrameStoreError.self) { try FrameStore.open(at: path) }              // 4 needs its column
    }
}
