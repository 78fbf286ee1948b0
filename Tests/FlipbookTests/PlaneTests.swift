import Testing
import Foundation
import Datasets
import LinearAlgebra
import Neural
import FrameStore
import Render
import TestSupport
@testable import Flipbook

/// The plane data of more than two features is drawn on (`--plane`): its axes against a case
/// worked by hand, the features it holds at their medians, a network of known boundary drawn
/// at the right pixels, and the refusals.
@Suite struct PlaneTests {
    /// Eight training rows whose standardised columns have correlation matrix
    /// [[1, ½, 0], [½, 1, 0], [0, 0, 1]]: eigenvalues 3/2, 1, 1/2 along (1, 1, 0)/√2, (0, 0, 1),
    /// (1, −1, 0)/√2, so the principal plane is the first two with variance shares ½ and ⅓.
    /// Raw columns are 10 + 2·c₁, −3 + 0.5·c₂, 7 + 4·c₃; two test rows far away must not count.
    static func handWorked() -> StoredDataset {
        let c1: [Float] = [1, -1, 1, -1, 1, -1, 1, -1]
        let c2: [Float] = [1, -1, 1, -1, -1, 1, 1, -1]
        let c3: [Float] = [1, 1, -1, -1, 1, 1, -1, -1]
        var features: [Float] = []
        for i in 0..<8 { features += [10 + 2 * c1[i], -3 + 0.5 * c2[i], 7 + 4 * c3[i]] }
        features += [100, 100, -100, -50, 20, 0]
        return StoredDataset(name: "hand", kind: .table, featureCount: 3, classNames: ["a", "b"], features: features,
                             labels: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], targets: [], isTest: Array(repeating: false, count: 8) + [true, true],
                             mean: [10, -3, 7], deviation: [2, 0.5, 4], featureNames: ["p", "q", "r"])
    }

    @Test func principalAxesAndVarianceSharesMatchTheHandWorkedCase() throws {
        let plane = try #require(try DataPlane.resolve(.pca, for: Self.handWorked(), pictures: PictureSettings()))
        let root = 0.5.squareRoot()
        for (got, want) in zip(plane.axes[0], [root, root, 0]) { #expect(abs(got - want) < 1e-6, "PC1 \(plane.axes[0])") }
        for (got, want) in zip(plane.axes[1], [0, 0, 1.0]) { #expect(abs(got - want) < 1e-6, "PC2 \(plane.axes[1])") }
        let ratio = try #require(plane.explainedVarianceRatio)
        #expect(abs(ratio[0] - 0.5) < 1e-6 && abs(ratio[1] - 1.0 / 3) < 1e-6, "\(ratio)")
        #expect(plane.origin.allSatisfy { abs($0) < 1e-6 })
        #expect(plane.axisNames == ("PC1 (50 %)", "PC2 (33 %)"))
    }

    /// Image data is drawn as its images: no plane is fitted for it (a principal plane of 784
    /// pixels cost 13 s of every Fashion-MNIST run and redraw), and a chosen plane is refused.
    @Test func imageDataGetsNoPlane() throws {
        let pixels = 9, rows = 6
        let features = (0..<(pixels * rows)).map { Float(($0 * 7) % 11) / 10 }
        let images = StoredDataset(name: "tiny-images", kind: .image, featureCount: pixels, imageSize: (3, 3), classNames: ["a", "b"],
                                   features: features, labels: [0, 1, 0, 1, 0, 1], targets: [],
                                   isTest: [false, false, false, false, true, true],
                                   mean: Array(repeating: 0.5, count: pixels), deviation: Array(repeating: 0.3, count: pixels))
        #expect(try DataPlane.resolve(nil, for: images, pictures: PictureSettings()) == nil)
        #expect(throws: SettingError.self) { try DataPlane.resolve(.pca, for: images, pictures: PictureSettings()) }
    }

    /// Many features take their two leading components by subspace iteration: the same plane
    /// and variance shares as the full Jacobi decomposition of the same covariance.
    @Test func manyFeaturesGiveTheSamePrincipalPlaneAsTheFullDecomposition() throws {
        let d = 72, n = 90
        var generator = SeededGenerator(seed: 7)
        let factors = (0..<n).map { _ in (Float.random(in: -1...1, using: &generator), Float.random(in: -1...1, using: &generator)) }
        var features: [Float] = []
        for (a, b) in factors {
            for k in 0..<d { features.append(Float(k % 3) * a + Float(k % 5) * 0.5 * b + Float.random(in: -0.2...0.2, using: &generator)) }
        }
        let data = StoredDataset(name: "wide", kind: .table, featureCount: d, classNames: ["a", "b"], features: features,
                                 labels: (0..<n).map { Int32($0 % 2) }, targets: [], isTest: Array(repeating: false, count: n),
                                 mean: Array(repeating: 0, count: d), deviation: Array(repeating: 1, count: d))
        let plane = try #require(try DataPlane.resolve(.pca, for: data, pictures: PictureSettings()))
        let rows = DataPlane.trainingRows(of: data)
        let covariance = DataPlane.scatter(rows, d: d, center: DataPlane.columnMeans(rows, d: d))
        let full = SymmetricEigen.decompose(Matrix(rows: d, columns: d, elements: covariance))
        let total = (0..<d).reduce(0) { $0 + covariance[$1 * d + $1] }
        for c in 0..<2 {
            let cosine = zip(plane.axes[c], full.vectors[c]).reduce(0) { $0 + $1.0 * $1.1 }
                / full.vectors[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(abs(cosine) - 1) < 1e-6, "axis \(c): cosine \(cosine)")
            #expect(abs(try #require(plane.explainedVarianceRatio)[c] - full.values[c] / total) < 1e-9)
        }
    }

    /// A built-in table as a store keeps it: training part first, standardised on it.
    static func stored(_ table: BuiltInTable) throws -> StoredDataset {
        let split = try DatasetSource.builtIn(table).split(for: RunConfig())
        let (_, standardization) = split.standardized()
        let train = split.train, test = split.test
        return StoredDataset(name: table.rawValue, kind: .table, featureCount: train.features.columns, classNames: train.classNames,
                             features: train.features.elements + test.features.elements,
                             labels: ((train.labels ?? []) + (test.labels ?? [])).map(Int32.init), targets: [],
                             isTest: Array(repeating: false, count: train.count) + Array(repeating: true, count: test.count),
                             mean: standardization.mean, deviation: standardization.deviation, featureNames: train.featureNames)
    }

    /// Breast cancer's Fisher plane: its discriminant spreads the samples over a small fraction
    /// of what its second axis does (the direction of least spread within the classes). Each
    /// axis spans its own points, so the separation along LD1 fills the picture's width; a
    /// square would squeeze the samples into a thin vertical band.
    @Test func aFisherPlaneGivesEachAxisItsOwnSpan() throws {
        let data = try Self.stored(.breastCancer)
        let plane = try #require(try DataPlane.resolve(.lda, for: data, pictures: PictureSettings()))
        let architecture = Architecture(layerSizes: [30, 1], activations: [.identity], loss: .binaryCrossEntropy)
        let scene = RunScene(run: StoredRun(configJSON: "{}", architecture: architecture, dataset: data), metrics: [], plane: plane)
        let xs = scene.points.map(\.x), ys = scene.points.map(\.y)
        let spreadX = xs.max()! - xs.min()!, spreadY = ys.max()! - ys.min()!
        #expect(spreadY > 5 * spreadX, "the premise: LD1 spreads the data far less (\(spreadX) against \(spreadY))")
        #expect(spreadX / (scene.domain.maxX - scene.domain.minX) > 0.8, "LD1's points span \(spreadX) of \(scene.domain)")
        #expect(spreadY / (scene.domain.maxY - scene.domain.minY) > 0.8)
        // The principal plane stays square (one standard deviation as long on both axes).
        let pca = RunScene(run: StoredRun(configJSON: "{}", architecture: architecture, dataset: data), metrics: [],
                           plane: try DataPlane.resolve(.pca, for: data, pictures: PictureSettings()))
        #expect(abs((pca.domain.maxX - pca.domain.minX) - (pca.domain.maxY - pca.domain.minY)) < 1e-9)
    }

    /// Every plane's axes are orthonormal to 1e-5, on real data with correlated features.
    @Test(arguments: [PlaneChoice.pca, .lda, .features("3", "petal_width")])
    func axesAreOrthonormal(choice: PlaneChoice) throws {
        let data = try Self.stored(.iris)
        let plane = try #require(try DataPlane.resolve(choice, for: data, pictures: PictureSettings()))
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(abs(dot(plane.axes[0], plane.axes[0]) - 1) < 1e-5)
        #expect(abs(dot(plane.axes[1], plane.axes[1]) - 1) < 1e-5)
        #expect(abs(dot(plane.axes[0], plane.axes[1])) < 1e-5)
        #expect(plane.kind == choice.kind)
    }

    /// A feature plane: the two features are the axes in their own units, every other feature's
    /// input is its training median (the test rows' values do not move it) at every grid point.
    @Test func aFeaturePlaneHoldsTheOthersAtTheirMedians() throws {
        var data = Self.handWorked()
        data.features[3 * 2 + 2] = 9                        // r of the third row (3 before): the median is now 10, not the mean 7.75
        let plane = try #require(try DataPlane.resolve(.features("q", "1"), for: data, pictures: PictureSettings()))
        #expect(plane.featureAxes! == (1, 0) && plane.axisNames == ("q", "p"))
        let run = StoredRun(configJSON: "{}", architecture: Architecture(layerSizes: [3, 1], activations: [.identity], loss: .binaryCrossEntropy),
                            dataset: data)
        let scene = RunScene(run: run, metrics: [], plane: plane)
        #expect(scene.kind == .boundary && scene.gridInputs.columns == 3 && scene.gridInputs.rows == RunScene.gridSize * RunScene.gridSize)
        let rRaw = (0..<8).map { Double(data.features[3 * $0 + 2]) }.sorted()
        let median = (rRaw[3] + rRaw[4]) / 2                // training rows only
        for row in stride(from: 0, to: scene.gridInputs.rows, by: 97) {
            #expect(abs(Double(scene.gridInputs[row, 2]) - (median - 7) / 4) < 1e-5 && median == 10, "r held at its median")
        }
        // The first grid point is the domain's top-left corner: q (x) at its left edge, p (y) at its top, in their own units.
        #expect(abs(Double(scene.gridInputs[0, 1]) * 0.5 - 3 - scene.domain.minX) < 1e-4)
        #expect(abs(Double(scene.gridInputs[0, 0]) * 2 + 10 - scene.domain.maxY) < 1e-4)
        // A training point lies at its own q and p, fully opaque only when its r is the median.
        #expect(abs(scene.points[0].x - Double(data.features[1])) < 1e-5 && abs(scene.points[0].y - Double(data.features[0])) < 1e-5)
    }

    /// A network whose logit is 2·(z_p − ½) on the standardised inputs has its boundary where p is
    /// 11 in data units (10 + ½·2): on the (p, q) plane the panel is class 0 left of that column
    /// and class 1 right of it, at the pixels `BoundaryPanel.pixel` gives.
    @Test func aKnownNetworkShowsItsBoundaryAtTheRightPixels() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = Self.handWorked()
        let architecture = Architecture(layerSizes: [3, 1], activations: [.identity], loss: .binaryCrossEntropy)
        let path = directory.appendingPathComponent("frames.sqlite").path
        let store = try FrameStore.create(at: path, run: StoredRun(configJSON: "{}", architecture: architecture, dataset: data))
        try store.append(EpochRecord(epoch: 0, trainLoss: 0.5, testLoss: 0.5, trainScore: 1, testScore: 1, seconds: 0,
                                     parameters: [2, 0, 0, -1], testConfusion: [1, 0, 0, 1]))
        try store.finish(.completed)
        let reader = try FrameStore.open(at: path)
        for choice in [PlaneChoice.features("p", "q"), .pca] {
            let plane = try #require(try DataPlane.resolve(choice, for: reader.run.dataset, pictures: PictureSettings()))
            let scene = RunScene(run: reader.run, metrics: reader.metrics, plane: plane)
            let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
            let view = try #require(PanelView(scene: scene, size: 320, font: font, bold: bold))
            guard case .boundary(let panel) = view.panel else { Issue.record("not a boundary panel"); return }
            let canvas = Canvas(width: 320, height: 320)
            let network = try RunRecorder.network(of: try #require(try reader.epoch(0)), in: reader)
            _ = view.draw(network: network, epoch: 0, title: "t", on: canvas)
            // The boundary's picture x: p = 11 on the feature plane; on the principal plane z_p = ½ at q = r = 0,
            // where u = z_p/√2 · 2 … along PC1 = (1, 1, 0)/√2 with v = 0: z = u/√2 (1, 1, 0), so u = ½·√2.
            let boundary = choice == .pca ? 0.5 * 2.0.squareRoot() : 11
            let y = choice == .pca ? 0 : (scene.domain.minY + scene.domain.maxY) / 2
            let at = panel.pixel(boundary, y)
            func isClass(_ k: Int, dx: Int) -> Bool {
                let color = Palette.standard.colors[Int(canvas[Int(at.x) + dx, Int(at.y) + 12])]
                return k == 0 ? color.b > color.r : color.r > color.b
            }
            for dx in [-8, -5, -3] { #expect(isClass(0, dx: dx), "\(choice): class 0 at \(dx) px left of the boundary") }
            for dx in [3, 5, 8] { #expect(isClass(1, dx: dx), "\(choice): class 1 at \(dx) px right of the boundary") }
        }
    }

    /// Unknown or repeated features, and a choice two-feature data cannot take: one line naming
    /// the features there are, status 2, nothing written.
    @Test func refusalsNameTheFeaturesThereAre() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [([String], String)] = [
            (["--dataset", "iris", "--plane", "petal_size,petal_width"], "sepal_length, sepal_width, petal_length, petal_width"),
            (["--dataset", "iris", "--plane", "petal_width,4"], "two different features of sepal_length"),
            (["--dataset", "iris", "--plane", "0,1"], "column number 1…4"),
            (["--dataset", "circles", "--plane", "pca"], "this data has two features (x1, x2)"),
            (["--dataset", "circles", "--plane", "x2,x1"], "x1,x2"),
        ]
        for (arguments, named) in cases {
            let result = try flipbook(["run", "--out", "r", "--epochs", "2"] + arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n").filter { !$0.contains("classes from the label column") }
            #expect(lines.count == 1 && lines[0].hasPrefix("flipbook: invalid plane '") && lines[0].contains(named), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r").path), "\(arguments) wrote r")
        }
        let ok = try flipbook(["run", "--out", "c", "--epochs", "2", "--samples", "40", "--views", "boundary", "--plane", "x1,x2"], in: directory)
        #expect(ok.status == 0, "two-feature data takes its own two features: \(ok.stderr)")
    }

    /// A redraw through another plane, without retraining, writes that plane's plane.json.
    @Test func renderRedrawsThroughAnotherPlane() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trained = try flipbook(["run", "--out", "r", "--dataset", "iris", "--epochs", "3", "--views", "boundary", "--size", "160"], in: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let pca = try String(contentsOf: directory.appendingPathComponent("r/plane.json"), encoding: .utf8)
        #expect(pca.contains("\"kind\": \"pca\"") && pca.contains("\"explained_variance_ratio\""))
        let redrawn = try flipbook(["render", "r", "--out", "s", "--plane", "petal_length,petal_width", "--views", "boundary", "--size", "160"], in: directory)
        #expect(redrawn.status == 0, "\(redrawn.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("s/plane.json"))) as? [String: Any]
        #expect(json?["kind"] as? String == "features" && json?["explained_variance_ratio"] == nil)
        #expect((json?["features"] as? [String]) == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        #expect((json?["axes"] as? [[Double]])?.map { $0.map { Int($0) } } == [[0, 0, 1, 0], [0, 0, 0, 1]])
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("s/decision_boundary.gif").path))
    }

    /// `compare --vary seed` splits and standardises each variant differently; every panel must
    /// still slice through one plane: the same raw point at the same place (and pixel) in every
    /// panel, and a network whose boundary is petal_length = 4 cm in raw units (each variant's
    /// weights written for its own standardisation) showing that boundary at the same pixels in
    /// every panel. The comparison writes that plane's plane.json.
    @Test(arguments: [PlaneChoice.pca, .features("petal_length", "petal_width")])
    func aComparisonSlicesEveryVariantThroughOnePlane(choice: PlaneChoice) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = RunConfig()
        try base.apply("dataset", "iris")
        try base.apply("epochs", "2")
        try base.apply("views", "boundary")
        base.pictures.size = 240
        base.pictures.plane = choice
        let variations = [try Variation(parsing: "seed=0,1,2")]
        let out = RunDirectory(path: directory.appendingPathComponent("cmp").path)
        try Comparison.run(base: base, variations: variations, into: out, progress: SilentProgress())
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.file(DataPlane.fileName))) as? [String: Any]
        #expect(json?["kind"] as? String == choice.kind)
        #expect(try String(contentsOf: out.report, encoding: .utf8).contains("Every panel slices through one plane, the first variant's"))
        let subject = try ComparisonSubject(directory: out, variants: try Comparison.variants(base: base, variations: variations), base: base)
        let members = subject.members
        let runs = members.map(\.store.run.dataset)
        #expect(Set(runs.map(\.mean)).count == 3, "the premise: every seed standardises differently")
        // The same raw samples, standardised as each variant does, project to the same picture point.
        let reference = runs[0]
        let d = reference.featureCount
        for (member, data) in zip(members, runs) {
            let plane = try #require(member.scene.plane)
            #expect(member.scene.domain == members[0].scene.domain, "\(member.variant.label): its own rectangle")
            for row in stride(from: 0, to: reference.count, by: 7) {
                let raw = reference.features[(row * d)..<((row + 1) * d)]
                let z = zip(raw, zip(data.mean, data.deviation)).map { ($0 - $1.0) / $1.1 }
                let place = plane.project(z[...])
                let first = try #require(members[0].scene.plane).project(zip(raw, zip(reference.mean, reference.deviation)).map { ($0 - $1.0) / $1.1 }[...])
                #expect(abs(place.x - first.x) < 1e-4 && abs(place.y - first.y) < 1e-4 && abs(place.distance - first.distance) < 1e-4,
                        "\(member.variant.label), row \(row): \(place) against \(first)")
            }
        }
        // The known boundary: petal_length − 4 > 0 is class 1. On the first panel's plane, on a
        // row near the bottom of the plot (below the points, which would cover the heat map), the
        // x where petal_length is 4.
        let shared = try #require(members[0].scene.plane)
        let domain = members[0].scene.domain
        let y = domain.minY + 0.04 * (domain.maxY - domain.minY)
        let k = 2
        let boundary: Double
        if let (i, _) = shared.featureAxes {
            #expect(i == k)
            boundary = 4
        } else {
            let v = shared.planeCoordinate(y, axis: 1)
            boundary = ((4 - shared.mean[k]) / shared.deviation[k] - shared.origin[k] - v * shared.axes[1][k]) / shared.axes[0][k]
        }
        let rising = shared.featureAxes != nil || shared.axes[0][k] > 0
        #expect(boundary > domain.minX + 0.1 * (domain.maxX - domain.minX) && boundary < domain.maxX - 0.1 * (domain.maxX - domain.minX))
        guard case .boundary(let firstPanel) = try #require(members[0].view).panel else { Issue.record("not a boundary panel"); return }
        let at = firstPanel.pixel(boundary, y)                  // the same pixel in every panel
        for (member, data) in zip(members, runs) {
            let view = try #require(member.view)
            let weights = (0..<d).map { $0 == k ? data.deviation[k] : 0 }
            let network = Network<Float>(layers: [Dense(weight: Matrix(rows: d, columns: 1, elements: weights),
                                                         bias: Matrix(rows: 1, columns: 1, elements: [data.mean[k] - 4]), activation: .identity)],
                                         loss: .binaryCrossEntropy)
            let canvas = Canvas(width: subject.panelSide, height: subject.panelSide)
            _ = view.draw(network: network, epoch: 0, title: "t", on: canvas)
            func isClass(_ c: Int, dx: Int) -> Bool {
                let color = Palette.standard.colors[Int(canvas[Int(at.x) + dx, Int(at.y)])]
                return c == 0 ? color.b > color.r : color.r > color.b
            }
            for dx in [-8, -5, -3] { #expect(isClass(rising ? 0 : 1, dx: dx), "\(member.variant.label): \(dx) px from the boundary") }
            for dx in [3, 5, 8] { #expect(isClass(rising ? 1 : 0, dx: dx), "\(member.variant.label): \(dx) px from the boundary") }
        }
    }

    /// A plane expressed in another standardisation: a picture point's input stands for the same
    /// raw point, and a raw sample projects to the same place at the same distance (the plane's
    /// standard deviations), though the axes there are no longer orthonormal.
    @Test func aPlaneInAnotherStandardisationKeepsItsRawPoints() throws {
        let plane = try #require(try DataPlane.resolve(.pca, for: Self.handWorked(), pictures: PictureSettings()))
        let otherMean = [11.0, -2.5, 5], otherDeviation = [3.0, 0.25, 8]
        let other = plane.expressed(inMean: otherMean, deviation: otherDeviation)
        #expect(other != plane && plane.expressed(inMean: plane.mean, deviation: plane.deviation) == plane)
        let axis = try #require(other.networkSpace).axes[0]
        #expect(abs(axis.reduce(0) { $0 + $1 * $1 } - 1) > 0.1, "not orthonormal there: \(axis)")
        for (x, y) in [(0.0, 0.0), (1.5, -0.7), (-2, 3)] {
            let a = plane.input(x: x, y: y), b = other.input(x: x, y: y)
            for k in 0..<3 {
                let rawA = plane.mean[k] + plane.deviation[k] * Double(a[k]), rawB = otherMean[k] + otherDeviation[k] * Double(b[k])
                #expect(abs(rawA - rawB) < 1e-4, "(\(x), \(y)) feature \(k): \(rawA) against \(rawB)")
            }
        }
        for raw in [[12.0, -2.0, 1.0], [10, -3, 7], [4, 0, 20]] {
            let z = (0..<3).map { Float((raw[$0] - plane.mean[$0]) / plane.deviation[$0]) }
            let zOther = (0..<3).map { Float((raw[$0] - otherMean[$0]) / otherDeviation[$0]) }
            let p = plane.project(z[...]), q = other.project(zOther[...])
            #expect(abs(p.x - q.x) < 1e-5 && abs(p.y - q.y) < 1e-5 && abs(p.distance - q.distance) < 1e-5, "\(raw): \(p) against \(q)")
        }
    }
}
