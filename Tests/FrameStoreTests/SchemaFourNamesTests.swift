import Testing
import Foundation
import GRDB
import TestSupport
@testable import FrameStore

/// Schema 4: the features' and the target's names, and a field run's plane; stores of schema 3
/// read as before, with no names and no plane.
@Suite struct SchemaFourNamesTests {
    @Test func namesAndAPlaneReadBackAsWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var run = sampleRun()
        run.dataset.featureNames = ["petal length", "größe"]
        run.dataset.targetName = "species"
        let path = try makeLooseStore(run, epochs: sampleEpochs(), in: directory)
        let reader = try FrameStore.open(at: path)
        #expect(reader.version == 4 && reader.run.dataset.featureNames == ["petal length", "größe"] && reader.run.dataset.targetName == "species")

        var field = fieldRun()
        field.architecture = Architecture(layerSizes: [3, 1], activations: [.identity], loss: .binaryCrossEntropy)
        field.dataset.featureCount = 3
        field.dataset.kind = .table
        field.dataset.features = (0..<(3 * field.dataset.count)).map { Float($0 % 7) }
        field.dataset.mean = [0, 0, 0]
        field.dataset.deviation = [1, 1, 1]
        #expect(throws: FrameStoreError.self) { try FrameStore.check(field, path: "x") }        // 3 features need a plane
        field.plane = StoredPlane(kind: "pca", origin: [0, 0, 0], axes: [[1, 0, 0], [0, 0.6, 0.8]])
        try FrameStore.check(field, path: "x")
        let fieldPath = directory.appendingPathComponent("field.sqlite").path
        _ = try FrameStore.create(at: fieldPath, run: field)
        #expect(try FrameStore.open(at: fieldPath).run.plane == field.plane)
        field.plane = StoredPlane(kind: "pca", origin: [0, 0, 0], axes: [[1, 0, 0], [0.6, 0.8, 0]])
        #expect(throws: FrameStoreError.self) { try FrameStore.check(field, path: "x") }        // not orthogonal
        run.dataset.featureNames = ["one"]
        #expect(throws: FrameStoreError.self) { try FrameStore.check(run, path: "x") }          // one name for two features
    }

    /// A store as Flipbook wrote it before schema 4 opens with no names and no plane.
    @Test func aVersionThreeStoreStillOpensWithoutNames() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try makeLooseStore(sampleRun(), epochs: sampleEpochs(), in: directory)
        try execute("""
            ALTER TABLE run DROP COLUMN plane; ALTER TABLE dataset DROP COLUMN feature_names; ALTER TABLE dataset DROP COLUMN target_name;
            ALTER TABLE dataset DROP COLUMN training_count;
            PRAGMA user_version = 3;
            """, on: path)
        let reader = try FrameStore.open(at: path)
        #expect(reader.version == 3 && reader.run.dataset.featureNames == nil && reader.run.plane == nil)
        #expect(reader.run.dataset == sampleRun().dataset && reader.frameEpochs == [0, 1, 2, 4])
        try execute("PRAGMA user_version = 4", on: path)
        #expect(throws: FrameStoreError.self) { try FrameStore.open(at: path) }              // 4 needs its columns
    }
}
