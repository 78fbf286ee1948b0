import Testing
import Foundation
import FrameStore
import GRDB
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
}
