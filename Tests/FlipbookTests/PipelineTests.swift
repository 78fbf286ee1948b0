import Testing
import Foundation
import TestSupport
import FrameStore
@testable import Flipbook

@Suite struct PipelineTests {
    static func smallConfig() -> RunConfig {
        var config = RunConfig()
        config.samples = 200
        config.epochs = 30
        return config
    }

    @Test func aRunWritesItsStoreAndTables() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = Self.smallConfig()
        config.frameEvery = 7
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        let summary = try Pipeline.run(config, into: run, progress: SilentProgress())
        #expect(summary.outcome == .completed(epochs: 30))
        let store = try FrameStore.open(at: run.store.path)
        #expect(store.metrics.count == 30)
        #expect(store.frameEpochs == [0, 7, 14, 21, 28, 29])
        #expect(store.run.status == .completed)
        #expect(store.run.dataset.count == 200)
        #expect(store.run.architecture.layerSizes == [2, 16, 1])
        let csv = try String(contentsOf: run.metrics, encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "epoch,train_loss,test_loss,train_accuracy,test_accuracy,seconds")
        #expect(csv.count == 31)
        #expect(csv[1].hasPrefix("0,"))
        #expect(FileManager.default.fileExists(atPath: run.parameters.path))
    }

    @Test func aDivergingRunKeepsItsEpochsAndSaysWhere() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = Self.smallConfig()
        config.learningRate = 1e30
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        let summary = try Pipeline.run(config, into: run, progress: SilentProgress())
        guard case .diverged(let epoch) = summary.outcome else {
            Issue.record("expected divergence, got \(summary.outcome)")
            return
        }
        let store = try FrameStore.open(at: run.store.path)
        #expect(store.run.status == .diverged(epoch: epoch))
        #expect(store.metrics.map(\.epoch) == Array(0..<epoch))
    }

    @Test func badSettingsWriteNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = Self.smallConfig()
        config.dataset = "nope"
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        #expect(throws: SettingError.self) { try Pipeline.run(config, into: run, progress: SilentProgress()) }
        #expect(!FileManager.default.fileExists(atPath: run.url.path))
    }
}
