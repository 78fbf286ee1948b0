import Testing
import Foundation
import FrameStore
import GRDB
import Neural
@testable import Flipbook

/// Stores as the renderer meets them: written by an older Flipbook, damaged, or tampered with.
@Suite struct StoreValidationTests {
    /// Every file of a directory but the store, by name, with its bytes.
    static func outputs(of directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where !name.hasPrefix("frames.sqlite") {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    /// Runs `sql` on the store with a plain read-write connection, as someone editing the file would.
    static func tamper(_ store: URL, _ sql: String) throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    @Test(arguments: StoreFixture.allCases)
    func storesWrittenBeforeValidationStillRender(fixture: StoreFixture) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent(fixture.rawValue)
        try fixture.materialize(in: run)
        try Pipeline.writeOutputs(of: RunDirectory(path: run.path), size: 160, progress: SilentProgress())
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
        for name in ["loss.gif", "loss_curve.png", "metrics.csv", "report.md"] {
            #expect(names.contains(name), "\(fixture): \(name) missing from \(names)")
        }
        let picture = switch fixture {
        case .circles, .spiral: "decision_boundary.gif"
        case .sine: "fit.gif"
        case .image: "predictions.gif"
        case .table: "loss.gif"
        }
        #expect(names.contains(picture), "\(fixture): \(picture) missing from \(names)")
    }

    /// One epoch's parameters cut short: `render` at another size must refuse before it writes
    /// anything, naming the epoch, and leave every earlier picture as it was.
    @Test func aDamagedEpochIsRefusedBeforeAnyFileIsWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.size = 160
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let before = try Self.outputs(of: run.url)
        #expect(before.keys.contains("decision_boundary_epoch_000.png"))
        try Self.tamper(run.store, "UPDATE epoch SET parameters = substr(parameters, 1, 40) WHERE epoch = 29")
        do {
            try Pipeline.writeOutputs(of: run, size: 200, progress: SilentProgress())
            Issue.record("a store with a cut-short epoch was rendered")
        } catch let error as FrameStoreError {
            #expect(error.description.contains("epoch 29"), "\(error)")
            #expect(error.description.contains("parameters"), "\(error)")
            #expect(error.description.hasPrefix(run.store.relativePath + ": "), "\(error)")
        }
        let after = try Self.outputs(of: run.url)
        #expect(Set(after.keys) == Set(before.keys))
        for (name, bytes) in before {
            #expect(after[name] == bytes, "\(name) changed")
        }
    }

    /// Float32 values as a little-endian BLOB.
    static func blob(_ values: [Float]) -> Data {
        values.map(\.bitPattern.littleEndian).withUnsafeBytes { Data($0) }
    }

    /// Stores that keep every rule yet push the pictures to their edges: points that all sit at
    /// 10³⁰ (no width to draw), parameters near Float's largest (fields and curves overflow to
    /// NaN). They must render, not trap.
    @Test(arguments: [StoreFixture.circles, .spiral, .sine])
    func extremeButValidStoresRender(fixture: StoreFixture) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let store = try fixture.materialize(in: run)
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            let (n, d) = try Row.fetchOne(db, sql: "SELECT sample_count, feature_count FROM dataset").map { ($0[0] as Int, $0[1] as Int) } ?? (0, 0)
            try db.execute(sql: "UPDATE dataset SET features = ?", arguments: [Self.blob(Array(repeating: 1e30, count: n * d))])
            if fixture == .sine {
                try db.execute(sql: "UPDATE dataset SET targets = ?", arguments: [Self.blob(Array(repeating: -1e30, count: n))])
            }
            for row in try Row.fetchAll(db, sql: "SELECT epoch, length(parameters) FROM epoch WHERE parameters IS NOT NULL") {
                let count = (row[1] as Int) / 4
                let huge = (0..<count).map { $0 % 2 == 0 ? Float.greatestFiniteMagnitude : -Float.greatestFiniteMagnitude }
                try db.execute(sql: "UPDATE epoch SET parameters = ? WHERE epoch = ?", arguments: [Self.blob(huge), row[0] as Int])
            }
        }
        try queue.close()
        try Pipeline.writeOutputs(of: RunDirectory(path: run.path), size: 160, progress: SilentProgress())
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("final_predictions.png").path))
    }

    /// A layer as wide as a store allows would need rows × width floats for the whole grid at once;
    /// the scene evaluates a wide network a few thousand rows at a time, with the same result.
    @Test func wideNetworksAreEvaluatedInPassesThatAgree() throws {
        let architecture = Architecture(layerSizes: [2, 1024, 3], activations: [.tanh, .identity], loss: .softmaxCrossEntropy)
        let data = StoredDataset(name: "points", kind: .points2D, featureCount: 2, classNames: ["a", "b", "c"],
                                 features: [0, 0, 1, 1, -1, 2], labels: [0, 1, 2], targets: [], isTest: [false, true, false],
                                 mean: [0, 0], deviation: [1, 1])
        let scene = RunScene(run: StoredRun(configJSON: "{}", architecture: architecture, dataset: data), metrics: [])
        #expect(scene.rowsPerPass < scene.gridInputs.rows)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [1024], outputSize: 3, hiddenActivation: .tanh,
                                         loss: .softmaxCrossEntropy, seed: 3)
        let whole = network.predict(scene.gridInputs)
        let field = scene.field(of: network).values
        #expect(field.count == whole.elements.count)
        #expect(zip(field, whole.elements).allSatisfy { abs($0 - $1) <= 1e-6 })
    }
}
