import Testing
import Foundation
import TestSupport
import FrameStore
@testable import Flipbook

/// `--record-every-steps`: snapshots inside epochs, stored, drawn at fractional epochs, listed in
/// metrics.csv and exported.
@Suite struct StepRecordingTests {
    /// Moons, 200 samples (160 to train), batches of 40: 4 steps an epoch, a snapshot every 2
    /// steps, so one inside each epoch (step 2) and 3 epochs.
    static func config() -> RunConfig {
        var config = RunConfig()
        config.dataset = "moons"
        config.samples = 200
        config.epochs = 3
        config.batchSize = 40
        config.optimizer = .adam
        config.learningRate = 0.01
        config.recordEverySteps = 2
        config.pictures.size = 160
        return config
    }

    @Test func snapshotsInsideEpochsAreStoredDrawnAndListedInOrder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(Self.config(), into: run, progress: SilentProgress())
        let store = try FrameStore.open(at: run.store.path)
        #expect(store.run.stepsPerEpoch == 4)
        let moments = store.timeline.map { Moment(epoch: $0.epoch, step: $0.step) }
        #expect(moments == [Moment(epoch: 0, step: 2), Moment(epoch: 0), Moment(epoch: 1, step: 2), Moment(epoch: 1),
                            Moment(epoch: 2, step: 2), Moment(epoch: 2)])
        #expect(store.frameMoments == moments)
        #expect(store.metrics.map(\.epoch) == [0, 1, 2])

        let scene = RunScene(run: store.run, metrics: store.metrics, timeline: store.timeline)
        // The first epoch's snapshots come before "Epoch 0" (its end): named by their step, never a negative epoch.
        #expect((0..<6).map(scene.epochLabel(at:)) == ["0 (step 2/4)", "0", "0.5", "1", "1.5", "2"])
        #expect(scene.title(at: 0).hasPrefix("Epoch 0 (step 2/4) · train loss "))
        #expect(scene.title(at: 2).hasPrefix("Epoch 0.5 · train loss "))
        #expect(scene.title(at: 3).hasPrefix("Epoch 1 · train loss "))
        #expect(scene.positions == [-0.5, 0, 0.5, 1, 1.5, 2])

        let gif = try Data(contentsOf: run.file("decision_boundary.gif"))
        #expect(gifImageCount([UInt8](gif)) == 6)
        let csv = try String(contentsOf: run.metrics, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(csv[0] == "epoch,train_loss,test_loss,train_accuracy,test_accuracy,seconds,step,position")
        #expect(csv.count == 7)
        #expect(csv[1].hasPrefix("0,") && csv[1].hasSuffix(",2,-0.5"))
        #expect(csv[2].hasSuffix(",,0") && csv[6].hasSuffix(",,2"))
        // The key epochs' stills are those of epochs' ends.
        for name in ["decision_boundary_epoch_000.png", "decision_boundary_epoch_002.png", "loss_epoch_002.png"] {
            #expect(FileManager.default.fileExists(atPath: run.file(name).path), "\(name)")
        }
    }

    @Test func exportTakesASnapshotByEpochAndStep() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.train(Self.config(), into: run, progress: SilentProgress())
        let written = try Exporter.export(run, .snapshot(epoch: 1, step: 2), to: nil)
        #expect(written.url.lastPathComponent == "parameters_epoch_1_step_2.npz")
        let store = try FrameStore.open(at: run.store.path)
        let inside = try #require(try store.record(at: Moment(epoch: 1, step: 2)))
        let end = try #require(try store.epoch(1))
        #expect(inside.parameters != end.parameters && !inside.parameters.isEmpty)
        #expect(throws: SettingError.self) { try Exporter.export(run, .snapshot(epoch: 1, step: 3), to: nil) }
    }

    @Test func theCommandLineRecordsAndExportsSnapshots() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try flipbook(["run", "--out", "r", "--dataset", "moons", "--samples", "200", "--batch-size", "40", "--epochs", "2",
                                "--record-every-steps", "2", "--size", "160"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let exported = try flipbook(["export", "r", "--epoch", "1", "--step", "2"], in: directory)
        #expect(exported.status == 0 && exported.stdout == "r/parameters_epoch_1_step_2.npz: parameters 2 steps into epoch 1\n", "\(exported)")
        let alone = try flipbook(["export", "r", "--step", "2"], in: directory)
        #expect(alone.status == 2 && alone.stderr.hasPrefix("flipbook: invalid step '2'"), "\(alone.stderr)")
        let missing = try flipbook(["export", "r", "--epoch", "1", "--step", "3"], in: directory)
        #expect(missing.status == 2 && missing.stderr.contains("one of the steps recorded inside epoch 1: 2"), "\(missing.stderr)")
        let fullBatch = try flipbook(["run", "--out", "f", "--epochs", "2", "--record-every-steps", "2"], in: directory)
        #expect(fullBatch.status == 2 && fullBatch.stderr.contains("record-every-steps"), "\(fullBatch.stderr)")
    }

    /// Image data, where snapshots inside epochs matter most: every animation, the weights' too,
    /// has a frame per snapshot.
    @Test func anImageRunDrawsItsSnapshots() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        func int32(_ v: Int) -> [UInt8] { [0, 0, UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        for (prefix, count) in [("train", 90), ("t10k", 30)] {
            var images: [UInt8] = [0, 0, 8, 3] + int32(count) + int32(4) + int32(4)
            var labels: [UInt8] = [0, 0, 8, 1] + int32(count)
            for i in 0..<count {
                labels.append(UInt8(i % 3))
                images += (0..<16).map { $0 % 4 == i % 3 ? 230 : UInt8(($0 * 13 + i * 7) % 40) }
            }
            try Data(images).write(to: data.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data(labels).write(to: data.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        var config = Self.config()
        config.dataset = "mnist:" + data.path
        config.batchSize = 16                   // 90 images: 6 steps an epoch; every 2nd step: steps 2 and 4 inside each
        config.epochs = 2
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        for name in ["training.gif", "predictions.gif", "weights.gif", "loss.gif"] {
            #expect(gifImageCount([UInt8](try Data(contentsOf: run.file(name)))) == 6, "\(name)")
        }
    }

    @Test func aFullBatchRunRefusesStepsBeforeWritingAnything() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = Self.config()
        config.batchSize = 0
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        #expect(throws: SettingError.self) { try Pipeline.run(config, into: run, progress: SilentProgress()) }
        #expect(!FileManager.default.fileExists(atPath: run.url.path))
    }
}

/// The images of a GIF, by walking its blocks (extensions and images, each a chain of sub-blocks); -1 if malformed.
func gifImageCount(_ bytes: [UInt8]) -> Int {
    guard bytes.count > 13 else { return -1 }
    var at = 13 + (bytes[10] & 0x80 != 0 ? 3 << (Int(bytes[10] & 7) + 1) : 0)
    var images = 0
    while at < bytes.count, bytes[at] != 0x3B {
        switch bytes[at] {
        case 0x21: at += 2
        case 0x2C:
            guard at + 9 < bytes.count else { return -1 }
            images += 1
            at += 10 + (bytes[at + 9] & 0x80 != 0 ? 3 << (Int(bytes[at + 9] & 7) + 1) : 0) + 1
        default: return -1
        }
        while at < bytes.count, bytes[at] != 0 { at += Int(bytes[at]) + 1 }
        at += 1
    }
    return at < bytes.count ? images : -1
}
