import Testing
import Foundation
import TestSupport
import FrameStore
@testable import Flipbook

/// The `flipbook` executable, run as a user would.
@Suite struct CommandLineTests {
    @Test(arguments: [
        (["run", "--out", "r", "--epochs", "0"], "flipbook: invalid epochs '0': expected a whole number from 1 to 1000000"),
        (["run", "--out", "r", "--dataset", "nope"], "flipbook: invalid dataset 'nope': expected one of circles, moons, xor, spiral, blobs, sine, iris, wine, breast-cancer, csv:PATH"),
        (["run", "--out", "r", "--hidden", "16,x"], "flipbook: invalid hidden '16,x': expected comma-separated layer widths, e.g. 16,16"),
        (["run", "--out", "r", "--optimizer", "sgd"], "flipbook: The value 'sgd' is invalid for '--optimizer <optimizer>'. Please provide one of 'gd', 'momentum', 'adam' or 'rmsprop'."),
        (["run", "--out", "r", "--init", "zeros"], "flipbook: The value 'zeros' is invalid for '--init <init>'. Please provide one of 'glorot', 'he' or 'uniform'."),
        (["run", "--out", "r", "--learning-rate=-1"], "flipbook: invalid learning-rate '-1': expected a number from 1e-30 to 1e30"),
        (["run", "--out", "r", "--learning-rate", "1e300"], "flipbook: invalid learning-rate '1e300': expected a number from 1e-30 to 1e30"),
        (["run", "--out", "r", "--learning-rate", "1e-300"], "flipbook: invalid learning-rate '1e-300': expected a number from 1e-30 to 1e30"),
        (["run", "--out", "r", "--noise", "1e300"], "flipbook: invalid noise '1e300': expected a number from 0 to 1000"),
        (["run", "--out", "r", "--weight-decay", "1e39"], "flipbook: invalid weight-decay '1e39': expected a number from 0 to 1000000"),
        (["run", "--out", "r", "--size", "-5"], "flipbook: invalid size '-5': expected a whole number from 160 to 4096"),
        (["run", "--out", "r", "--seed", "-1"], "flipbook: invalid seed '-1': expected a whole number from 0 to 18446744073709551615"),
        (["run", "--out", "r", "--hidden", "9223372036854775807"], "flipbook: invalid hidden '9223372036854775807': expected comma-separated layer widths"),
        (["run", "--out", "r", "--hidden", "1099511627776"], "flipbook: invalid hidden '1099511627776': expected comma-separated layer widths"),
        (["run", "--out", "r", "--hidden", "60000,60000"], "flipbook: invalid hidden '60000,60000': expected a network of at most 50,000,000 parameters"),
        (["run", "--out", "r", "--samples", "1000000000"], "flipbook: invalid samples '1000000000': expected a whole number from 4 to 1000000"),
        (["run", "--out", "r", "--config", "."], "flipbook: invalid config '.': expected a regular JSON file"),
        (["run", "--out", ""], "flipbook: invalid out '': expected a directory path (it is empty)"),
        (["run", "--out", "r/.flipbook-previous"], "flipbook: invalid out 'r/.flipbook-previous': expected a directory not named .flipbook-previous"),
        (["render", "nowhere"], "flipbook: nowhere/frames.sqlite: no frame store here"),
        (["inspect", "--rows", "-3"], "flipbook: --rows must be at least 1"),
        (["run", "--out", "r", "--key-epochs", "0,600"], "flipbook: invalid key-epochs '0,600': expected epochs from 0 to 499 (the run has 500 epochs; 600 is past its end)"),
        (["run", "--out", "r", "--dataset", "csv:missing.csv"], "flipbook: missing.csv: cannot read the file"),
        (["run", "--out", "r", "--config", "missing.json"], "flipbook: invalid config 'missing.json': expected a readable JSON file"),
        (["run", "--out", "r", "--epochs", "many"], "flipbook: invalid epochs 'many': expected a whole number from 1 to 1000000"),
        (["run"], "flipbook: Missing expected argument '--out <out>'"),
        (["export", "nowhere"], "flipbook: nowhere/frames.sqlite: no frame store here"),
        (["compare", "--out", "r", "--vary", "colour=red,blue"], "flipbook: invalid vary 'colour': expected a run setting:"),
        (["compare", "--out", "r", "--vary", "learning-rate=0.1,,1"], "flipbook: invalid vary 'learning-rate=0.1,,1': expected a list of values"),
        (["compare", "--out", "r", "--vary", "learning-rate=0.1,-1"], "flipbook: invalid learning-rate '-1': expected a number from 1e-30 to 1e30"),
        (["compare", "--out", "r", "--vary", "seed=1,2,3,4,5", "--vary", "hidden=1|2|3|4"], "flipbook: invalid vary 'seed=1,2,3,4,5 --vary hidden=1|2|3|4': expected at most 16 variants in one comparison (these make 20)"),
        (["compare", "--out", "r", "--vary", "seed=1,2", "--vary", "seed=3"], "flipbook: invalid vary 'seed': expected each setting varied once"),
        (["compare", "--out", "r", "--vary", "learning-rate=0.1,0.10"], "flipbook: invalid vary 'learning-rate 0.10': expected values that make different runs (it is the same run as learning-rate 0.1)"),
        (["run", "--out", "r", "--output", "softmax2"], "flipbook: The value 'softmax2' is invalid for '--output <output>'. Please provide one of 'sigmoid', 'sigmoid-per-class' or 'softmax'."),
    ])
    func badInputIsOneLineOnStderrWithStatus2(arguments: [String], message: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(arguments, in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing written")
    }

    @Test(arguments: ["zen4", "", "99", "2"])
    func aBLISArchTypeThatBLISDoesNotKnowIsRefused(value: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(productsDirectory.appendingPathComponent("flipbook").path,
                             ["run", "--out", "r", "--epochs", "2", "--samples", "100"], in: directory,
                             environment: ["BLIS_ARCH_TYPE": value])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("flipbook: BLIS_ARCH_TYPE=\(value) is not a configuration of this BLIS 0.9.0 (one of 0 skx"), "\(result.stderr)")
        #expect(result.stderr.contains("unset it to let Flipbook choose"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing written")
    }

    /// `--timings` prints every phase of a run after it, each once, and without it nothing of them.
    @Test func timingsNameEveryPhaseOfARun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["run", "--out", "r", "--epochs", "3", "--samples", "60", "--size", "160", "-q"]
        let timed = try flipbook(arguments + ["--timings"], in: directory)
        #expect(timed.status == 0, "\(timed.stderr)")
        let phases = ["data and network", "store", "training (every epoch: steps, metrics, snapshots)", "frames: the data panel (shared)",
                      "frames: decision_boundary.gif", "frames: network.gif", "encoding: training.gif",
                      "frames, drawn and encoded (wall)", "stills", "tables", "explorer", "report and the list of files"]
        let lines = timed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("timings") == true, "\(timed.stdout)")
        for phase in phases {
            let line = lines.filter { $0.hasPrefix("  \(phase) ") }
            #expect(line.count == 1 && line[0].hasSuffix(" s"), "\(phase): \(timed.stdout)")
        }
        let quiet = try flipbook(arguments, in: directory)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)")
    }

    @Test func aBLISArchTypeThisCPUCanRunIsUsed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(productsDirectory.appendingPathComponent("flipbook").path,
                             ["run", "--out", "r", "--epochs", "2", "--samples", "100"], in: directory,
                             environment: ["BLIS_ARCH_TYPE": "generic"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func anOutputDirectoryThatCannotBeWrittenIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("a file".utf8).write(to: directory.appendingPathComponent("taken"))
        let result = try flipbook(["run", "--out", "taken", "--epochs", "5", "--samples", "100"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("taken: exists and is not a directory"), "\(result.stderr)")
    }

    @Test func runThenExport() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try flipbook(["run", "--out", "r", "--dataset", "moons", "--epochs", "20", "--samples", "200",
                                "--optimizer", "adam", "--learning-rate", "0.05"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("trained 20 epochs"))
        let export = try flipbook(["export", "r", "--epoch", "9", "--to", "e9.npz"], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("e9.npz").path))
        // The initial parameters are those of the untrained network the run's seed draws.
        let initial = try flipbook(["export", "r", "--initial", "--to", "init.npz"], in: directory)
        #expect(initial.status == 0, "\(initial.stderr)")
        #expect(initial.stdout == "init.npz: parameters before the first update\n")
        var config = RunConfig()
        config.dataset = "moons"
        config.samples = 200
        let untrained = try TrainingRun(config: config).initialNetwork.parameters
        let exported = try npzArrays(directory.appendingPathComponent("init.npz"), names: ["W1", "b1", "W2", "b2"])
        #expect(exported == untrained.map(\.elements), "the exported initial parameters are the seed's untrained network")
        let both = try flipbook(["export", "r", "--initial", "--epoch", "3"], in: directory)
        #expect(both.status == 2 && both.stderr.hasPrefix("flipbook: invalid epoch '3': expected no epoch with --initial"))
        let missing = try flipbook(["export", "r", "--epoch", "25"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("flipbook: invalid epoch '25': expected epochs with parameters: 0…19"))
    }

    @Test func damagedAndNewerStoresAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try flipbook(["run", "--out", "r", "--epochs", "40", "--samples", "200", "--size", "160"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let store = directory.appendingPathComponent("r/frames.sqlite")
        let bytes = try Data(contentsOf: store)
        try bytes.prefix(bytes.count / 3).write(to: store)
        let damaged = try flipbook(["render", "r"], in: directory)
        #expect(damaged.status == 2)
        #expect(damaged.stderr.hasPrefix("flipbook: r/frames.sqlite: "), "\(damaged.stderr)")
        #expect(damaged.stderr.split(separator: "\n").count == 1)

        let again = try flipbook(["run", "--out", "n", "--epochs", "5", "--samples", "100", "--size", "160"], in: directory)
        #expect(again.status == 0)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sqlite3; c=sqlite3.connect('n/frames.sqlite'); c.execute('PRAGMA user_version=7'); c.commit()"]
        python.currentDirectoryURL = directory
        try python.run()
        python.waitUntilExit()
        let newer = try flipbook(["render", "n"], in: directory)
        #expect(newer.status == 2)
        #expect(newer.stderr == "flipbook: n/frames.sqlite: written by a newer Flipbook (schema 7; this one reads up to \(FrameStore.schemaVersion))\n")
    }

    @Test func sizeAndFrameRateShapeTheOutputs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try flipbook(["run", "--out", "r", "--epochs", "6", "--samples", "80", "--size", "200", "--fps", "10"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        func gif(_ name: String) throws -> (width: Int, height: Int, delay: Int?) {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("r/\(name)")))
            let delay = bytes.indices.dropLast(5).first { bytes[$0] == 0x21 && bytes[$0 + 1] == 0xF9 && bytes[$0 + 2] == 4 }
                .map { Int(bytes[$0 + 4]) | Int(bytes[$0 + 5]) << 8 }
            return (Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8, delay)
        }
        func pngWidth(_ name: String) throws -> Int {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("r/\(name)")))
            return bytes[16...19].reduce(0) { $0 << 8 | Int($1) }
        }
        #expect(try gif("decision_boundary.gif") == (200, 200, 10), "10 frames per second: 10 hundredths a frame")
        #expect(try gif("training.gif").width == 400)
        #expect(try pngWidth("loss_curve.png") == 200)
        let render = try flipbook(["render", "r", "--size", "240", "--fps", "25"], in: directory)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(try gif("decision_boundary.gif") == (240, 240, 4))
        #expect(try pngWidth("decision_boundary_epoch_005.png") == 240)
    }

    @Test func inspectShowsTheFirstStep() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["inspect", "--samples", "100", "--rows", "3"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("network 2 → 16 → 1"))
        #expect(result.stdout.contains("training loss before one gd step"))
        let datasets = try flipbook(["datasets"], in: directory)
        #expect(datasets.stdout.split(separator: "\n").count == 12)
    }
}

/// A run killed with SIGKILL mid-training leaves a store that opens and renders; the run it
/// was replacing, set aside meanwhile, is removed by the next process to take the directory.
@Suite struct KilledRunTests {
    @Test func killNineLeavesARenderableStore() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let earlier = try flipbook(["run", "--out", "r", "--epochs", "5", "--samples", "100", "--views", "loss"], in: directory)
        #expect(earlier.status == 0, "\(earlier.stderr)")
        let process = try startFlipbook(["run", "--out", "r", "--epochs", "1000000", "--samples", "200", "--frame-every", "50"],
                                        in: directory)
        // Wait until the earlier run is set aside and a few of the new run's frames are committed
        // (the earlier run's store has five), then kill without warning.
        let store = directory.appendingPathComponent("r/frames.sqlite").path
        let setAside = directory.appendingPathComponent("r/.flipbook-previous")
        let deadline = Date().addingTimeInterval(60)
        var frames = 0
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            if FileManager.default.fileExists(atPath: setAside.appendingPathComponent("frames.sqlite").path),
               FileManager.default.fileExists(atPath: store),
               let count = try? FrameStoreProbe.frameCount(store), count >= 3 { frames = count; break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(frames >= 3)
        #expect(FileManager.default.fileExists(atPath: setAside.appendingPathComponent("loss.gif").path))
        // A picture that was being written when the process died.
        let abandoned = directory.appendingPathComponent("r/.training.gif.1a2b3c4d.partial")
        try Data("GIF89a".utf8).write(to: abandoned)
        let render = try flipbook(["render", "r", "--size", "160"], in: directory)
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        // Drawing the killed run does not complete it: the run it replaced stays set aside, and
        // the drawing says how to get it back.
        #expect(FileManager.default.fileExists(atPath: setAside.appendingPathComponent("loss.gif").path))
        #expect(render.stderr.contains("flipbook restore r"), "\(render.stderr)")
        #expect(render.status == 0, "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("r/decision_boundary.gif").path))
        let report = try String(contentsOf: directory.appendingPathComponent("r/report.md"), encoding: .utf8)
        #expect(report.contains("Training did not finish"))
    }
}

import FrameStore

enum FrameStoreProbe {
    static func frameCount(_ path: String) throws -> Int {
        try FrameStore.open(at: path).frameEpochs.count
    }
}

/// An MNIST-style run end to end on a tiny data set written by the test.
@Suite struct ImageRunTests {
    @Test func aTinyMNISTRunDrawsItsPictures() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // 8×8 images of three classes: a bright column at the class index.
        func int32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        for (prefix, count) in [("train", 90), ("t10k", 30)] {
            var images: [UInt8] = [0, 0, 8, 3] + int32(count) + int32(8) + int32(8)
            var labels: [UInt8] = [0, 0, 8, 1] + int32(count)
            for i in 0..<count {
                labels.append(UInt8(i % 3))
                images += (0..<64).map { $0 % 8 == 2 * (i % 3) ? 230 : UInt8(($0 * 13 + i * 7) % 40) }
            }
            try Data(images).write(to: data.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data(labels).write(to: data.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        let run = try flipbook(["run", "--out", "r", "--dataset", "mnist:tiny", "--hidden", "10", "--optimizer", "adam",
                                "--learning-rate", "0.05", "--batch-size", "16", "--epochs", "6", "--size", "200", "--verbose"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["training.gif", "predictions.gif", "weights.gif", "loss.gif", "confusion_matrix.png", "final_predictions.png",
                     "predictions_epoch_000.png", "predictions_epoch_002.png", "predictions_epoch_005.png", "report.md", "metrics.csv"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("r/\(name)").path), "\(name)")
        }
        #expect(run.stdout.contains("test accuracy 1.000"), "\(run.stdout)")
        let report = try String(contentsOf: directory.appendingPathComponent("r/report.md"), encoding: .utf8)
        #expect(report.contains("the data set's own training/test split; 30 test images measured, 30 of them stored, 12 shown in the grid of predictions"), "\(report)")
        // The grid shows 4 of each class; the hidden space, every stored test image.
        let store = try FrameStore.open(at: directory.appendingPathComponent("r/frames.sqlite").path)
        #expect(store.run.dataset.count == 120 && store.run.dataset.testRows == Array(90..<120))
        #expect(RunScene.shownImageRows(of: store.run.dataset) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(store.run.dataset.labels[90..<102] == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        #expect(report.contains("12 shown in the grid of predictions; the 90 training images stored (the loss landscape's)"), "\(report)")
        #expect(run.stdout.contains("hidden_space.gif"), "\(run.stdout)")
        #expect(!report.contains("test fraction"))
        let missing = try flipbook(["run", "--out", "m", "--dataset", "mnist:nowhere"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("flipbook: nowhere: is not a directory"))
    }
}

/// The named arrays of an `.npz` file, flattened, as NumPy reads them.
func npzArrays(_ url: URL, names: [String]) throws -> [[Float]] {
    let script = "import json, sys, numpy as np; z = np.load(sys.argv[1]); print(json.dumps([z[n].astype(float).ravel().tolist() for n in sys.argv[2:]]))"
    let result = try run("/usr/bin/env", ["python3", "-c", script, url.path] + names, in: url.deletingLastPathComponent())
    guard result.status == 0, let arrays = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[Double]] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.stderr])
    }
    return arrays.map { $0.map(Float.init) }
}
