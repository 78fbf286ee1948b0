import Foundation
import Testing
import TestSupport
import FrameStore
import LinearAlgebra
import Neural
import Render
@testable import Flipbook

/// The loss landscape: its plane (the path's principal components, or filter-normalised random
/// directions), the loss on its grid, the path on it, `landscape.npz`, and the runs it is not drawn for.
@Suite struct LandscapeTests {
    /// The trajectory plane of four points in four parameters matches scikit-learn's PCA.
    ///
    /// Expected values from scikit-learn 1.2.1 (Debian's python3):
    /// `P = np.array([[1, 2, 0, -1], [.5, 1.5, .25, -.5], [.25, .5, 0, .5], [0, 0, .5, 0]]); D = P - P[-1];`
    /// `pca = PCA(n_components=2).fit(D)`; `pca.components_`, `pca.explained_variance_ratio_`, `D @ pca.components_.T`.
    @Test func theTrajectoryPlaneIsThePathsPCA() throws {
        let path: [[Float]] = [[1, 2, 0, -1], [0.5, 1.5, 0.25, -0.5], [0.25, 0.5, 0, 0.5], [0, 0, 0.5, 0]]
        let plane = try #require(LandscapePlane.trajectory(path))
        let components = [[0.35605273, 0.77785908, -0.10222627, -0.50765292], [0.19202495, 0.32033561, -0.5612994, 0.73854891]]
        for (direction, expected) in zip(plane.directions, components) {
            for (value, reference) in zip(direction, expected) { #expect(abs(value - reference) < 1e-7, "\(direction) against \(expected)") }
        }
        let ratios = try #require(plane.explainedVarianceRatio)
        #expect(abs(ratios[0] - 0.90476668) < 1e-7 && abs(ratios[1] - 0.08350053) < 1e-7, "\(ratios)")
        let projections = [(2.47053695, 0.37479695), (1.62419802, 0.34756628), (0.2752294, 0.8580982), (0.0, 0.0)]
        for (point, expected) in zip(path, projections) {
            let (alpha, beta) = plane.coordinates(of: point)
            #expect(abs(alpha - expected.0) < 1e-7 && abs(beta - expected.1) < 1e-7, "\(alpha), \(beta) against \(expected)")
        }
        #expect(plane.center == path[3] && !plane.secondDirectionIsRandom)
    }
}

extension LandscapeTests {
    /// A full-batch run of `epochs` epochs on 60 circles through 2 → `hidden` ReLU → 1 (its stored
    /// training loss is measured after each epoch's step, with the parameters stored), in `directory`.
    static func trainedRun(epochs: Int, in directory: URL, hidden: [Int] = [3]) throws -> RunDirectory {
        var config = RunConfig()
        (config.samples, config.hidden, config.epochs) = (60, hidden, epochs)
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        return run
    }

    /// The run's subject with the landscape's settings.
    static func subject(_ run: RunDirectory, grid: Int = 5, plane: LandscapePlaneKind = .trajectory) throws -> RunSubject {
        var pictures = PictureSettings(size: 160)
        (pictures.landscapeGrid, pictures.landscapePlane) = (grid, plane)
        let store = try FrameStore.open(at: run.store.path)
        return try RunSubject(directory: run, store: store, pictures: pictures, keyEpochs: [store.frameEpochs[0]])
    }

    /// With the initial parameters and two recorded epochs, every point of the path lies in the
    /// plane: the loss there (the function every grid point holds) is the epoch's stored training
    /// loss to float32 accuracy, and the final parameters' point is the origin.
    @Test func theLossOnTheGridIsTheStoredLossWhereThePathIs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let subject = try Self.subject(Self.trainedRun(epochs: 2, in: directory))
        let landscape = try #require(try LandscapeView.compute(subject))
        let stored = subject.store.metrics.map(\.trainLoss)
        #expect(landscape.path.count == 2 && landscape.start != nil)
        for (point, loss) in zip(landscape.path, stored) {
            let there = landscape.evaluator.loss(landscape.plane.parameters(alpha: point.alpha, beta: point.beta))
            #expect(abs(Double(there) - loss) <= 2e-6 * loss, "\(there) against the stored \(loss)")
        }
        #expect(abs(landscape.path[1].alpha) < 1e-12 && abs(landscape.path[1].beta) < 1e-12)
        #expect(Double(landscape.evaluator.loss(landscape.plane.center)) == stored[1], "the final parameters as stored")
        // The grid holds that function at center + alpha[j] · d0 + beta[i] · d1, row i by column j.
        let (a, b) = (landscape.alpha.count, landscape.beta.count)
        #expect(a == 5 && b == 5 && landscape.loss.count == 25)
        for (i, j) in [(0, 0), (0, 4), (3, 1), (4, 4)] {
            let expected = landscape.evaluator.loss(landscape.plane.parameters(alpha: landscape.alpha[j], beta: landscape.beta[i]))
            #expect(landscape.loss[i * a + j] == expected, "loss[\(i), \(j)]")
        }
    }

    /// Each unit's part of a random direction — its incoming weights and its bias — has the norm
    /// of the same unit's parameters.
    @Test func randomDirectionsAreFilterNormalisedPerUnit() throws {
        let sizes = [2, 3, 1]
        // W1 (2 × 3) row by row, b1, W2 (3 × 1), b2.
        let final: [Float] = [1, -2, 0.5, 3, 0, -1, 0.25, 2, -0.5, 1.5, -1, 4, 0]
        #expect(LandscapePlane.units(layerSizes: sizes) == [[0, 3, 6], [1, 4, 7], [2, 5, 8], [9, 10, 11, 12]])
        let plane = LandscapePlane.random(at: final, layerSizes: sizes)
        #expect(plane.center == final && plane.explainedVarianceRatio == nil)
        for direction in plane.directions {
            for unit in LandscapePlane.units(layerSizes: sizes) {
                let own = unit.reduce(0.0) { $0 + Double(final[$1] * final[$1]) }.squareRoot()
                let drawn = unit.reduce(0.0) { $0 + direction[$1] * direction[$1] }.squareRoot()
                #expect(abs(drawn - own) < 1e-12 * max(own, 1), "unit \(unit): \(drawn) against \(own)")
            }
        }
        #expect(plane.directions[0] != plane.directions[1])
        #expect(LandscapePlane.random(at: final, layerSizes: sizes) == plane, "seeded")
    }

    /// `landscape.npz` read back by NumPy: the shapes, and every loss[i, j] recomputed there from
    /// the store's data at center + alpha[j] · directions[0] + beta[i] · directions[1].
    @Test func theArchiveHasItsShapesAndConvention() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trained = try Self.trainedRun(epochs: 4, in: directory)
        var pictures = PictureSettings(size: 160, views: [try #require(PictureView(rawValue: "landscape"))])
        pictures.landscapeGrid = 7
        try Pipeline.render(trained, pictures: pictures, progress: SilentProgress())
        let script = """
            import json, sqlite3, sys
            import numpy as np
            z = np.load(sys.argv[1] + "/landscape.npz"); db = sqlite3.connect(sys.argv[1] + "/frames.sqlite")
            n, d, x, y, t, mean, dev = db.execute("SELECT sample_count, feature_count, features, labels, is_test, mean, deviation FROM dataset").fetchone()
            X = (np.frombuffer(x, "<f4").reshape(n, d).astype(np.float64) - np.frombuffer(mean, "<f4")) / np.frombuffer(dev, "<f4")
            labels = np.frombuffer(y, "<i4").astype(np.float64)
            rows = z["samples"]; X, labels = X[rows], labels[rows]
            worst = 0.0
            for i in range(len(z["beta"])):
                for j in range(len(z["alpha"])):
                    p = z["center"].astype(np.float64) + z["alpha"][j] * z["directions"][0] + z["beta"][i] * z["directions"][1]
                    W1, b1, W2, b2 = p[:6].reshape(2, 3), p[6:9], p[9:12].reshape(3, 1), p[12]
                    logits = (np.maximum(X @ W1 + b1, 0) @ W2)[:, 0] + b2
                    loss = np.mean(np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits))))
                    worst = max(worst, abs(loss - z["loss"][i, j]) / loss)
            print(json.dumps({k: list(z[k].shape) for k in z.files} | {"worst": worst, "test": int(np.frombuffer(t, "u1")[rows].sum()),
                              "epochs": z["path_epochs"].tolist(), "samples_dtype": str(z["samples"].dtype)}))
            """
        let result = try run("/usr/bin/python3", ["-c", script, trained.url.path], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let shapes: [String: [Int]] = ["directions": [2, 13], "center": [13], "alpha": [7], "beta": [7], "loss": [7, 7], "start": [2],
                                       "path": [4, 2], "path_epochs": [4], "explained_variance_ratio": [2], "samples": [48]]
        for (name, shape) in shapes { #expect(read[name] as? [Int] == shape, "\(name): \(read[name] ?? "missing")") }
        #expect(read.count == shapes.count + 4, "no other arrays: \(read.keys.sorted())")
        #expect((read["worst"] as? Double ?? 1) < 1e-5, "loss[i, j] recomputed by NumPy: \(read["worst"] ?? "")")
        #expect(read["test"] as? Int == 0 && read["samples_dtype"] as? String == "int64", "training rows only")
        #expect(read["epochs"] as? [Double] == [0, 1, 2, 3])
    }
}

/// The notes a drawing says, kept.
final class NoteCollector: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String] = []
    var notes: [String] { lock.withLock { kept } }
    func begin(_ stage: String, total: Int) {}
    func advance(_ done: Int) {}
    func end(_ summary: String) {}
    func wrote(_ name: String, _ detail: String) {}
    func note(_ message: String) { lock.withLock { kept.append(message) } }
}

extension LandscapeTests {
    /// Stores written before this view (schema 1, no initial parameters) draw it, the line
    /// starting from the first recorded epoch; a diverged one says why not in one line, and an
    /// image store (no training images kept) when the view is asked for; the rest is drawn.
    @Test(arguments: [StoreFixture.circles, .spiral, .image])
    func storesFromBeforeDrawItOrSayWhyNot(fixture: StoreFixture) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent(fixture.rawValue)
        try fixture.materialize(in: run)
        let landscape = try #require(PictureView(rawValue: "landscape"))
        let notes = NoteCollector()
        try Pipeline.render(RunDirectory(path: run.path), pictures: PictureSettings(size: 160, views: [landscape, .loss]), progress: notes)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: run.path))
        let drawn = ["landscape.gif", "landscape.png", "interpolation.png", "landscape.npz"]
        #expect(names.contains("loss.gif"), "\(fixture): \(names)")
        let said = notes.notes.filter { $0.contains("landscape") }
        switch fixture {
        case .circles:
            #expect(names.isSuperset(of: drawn) && said.isEmpty, "\(names) \(said)")
            let subject = try RunSubject(directory: RunDirectory(path: run.path), store: FrameStore.open(at: run.appendingPathComponent("frames.sqlite").path),
                                         pictures: PictureSettings(size: 160), keyEpochs: [0])
            let computed = try #require(try LandscapeView.compute(subject))
            #expect(computed.start == nil && computed.interpolation?.fromInitial == false && computed.interpolation?.fromEpoch == 0)
        case .spiral:
            #expect(names.isDisjoint(with: drawn) && said == ["training diverged at epoch 2: its parameters ran off any surface, so no loss landscape is drawn"],
                    "\(said)")
        default:
            #expect(names.isDisjoint(with: drawn) && said.count == 1 && said[0].contains("no training examples"), "\(said)")
        }
    }

    /// A run with one recorded epoch says in one line that it has no landscape, draws every other
    /// view, and exits 0.
    @Test func aRunOfOneEpochSaysSoAndDrawsTheRest() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "one", "--epochs", "1", "--samples", "60", "--size", "160"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("landscape") }
        #expect(lines == ["flipbook: the loss landscape needs at least two recorded epochs with parameters (this run has 1); skipping it"], "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("one").path)
        #expect(names.contains("decision_boundary.gif") && names.contains("network.gif") && !names.contains("landscape.gif"), "\(names)")
    }

    /// A run of stored fields (Python's `predict=`) has no parameters: no landscape, said only when asked for.
    @Test func aFieldRunHasNoLandscape() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = StoredDataset(name: "three", kind: .points2D, featureCount: 2, classNames: ["a", "b"], features: [-0.5, -0.5, 0, 0.5, 0.5, 0],
                                 labels: [0, 1, 1], targets: [], isTest: [false, false, true], mean: [0, 0], deviation: [1, 1])
        let run = RunDirectory(path: directory.appendingPathComponent("field").path)
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        let store = try FrameStore.create(at: run.store.path, run: StoredRun(
            configJSON: "{}", architecture: Architecture(layerSizes: [2, 1], activations: [.identity], loss: .binaryCrossEntropy),
            dataset: data, model: .field, fieldGrid: FieldGrid(minX: -1, maxX: 1, minY: -1, maxY: 1, size: 4), recordedBy: "a test"))
        for epoch in 0..<3 {
            try store.append(EpochRecord(epoch: epoch, trainLoss: 0.5, testLoss: 0.5, trainScore: 0.5, testScore: 0.5, seconds: 0.01,
                                         parameters: [], testConfusion: [], field: Array(repeating: 0.25, count: 16)))
        }
        try store.finish(.completed)
        let quiet = NoteCollector()
        try Pipeline.render(run, pictures: PictureSettings(size: 160), progress: quiet)
        #expect(!quiet.notes.contains { $0.contains("landscape") }, "\(quiet.notes)")
        let asked = NoteCollector()
        try Pipeline.render(run, pictures: PictureSettings(size: 160, views: [try #require(PictureView(rawValue: "landscape")), .loss]), progress: asked)
        #expect(asked.notes.filter { $0.contains("landscape") } == ["this run stored fields, not parameters: there is no loss landscape to draw; skipping the landscape view"])
        #expect(!FileManager.default.fileExists(atPath: run.file("landscape.gif").path) && FileManager.default.fileExists(atPath: run.file("loss.gif").path))
    }
}

extension LandscapeTests {
    /// Variants of one network and data share one surface: every path on the plane of their
    /// paths together, the first variant's ending at its centre; variants of other networks say
    /// that they share none when the view is asked for.
    @Test func aComparisonDrawsItsVariantsOnOneSurface() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = RunConfig()
        (base.samples, base.hidden, base.epochs) = (60, [3], 4)
        base.pictures = PictureSettings(size: 240, views: [try #require(PictureView(rawValue: "landscape"))])
        base.pictures.landscapeGrid = 7
        let out = RunDirectory(path: directory.appendingPathComponent("lr").path)
        try Comparison.run(base: base, variations: [try Variation(parsing: "learning-rate=0.1,1")], into: out, progress: SilentProgress())
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out.url.path))
        #expect(names.isSuperset(of: ["compare_landscape.gif", "compare_landscape.png", "compare_landscape_epoch_003.png"]), "\(names)")
        let subject = try ComparisonSubject(directory: out, variants: Comparison.variants(base: base, variations: [Variation(parsing: "learning-rate=0.1,1")]), base: base)
        let view = try #require(try ComparisonLandscapeView(subject: subject))
        #expect(view.walks.map(\.points.count) == [4, 4] && view.walks.allSatisfy { $0.start != nil })
        let end = try #require(view.walks[0].points.last)
        #expect(abs(end.alpha) < 1e-9 && abs(end.beta) < 1e-9, "the first variant ends at the centre")
        #expect(view.walks[0].start.map { "\($0)" } == view.walks[1].start.map { "\($0)" }, "one seed: one start")
    }

    /// Variants of two networks (two hidden sizes, two learning rates each) get two panels side
    /// by side, each with its own surface shared by its two learning rates, each path in a
    /// colour of its own that is neither the surface's blue nor the red of a current point.
    @Test func aComparisonOfTwoShapesDrawsTwoPanels() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = RunConfig()
        (base.samples, base.hidden, base.epochs) = (60, [3], 4)
        base.pictures = PictureSettings(size: 240, views: [try #require(PictureView(rawValue: "landscape"))])
        base.pictures.landscapeGrid = 7
        let variations = [try Variation(parsing: "hidden=2|3"), try Variation(parsing: "learning-rate=0.1,1")]
        let out = RunDirectory(path: directory.appendingPathComponent("shapes").path)
        let notes = NoteCollector()
        try Comparison.run(base: base, variations: variations, into: out, progress: notes)
        #expect(!notes.notes.contains { $0.contains("landscape") }, "\(notes.notes)")
        let subject = try ComparisonSubject(directory: out, variants: Comparison.variants(base: base, variations: variations), base: base)
        let view = try #require(try ComparisonLandscapeView(subject: subject))
        #expect(view.surfaces.count == 2 && view.surfaces.map(\.walks.count) == [2, 2])
        #expect(view.surfaces.map(\.name) == ["Network 2 → 2 → 1", "Network 2 → 3 → 1"], "\(view.surfaces.map(\.name))")
        for surface in view.surfaces {
            let end = try #require(surface.walks[0].points.last)
            #expect(abs(end.alpha) < 1e-9 && abs(end.beta) < 1e-9, "each surface is centred on its first variant's end")
            #expect(surface.walks.allSatisfy { $0.label.hasPrefix(surface.walks[0].label.components(separatedBy: " · ")[0]) }, "\(surface.walks.map(\.label))")
        }
        // Each panel's two paths in two colours, the same in both panels (they differ in shape only).
        let colours = view.surfaces.map { $0.walks.map(\.color) }
        #expect(Set(colours[0]).count == 2 && colours[0] == colours[1], "\(colours)")
        #expect(Set(colours[0]).isDisjoint(with: [Palette.red, Palette.classColor(0), Palette.classColor(2)]), "\(colours)")
        // The animation and its still: two panels side by side.
        for name in ["compare_landscape.gif", "compare_landscape.png", "compare_landscape_epoch_003.png"] {
            let bytes = [UInt8](try Data(contentsOf: out.file(name)))
            let (width, height) = name.hasSuffix(".gif") ? (Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8)
                : (bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, bytes[20..<24].reduce(0) { $0 << 8 | Int($1) })
            #expect(width == 2 * view.side && height == view.side, "\(name): \(width) × \(height)")
        }
    }
}

extension LandscapeTests {
    /// A surface of more than `defaultWork` multiply-adds is drawn only when asked for, and said so.
    @Test func aLargeSurfaceIsDrawnOnlyWhenAskedFor() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.trainedRun(epochs: 2, in: directory, hidden: [2000])
        // 201² grid points × 48 examples × 8,001 parameters = 1.6e10; 41² of them 6.5e8.
        let large = try Self.subject(run, grid: 201)
        #expect(LandscapeView.work(of: large) == 201 * 201 * 48 * 8001)
        #expect(LandscapeView.problem(with: try Self.subject(run, grid: 41)) == nil)
        let limit = LandscapeView.defaultWork
        #expect(LandscapeView.work(of: large) < limit, "below the limit: drawn by default")
        #expect(LandscapeView.problem(with: large) == nil)
        // Four times the examples' parameters: over the limit unless asked for.
        let wider = try Self.trainedRun(epochs: 2, in: directory.appendingPathComponent("wider"), hidden: [8000])
        let over = try Self.subject(wider, grid: 201)
        #expect(LandscapeView.work(of: over) > limit)
        let said = try #require(LandscapeView.reasonNotDrawn(for: over, asked: false))
        #expect(said.hasPrefix("the loss landscape of this network would take 6.2e+10 multiply-adds"), "\(said)")
        var asked = over.pictures
        asked.views = [try #require(PictureView(rawValue: "landscape"))]
        #expect(LandscapeView.problem(with: try over.resizedWith(asked)) == nil)
    }
}

extension RunSubject {
    /// This subject drawn with `pictures`.
    func resizedWith(_ pictures: PictureSettings) throws -> RunSubject {
        try RunSubject(directory: directory, store: store, pictures: pictures, keyEpochs: keyEpochs)
    }
}

extension LandscapeTests {
    /// The trajectory plane read a block at a time (a budget of a few rows) is scikit-learn's
    /// PCA of the whole path, for a long path of few parameters (the scatter matrix) and a short
    /// path of many (the Gram matrix), both larger than the 64 rows Jacobi rotations take.
    @Test(arguments: [(points: 150, parameters: 80), (points: 120, parameters: 300)])
    func theStreamedPlaneIsScikitLearnsPCA(shape: (points: Int, parameters: Int)) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A seeded random walk that drifts, so that its variance has a few strong directions.
        var generator = SeededGenerator(seed: 7)
        var point = (0..<shape.parameters).map { _ in Float(generator.nextGaussian()) }
        let drift = (0..<shape.parameters).map { _ in Float(generator.nextGaussian()) }
        var path: [[Float]] = []
        for step in 0..<shape.points {
            path.append(point)
            point = zip(point, drift).map { $0 + 0.05 * $1 * Float(shape.points - step) / Float(shape.points) + 0.02 * Float(generator.nextGaussian()) }
        }
        let budget = 9 * 8 * shape.parameters                  // 9 rows at once: blocks of 4
        let plane = try #require(try LandscapePlane.trajectory(ParameterPath(path), center: path[path.count - 1], budget: budget))
        let coordinates = try plane.coordinates(along: ParameterPath(path))
        let json = String(decoding: try JSONSerialization.data(withJSONObject: path.map { $0.map(Double.init) }), as: UTF8.self)
        try json.write(to: directory.appendingPathComponent("path.json"), atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            import numpy as np
            from sklearn.decomposition import PCA
            P = np.array(json.load(open(sys.argv[1])), dtype=np.float32).astype(np.float64); D = P - P[-1]
            pca = PCA(n_components=2, svd_solver="full").fit(D)
            print(json.dumps({"components": pca.components_.tolist(), "ratios": pca.explained_variance_ratio_.tolist(),
                              "projections": (D @ pca.components_.T).tolist()}))
            """
        let result = try run("/usr/bin/python3", ["-c", script, directory.appendingPathComponent("path.json").path], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]])
        let components = try #require(reference["components"] as? [[Double]])
        for (direction, expected) in zip(plane.directions, components) {
            let worst = zip(direction, expected).map { abs($0 - $1) }.max() ?? 1
            #expect(worst < 1e-9, "direction against scikit-learn's: worst difference \(worst)")
        }
        let ratios = try #require(reference["ratios"] as? [Double]), found = try #require(plane.explainedVarianceRatio)
        #expect(abs(found[0] - ratios[0]) < 1e-12 && abs(found[1] - ratios[1]) < 1e-12, "\(found) against \(ratios)")
        #expect(ratios[0] < 0.999 && ratios[1] > 1e-4, "a plane with two directions that matter: \(ratios)")
        let projections = try #require(reference["projections"] as? [[Double]])
        let worst = zip(coordinates, projections).map { max(abs($0.alpha - $1[0]), abs($0.beta - $1[1])) }.max() ?? 1
        #expect(worst < 1e-9, "the path's coordinates: worst difference \(worst)")
        // Held all at once, the same plane.
        let whole = try #require(LandscapePlane.trajectory(path))
        for (a, b) in zip(whole.directions, plane.directions) { #expect(zip(a, b).map { abs($0 - $1) }.max() ?? 1 < 1e-10) }
    }
}
