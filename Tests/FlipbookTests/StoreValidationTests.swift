import Testing
import Foundation
import TestSupport
import FrameStore
import GRDB
import Neural
import Datasets
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
        try Pipeline.render(RunDirectory(path: run.path), pictures: PictureSettings(size: 160), progress: SilentProgress())
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
        config.pictures.size = 160
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let before = try Self.outputs(of: run.url)
        #expect(before.keys.contains("decision_boundary_epoch_000.png"))
        try Self.tamper(run.store, "UPDATE epoch SET parameters = substr(parameters, 1, 40) WHERE epoch = 29")
        do {
            try Pipeline.render(run, pictures: PictureSettings(size: 200), progress: SilentProgress())
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
        try Pipeline.render(RunDirectory(path: run.path), pictures: PictureSettings(size: 160), progress: SilentProgress())
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

    /// The circles fixture as `kill -9` would leave it one epoch later: a fifth epoch committed to
    /// the WAL only, status running, and the store, its -wal and its -shm copied into
    /// `directory/name` while the writer still had them open.
    static func killedRun(_ name: String, in directory: URL, withSharedMemory: Bool = true) throws -> URL {
        let live = try StoreFixture.circles.materialize(in: directory.appendingPathComponent("live-\(name)"))
        let killed = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: killed, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        let writer = try DatabaseQueue(path: live.path, configuration: configuration)
        try writer.write { db in
            try db.execute(sql: "UPDATE run SET status = 'running'")
            try db.execute(sql: "INSERT INTO epoch SELECT 4, train_loss, test_loss, train_score, test_score, seconds, parameters, confusion FROM epoch WHERE epoch = 3")
        }
        for suffix in withSharedMemory ? ["", "-wal", "-shm"] : ["", "-wal"] {
            try FileManager.default.copyItem(atPath: live.path + suffix, toPath: killed.appendingPathComponent("frames.sqlite" + suffix).path)
        }
        try writer.close()
        return killed
    }

    /// A killed run renders from its WAL, and neither the store nor its WAL changes.
    @Test func aKilledRunRendersAndItsStoreStaysAsItWas() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.killedRun("run", in: directory)
        let store = run.appendingPathComponent("frames.sqlite")
        let before = try [Data(contentsOf: store), Data(contentsOf: URL(fileURLWithPath: store.path + "-wal"))]
        chmod(store.path, 0o444)
        try Pipeline.render(RunDirectory(path: run.path), pictures: PictureSettings(size: 160), progress: SilentProgress())
        #expect(try [Data(contentsOf: store), Data(contentsOf: URL(fileURLWithPath: store.path + "-wal"))] == before)
        let csv = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 6)
        #expect(try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8).contains("Training did not finish"))
    }

    /// A finished run that is rendered again: its store's bytes never change, and no -wal or
    /// -shm appears beside it.
    @Test func renderingLeavesAFinishedStoreUntouched() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.pictures.size = 160
        config.epochs = 5
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let before = try Data(contentsOf: run.store)
        chmod(run.store.path, 0o444)
        try Pipeline.render(run, pictures: PictureSettings(size: 200), progress: SilentProgress())
        _ = try Exporter.export(run, .epoch(2), to: directory.appendingPathComponent("e2.npz"))
        #expect(try Data(contentsOf: run.store) == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: run.url.path)
        #expect(names.filter { $0.hasPrefix("frames.sqlite") } == ["frames.sqlite"])
    }

    /// Runs `flipbook` as the unprivileged user `nobody`, for whom permissions hold (as root they do not).
    static func flipbookAsNobody(_ arguments: [String], in directory: URL) throws -> CommandResult {
        try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                     productsDirectory.appendingPathComponent("flipbook").path] + arguments, in: directory)
    }

    static let canRunAsNobody = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// Read-only runs, for real: directories and files nobody may write, read by `nobody`. A
    /// finished run and a killed one (its WAL and -shm beside it) export; a killed run whose -shm
    /// is gone cannot be read from a read-only directory, and says what to do.
    @Test(.enabled(if: canRunAsNobody, "needs root and setpriv to run flipbook as nobody"))
    func readOnlyRunsOpenForAnotherUser() throws {
        let directory = try temporaryDirectory()
        defer {
            for name in ["finished", "killed", "bare"] { chmod(directory.appendingPathComponent(name).path, 0o755) }
            try? FileManager.default.removeItem(at: directory)
        }
        var config = PipelineTests.smallConfig()
        config.pictures.size = 160
        config.epochs = 5
        _ = try Pipeline.run(config, into: RunDirectory(path: directory.appendingPathComponent("finished").path), progress: SilentProgress())
        _ = try Self.killedRun("killed", in: directory)
        _ = try Self.killedRun("bare", in: directory, withSharedMemory: false)
        let out = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        chmod(out.path, 0o777)
        var before: [String: Data] = [:]
        for name in ["finished", "killed", "bare"] {
            let run = directory.appendingPathComponent(name)
            for file in try FileManager.default.contentsOfDirectory(atPath: run.path) {
                chmod(run.appendingPathComponent(file).path, 0o444)
                before[name + "/" + file] = try Data(contentsOf: run.appendingPathComponent(file))
            }
            chmod(run.path, 0o555)
        }
        let finished = try Self.flipbookAsNobody(["export", "finished", "--to", "out/finished.npz"], in: directory)
        #expect(finished.status == 0, "\(finished.stderr)")
        let killed = try Self.flipbookAsNobody(["export", "killed", "--epoch", "4", "--to", "out/killed.npz"], in: directory)
        #expect(killed.status == 0, "\(killed.stderr)")
        // A run another user owns renders into a directory of one's own, and is left as it was.
        let render = try Self.flipbookAsNobody(["render", "finished", "--out", "out/pictures", "--size", "160"], in: directory)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/pictures/decision_boundary.gif").path))
        let inPlace = try Self.flipbookAsNobody(["render", "finished", "--size", "160"], in: directory)
        #expect(inPlace.status == 2, "\(inPlace.stderr)")
        #expect(inPlace.stderr == "flipbook: finished: the run directory is not writable; draw its pictures into another directory with --out DIR\n")
        let bare = try Self.flipbookAsNobody(["export", "bare", "--to", "out/bare.npz"], in: directory)
        #expect(bare.status == 2)
        #expect(bare.stderr.hasPrefix("flipbook: bare/frames.sqlite: cannot be opened for reading"), "\(bare.stderr)")
        #expect(bare.stderr.contains("copy the run directory somewhere writable"), "\(bare.stderr)")
        for (file, bytes) in before where !file.hasSuffix("-shm") {
            #expect(try Data(contentsOf: directory.appendingPathComponent(file)) == bytes, "\(file) changed")
        }
    }
}

/// The store's names for the trainer's types, both ways.
@Suite struct RunRecorderNamesTests {
    @Test func everyActivationAndLossKeepsItsNameThroughTheStore() {
        let activations: [Activation] = [.identity, .relu, .leakyReLU, .sigmoid, .tanh, .softmax]
        for activation in activations {
            #expect(RunRecorder.stored(activation).rawValue == activation.name)
            #expect(RunRecorder.neural(RunRecorder.stored(activation)).name == activation.name)
        }
        #expect(Set(activations.map { RunRecorder.stored($0) }) == Set(Architecture.Activation.allCases))
        for loss in Loss.allCases {
            #expect(RunRecorder.stored(loss).rawValue == loss.rawValue)
            #expect(RunRecorder.neural(RunRecorder.stored(loss)) == loss)
        }
        #expect(RunRecorder.stored(Dataset.Kind.image(width: 28, height: 28)) == .image)
        #expect([Dataset.Kind.points2D, .regression1D, .table].map { RunRecorder.stored($0).rawValue } == ["points2D", "regression1D", "table"])
    }
}
