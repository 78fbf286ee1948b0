import Testing
import Foundation
import TestSupport
import FrameStore
import LinearAlgebra
import Neural
import Render
@testable import Flipbook

/// The network diagram and the hidden space: pixels of a network with chosen weights, the fixed
/// projection, frame counts and sizes, `--views`, and stores written before these views existed.
@Suite struct InsideViewsTests {
    /// A store of a 2 → 1 relu → 1 network over points symmetric about the origin, standardised
    /// by mean 0 and deviation 1 (so the network sees plane coordinates), one epoch per entry of
    /// `epochs` (parameters W1, b1, W2, b2).
    static func store(in directory: URL, epochs: [[Float]]) throws -> RunDirectory {
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        let corners: [(Float, Float)] = [(-1, -1), (-1, 1), (1, -1), (1, 1), (-0.5, 0), (0.5, 0), (-0.5, 0.5), (0.5, -0.5)]
        let dataset = StoredDataset(name: "halves", kind: .points2D, featureCount: 2, classNames: ["left", "right"],
                                    features: corners.flatMap { [$0.0, $0.1] }, labels: corners.map { $0.0 > 0 ? 1 : 0 },
                                    targets: [], isTest: [false, false, false, false, false, false, true, true], mean: [0, 0], deviation: [1, 1])
        var config = RunConfig()
        config.hidden = [1]
        config.epochs = epochs.count
        let architecture = Architecture(layerSizes: [2, 1, 1], activations: [.relu, .identity], loss: .binaryCrossEntropy)
        let store = try FrameStore.create(at: run.store.path, run: StoredRun(configJSON: config.json(), architecture: architecture, dataset: dataset))
        for (epoch, parameters) in epochs.enumerated() {
            try store.append(EpochRecord(epoch: epoch, trainLoss: 0.5, testLoss: 0.5, trainScore: 1, testScore: 1, seconds: 0,
                                         parameters: parameters, testConfusion: [1, 0, 0, 1]))
        }
        try store.finish(.completed)
        return run
    }

    /// relu(x₁): positive exactly on the right half-plane; the output 2·h − ½.
    static let rightHalf: [Float] = [1, 0, 0, 2, -0.5]

    /// The views of the run in `run`, opened as `render` opens it.
    static func views(of run: RunDirectory, size: Int = 480) throws -> (scene: RunScene, store: FrameStoreReader, inside: InsideViews) {
        let store = try FrameStore.open(at: run.store.path)
        let scene = RunScene(run: store.run, metrics: store.metrics)
        let inside = try InsideViews(scene: scene, store: store, frames: store.frameEpochs, pictures: PictureSettings(size: size),
                                     font: try Font.locate(), bold: try Font.locate(Font.boldFileName))
        return (scene, store, try #require(inside))
    }

    @Test func aUnitPositiveOnTheRightHalfPlaneIsColouredThereAndOnlyThere() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (scene, store, inside) = try Self.views(of: try Self.store(in: directory, epochs: [Self.rightHalf]))
        let view = try #require(inside.network)
        let network = try RunRecorder.network(of: try #require(try store.epoch(0)), in: store)
        let probes = inside.probes(network)
        let canvas = view.draw(network: network, grid: try #require(probes.grid), panel: nil, metrics: Canvas(width: 480, height: 480))
        let unit = view.diagram.unitRects[1][0]
        #expect(unit.width >= 40, "maps of at least 40 px at size 480")
        let orange = Set((1...Palette.shadesPerClass).map { Palette.classShade(1, $0) })
        let biasCorner = max(5, view.diagram.metrics.px(10))
        var right = 0
        for y in unit.y..<unit.maxY {
            for x in unit.x..<unit.maxX where !(x < unit.x + biasCorner && y >= unit.maxY - biasCorner) {
                let offset = Double(x) + 0.5 - (Double(unit.x) + Double(unit.width) / 2)
                if offset < -1 { #expect(canvas[x, y] == Palette.background, "(\(x), \(y)) left of the middle") }
                if offset > 1 {
                    #expect(orange.contains(canvas[x, y]), "(\(x), \(y)) right of the middle")
                    right += 1
                }
            }
        }
        #expect(right > unit.width * unit.height / 3)
        #expect(scene.kind == .boundary)
    }

    @Test func theProjectionIsFixedAndPointsMoveOnlyWhenParametersDo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A 2-unit layer in its own coordinates would not test the projection: make it wider.
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        var config = PipelineTests.smallConfig()
        config.hidden = [8]
        config.epochs = 6
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        let (_, store, inside) = try Self.views(of: run)
        let projection = try #require(inside.survey.projection)
        guard case .principal(let variance) = projection.method else {
            Issue.record("an 8-unit layer is projected on principal components, not \(projection.method)")
            return
        }
        #expect(variance > 0 && variance <= 1)
        let networks = try store.frameEpochs.map { try RunRecorder.network(of: try #require(try store.epoch($0)), in: store) }
        let first = inside.probes(networks[0]).samples?.projected ?? []
        let again = inside.probes(networks[0]).samples?.projected ?? []
        let later = inside.probes(networks[5]).samples?.projected ?? []
        #expect(first.count == 200 && again.count == 200)
        #expect(zip(first, again).allSatisfy { $0.x == $1.x && $0.y == $1.y }, "the same parameters put every point in the same place")
        #expect(zip(first, later).contains { $0.x != $1.x || $0.y != $1.y }, "new parameters move the points")
        // Every frame goes through the survey's one map, fitted at the last epoch, not one of its own.
        for (index, network) in [(0, networks[0]), (5, networks[5])] {
            let hidden = network.forward(store.run.dataset.count > 0 ? inside.scene.inputs : Matrix(rows: 0, columns: 2))[1]
            let expected = (0..<hidden.rows).map { r in
                Array(hidden.elements[(r * 8)..<((r + 1) * 8)]).withUnsafeBufferPointer { projection.project($0) }
            }
            let drawn = inside.probes(network).samples?.projected ?? []
            #expect(drawn.count == expected.count && zip(drawn, expected).allSatisfy { $0.x == $1.x && $0.y == $1.y }, "epoch \(index)")
        }
        // Drawn again from the same store, the survey (projection and axes) is the same.
        let (_, _, redrawn) = try Self.views(of: run)
        #expect(redrawn.survey.projection == projection)
        #expect(redrawn.survey.hiddenDomain == inside.survey.hiddenDomain)
    }

    /// The one batched pass over the grid (in blocks, as a wide network's is) against every grid
    /// point evaluated alone: each chosen unit's map to float tolerance, and the hidden space's
    /// lines through the projection of exactly the grid points they pass (no other is projected).
    @Test func theBatchedGridPassEqualsEachPointEvaluatedAlone() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        var config = PipelineTests.smallConfig()
        config.hidden = [8, 6]
        config.epochs = 4
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        let (scene, store, inside) = try Self.views(of: run)
        let hidden = try #require(inside.hidden)
        let projection = try #require(inside.survey.projection)
        let network = try RunRecorder.network(of: try #require(try store.epoch(store.frameEpochs.last!)), in: store)
        let chosen = inside.survey.chosen
        let grid = LayerProbe(network: network, inputs: scene.gridInputs, chosen: chosen, projection: projection, rowsPerPass: 1000,
                              projecting: hidden.projectedGridPoints)
        let n = scene.fieldSize
        let onLines = Set(HiddenSpaceView.lineGridPoints(n).joined())
        #expect(hidden.projectedGridPoints == onLines.sorted())
        #expect(grid.projected.count == onLines.count && grid.allZero.count == onLines.count && grid.units.count == 2)
        let place = Dictionary(uniqueKeysWithValues: hidden.projectedGridPoints.enumerated().map { ($1, $0) })
        for r in stride(from: 0, to: n * n, by: 7) + Array(onLines) {
            let alone = network.forward(Matrix(rows: 1, columns: 2, elements: [scene.gridInputs[r, 0], scene.gridInputs[r, 1]]))
            for (l, units) in chosen.enumerated() {
                for (k, unit) in units.enumerated() {
                    #expect(abs(grid.units[l][k][r] - alone[l + 1][0, unit]) <= 1e-5 * max(1, abs(alone[l + 1][0, unit])), "layer \(l) unit \(unit) point \(r)")
                }
            }
            if let k = place[r] {
                let expected = alone[2].elements.withUnsafeBufferPointer { projection.project($0) }
                #expect(abs(grid.projected[k].x - expected.x) <= 1e-4 && abs(grid.projected[k].y - expected.y) <= 1e-4, "point \(r)")
            }
        }
        let lines = hidden.lines(grid)
        #expect(lines.count == 2 * (Array(stride(from: 0, to: n - 1, by: HiddenSpaceView.lineEvery)).count + 1))
        #expect(lines.allSatisfy { $0.allSatisfy { $0.x.isFinite && $0.y.isFinite } })
        // The lines through the listed rows alone are, bit for bit, those through every row projected.
        let every = LayerProbe(network: network, inputs: scene.gridInputs, chosen: [], projection: projection, rowsPerPass: 1000)
        #expect(every.projected.count == n * n)
        let expected = HiddenSpaceView.lineGridPoints(n).map { line in line.map { every.projected[$0] } }
        #expect(lines.count == expected.count && zip(lines, expected).allSatisfy { line, want in
            line.count == want.count && zip(line, want).allSatisfy { $0.x == $1.x && $0.y == $1.y }
        })
        #expect(zip(hidden.projectedGridPoints, grid.allZero).allSatisfy { every.allZero[$0] == $1 })
        // A listed row out of order, repeated or beyond the grid is skipped.
        let picked = LayerProbe(network: network, inputs: scene.gridInputs, chosen: [], projection: projection, rowsPerPass: 1000,
                                projecting: [5, 3, 1999, 1999, n * n, 2001, -1])
        #expect(picked.projected.count == 3 && zip(picked.projected, [5, 1999, 2001]).allSatisfy { $0.x == every.projected[$1].x && $0.y == every.projected[$1].y })
    }

    /// The pass over the grid, its units gathered by CKernels (eight consecutive units at a time
    /// by 8 × 8 transposes, the rest one at a time), against the forward pass of each block of
    /// `rowsPerPass` rows read a unit at a time: the same numbers exactly, for every unit of a
    /// 16-unit layer, a scattered choice of a 20-unit layer's units, and the outputs.
    @Test func theGridPassKeepsExactlyTheForwardPassNumbers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        var config = PipelineTests.smallConfig()
        config.hidden = [16, 20]
        config.epochs = 3
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        let (scene, store, _) = try Self.views(of: run)
        let network = try RunRecorder.network(of: try #require(try store.epoch(store.frameEpochs.last!)), in: store)
        let inputs = scene.gridInputs
        let chosen = [Array(0..<16), [2, 3, 4, 5, 6, 7, 8, 9, 19, 0, 17, 11]]
        for rowsPerPass in [1 << 22, 1003] {
            let probe = LayerProbe(network: network, inputs: inputs, chosen: chosen, projection: nil, rowsPerPass: rowsPerPass)
            var output: [Float] = [], columns = chosen.map { $0.map { _ in [Float]() } }
            for start in stride(from: 0, to: inputs.rows, by: rowsPerPass) {
                let rows = start..<min(start + rowsPerPass, inputs.rows)
                let block = network.forward(Matrix(rows: rows.count, columns: 2, elements: Array(inputs.elements[(2 * rows.lowerBound)..<(2 * rows.upperBound)])))
                output += block[3].elements
                for (l, units) in chosen.enumerated() {
                    for (k, unit) in units.enumerated() { columns[l][k] += (0..<rows.count).map { block[l + 1][$0, unit] } }
                }
            }
            #expect(probe.output.elements == output, "rowsPerPass \(rowsPerPass)")
            for (l, units) in chosen.enumerated() {
                for (k, unit) in units.enumerated() {
                    #expect(probe.units[l][k] == columns[l][k], "rowsPerPass \(rowsPerPass): layer \(l) unit \(unit)")
                }
            }
        }
    }

    @Test func principalComponentsOfPointsOnALineFindTheLine() {
        // Rows (t, 2t, 0) with t = −2…2: one axis along (1, 2, 0)/√5 holds all the variance.
        let rows: [[Float]] = (-2...2).map { t in [Float(t), Float(2 * t), 0] }
        let projection = Projection.principalComponents(of: Matrix(rows))
        let axis = projection.axes[0]
        #expect(isApproximatelyEqual(axis[0], 1 / 5.0.squareRoot(), relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(axis[1], 2 / 5.0.squareRoot(), relativeTolerance: 1e-9))
        #expect(abs(axis[2]) < 1e-12)
        #expect(abs(zip(axis, projection.axes[1]).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-9, "the axes are orthogonal")
        guard case .principal(let variance) = projection.method else { Issue.record("\(projection.method)"); return }
        #expect(isApproximatelyEqual(variance, 1, relativeTolerance: 1e-9))
        let x = [Float](arrayLiteral: 1, 2, 0).withUnsafeBufferPointer { projection.project($0) }
        #expect(isApproximatelyEqual(x.x, 5.0.squareRoot(), relativeTolerance: 1e-9))
    }

    /// gifsicle's count of a GIF's frames.
    static func frameCount(_ path: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gifsicle", "--info", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let words = text.split(separator: "\n").first?.split(separator: " ") ?? []
        guard let index = words.firstIndex(where: { $0.hasPrefix("image") }), index > 0, let count = Int(words[index - 1]) else { return -1 }
        return count
    }

    /// Width, height and the first frame's delay of a GIF.
    static func gifHeader(_ path: String) throws -> (width: Int, height: Int, delay: Int?) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let delay = bytes.indices.dropLast(5).first { bytes[$0] == 0x21 && bytes[$0 + 1] == 0xF9 && bytes[$0 + 2] == 4 }
            .map { Int(bytes[$0 + 4]) | Int(bytes[$0 + 5]) << 8 }
        return (Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8, delay)
    }

    @Test func framesSizesAndDelaysOfTheNewAnimations() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.epochs = 12
        config.hidden = [4, 3]
        config.pictures = PictureSettings(size: 200, fps: 10)
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let network = try Self.gifHeader(run.file("network.gif").path)
        #expect(network.height == 400, "two panels high")
        #expect(network.width > 200, "the diagram beside the panels")
        #expect(network.delay == 10, "10 frames per second: 10 hundredths a frame")
        #expect(try Self.gifHeader(run.file("hidden_space.gif").path) == (200, 200 + HiddenSpacePanel.captionHeight(size: 200), 10))
        #expect(try Self.frameCount(run.file("network.gif").path) == 12)
        #expect(try Self.frameCount(run.file("hidden_space.gif").path) == 12)
        for epoch in ["000", "005", "011"] {
            #expect(FileManager.default.fileExists(atPath: run.file("network_epoch_\(epoch).png").path))
            #expect(FileManager.default.fileExists(atPath: run.file("hidden_space_epoch_\(epoch).png").path))
        }
        let report = try String(contentsOf: run.report, encoding: .utf8)
        #expect(report.contains("![network.gif](network.gif)") && report.contains("![hidden_space.gif](hidden_space.gif)"))
        #expect(report.contains("Inside the network: every hidden unit"))
    }

    @Test func theAnimationsMayOpenWithTheUntrainedNetwork() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.epochs = 5
        config.pictures = PictureSettings(size: 160)
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let trained = directory.appendingPathComponent("trained.gif").path
        try FileManager.default.copyItem(atPath: run.file("decision_boundary.gif").path, toPath: trained)
        var pictures = config.pictures
        pictures.firstFrame = .untrained
        try Pipeline.render(run, pictures: pictures, progress: SilentProgress())
        for name in ["decision_boundary.gif", "training.gif", "loss.gif", "network.gif", "hidden_space.gif"] {
            #expect(try Self.frameCount(run.file(name).path) == 6, "\(name): the untrained network, then 5 epochs")
        }
        // The second frame is the first epoch's; the first is another picture (the untrained network).
        let opened = run.file("decision_boundary.gif").path
        #expect(try Self.frame(1, of: opened) == Self.frame(0, of: trained))
        #expect(try Self.frame(0, of: opened) != Self.frame(0, of: trained))
        // A store without initial parameters (schema 1) opens with its first epoch as before.
        let old = directory.appendingPathComponent("old")
        try StoreFixture.circles.materialize(in: old)
        try Pipeline.render(RunDirectory(path: old.path), pictures: pictures, progress: SilentProgress())
        #expect(try Self.frameCount(old.appendingPathComponent("decision_boundary.gif").path) == FrameStoreProbe.frameCount(old.appendingPathComponent("frames.sqlite").path))
    }

    /// A comparison opens the same way: every variant's untrained network, then the epochs.
    @Test func aComparisonMayOpenWithTheUntrainedNetworks() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = PipelineTests.smallConfig()
        base.epochs = 4
        base.pictures = PictureSettings(size: 160)
        let variations = [try Variation(parsing: "learning-rate=0.1,1")]
        let plain = RunDirectory(path: directory.appendingPathComponent("plain").path)
        try Comparison.run(base: base, variations: variations, into: plain, progress: SilentProgress())
        base.pictures.firstFrame = .untrained
        let opened = RunDirectory(path: directory.appendingPathComponent("opened").path)
        try Comparison.run(base: base, variations: variations, into: opened, progress: SilentProgress())
        for name in ["comparison.gif", "network_comparison.gif"] {
            let before = plain.file(name).path, after = opened.file(name).path
            #expect(try Self.frameCount(after) == Self.frameCount(before) + 1, "\(name): the untrained networks, then the epochs")
            #expect(try Self.frame(1, of: after) == Self.frame(0, of: before), "\(name)")
            #expect(try Self.frame(0, of: after) != Self.frame(0, of: before), "\(name)")
        }
    }

    /// Frame `index` of a GIF, as gifsicle writes it alone and whole.
    static func frame(_ index: Int, of path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gifsicle", "--unoptimize", path, "#\(index)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test func renderWithOneViewWritesOnlyThatView() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.store(in: directory, epochs: [Self.rightHalf, Self.rightHalf.map { $0 * 1.5 }, Self.rightHalf.map { $0 * 2 }])
        let result = try flipbook(["render", run.url.path, "--views", "network", "--size", "160"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: run.url.path)).filter { !$0.hasPrefix(".") }
        let pictures = names.filter { $0.hasSuffix(".gif") || $0.hasSuffix(".png") }
        #expect(pictures == ["network.gif", "network.poster.png", "network_epoch_000.png", "network_epoch_001.png", "network_epoch_002.png"], "\(pictures)")
        #expect(names.isSuperset(of: ["report.md", "metrics.csv", "parameters.npz", "frames.sqlite"]))
        let refused = try flipbook(["render", run.url.path, "--views", "network,nope"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("flipbook:") && refused.stderr.contains("views"), "\(refused.stderr)")
    }

    @Test(arguments: [StoreFixture.circles, .spiral, .image])
    func storesWrittenBeforeTheseViewsDrawThem(fixture: StoreFixture) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent(fixture.rawValue)
        try fixture.materialize(in: run)
        try Pipeline.render(RunDirectory(path: run.path), pictures: PictureSettings(size: 160, views: [.network, .hidden]),
                            progress: SilentProgress())
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
        #expect(names.contains("hidden_space.gif"), "\(fixture): \(names)")
        #expect(names.contains("network.gif") == (fixture != .image), "\(fixture): \(names)")
        #expect(names.contains("weights.gif") == (fixture == .image), "\(fixture): \(names)")
        #expect(!names.contains("loss.gif") && !names.contains("decision_boundary.gif"), "\(fixture): \(names)")
    }

    @Test func aComparisonDrawsTheNetworksAsSmallMultiples() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = PipelineTests.smallConfig()
        base.epochs = 4
        base.pictures = PictureSettings(size: 160, views: [.network])
        let out = RunDirectory(path: directory.appendingPathComponent("cmp").path)
        try Comparison.run(base: base, variations: [try Variation(parsing: "hidden=2|3,3")], into: out, progress: SilentProgress())
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out.url.path))
        #expect(names.contains("network_comparison.gif") && names.contains("network_comparison_epoch_003.png"), "\(names)")
        #expect(!names.contains("comparison.gif") && !names.contains("loss_comparison.png"), "\(names)")
        #expect(try Self.frameCount(out.file("network_comparison.gif").path) == 4)
    }

    @Test func aWideLayerShowsThe32UnitsWithTheLargestOutgoingWeights() throws {
        // 2 → 40 relu → 1: unit j's outgoing weight is (j − 20), so |w| ranks 0 and 39 first and 20 last.
        let hidden = Dense<Float>(weight: Matrix(rows: 2, columns: 40, repeating: 1), bias: Matrix(rows: 1, columns: 40), activation: .relu)
        let output = Dense<Float>(weight: Matrix(rows: 40, columns: 1, elements: (0..<40).map { Float($0 - 20) }),
                                  bias: Matrix(rows: 1, columns: 1), activation: .identity)
        let network = Network(layers: [hidden, output], loss: .binaryCrossEntropy)
        let chosen = RunSurvey.chooseUnits(network)
        // Dropped: the 8 weakest, 17…24 (|w| ≤ 4; of 16 and 24, tied at 4, the later one).
        #expect(chosen == [Array(0...16) + Array(25...39)])
        #expect(!chosen[0].contains(20) && chosen[0].contains(0) && chosen[0].contains(39))
        let columns = NetworkView.columns(network, inputs: ["x₁", "x₂"], chosen: chosen, chosenOutputs: [0], outputName: "sigmoid")
        #expect(columns.map(\.title) == ["inputs", "hidden 1", "output"])
        #expect(columns.map(\.subtitle) == ["standardised", "relu · 32 of 40 units", "sigmoid · 1 unit"])
        #expect(columns.map(\.unitCount) == [2, 32, 1])
    }

    @Test func snapshotsInsideEpochsAreFramesOfTheInsideViewsToo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.epochs = 3
        config.batchSize = 40
        config.recordEverySteps = 2
        config.pictures = PictureSettings(size: 160, views: [.network, .hidden])
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let store = try FrameStore.open(at: run.store.path)
        let frames = store.timeline.count
        #expect(frames > 3, "snapshots inside epochs were recorded")
        #expect(try Self.frameCount(run.file("network.gif").path) == frames)
        #expect(try Self.frameCount(run.file("hidden_space.gif").path) == frames)
        #expect(FileManager.default.fileExists(atPath: run.file("network_epoch_002.png").path))
    }

    /// A unit is dead when every value is zero: `NetworkView.allZero` (blocks of magnitudes'
    /// bits) says what `!values.contains { $0 != 0 }` says, for zeros of both signs, one other
    /// value (the smallest subnormal, NaN, ±1) at every place around its blocks' edges, and empty maps.
    @Test func aDeadUnitIsAllZerosOfEitherSign() {
        var maps: [[Float]] = [[], [0], [-0.0], [Float](repeating: 0, count: 9216)]
        for count in [1, 255, 256, 257, 700] {
            for place in Set([0, count / 2, count - 1, min(255, count - 1), min(256, count - 1)]) {
                for other: Float in [.leastNonzeroMagnitude, -.leastNonzeroMagnitude, .nan, 1, -1, -0.0] {
                    var values = (0..<count).map { $0 % 3 == 0 ? Float(-0.0) : 0 }
                    values[place] = other
                    maps.append(values)
                }
            }
        }
        for values in maps {
            #expect(NetworkView.allZero(values) == !values.contains { $0 != 0 }, "\(values.count) values, \(values.filter { $0 != 0 })")
        }
        #expect(maps.contains { !NetworkView.allZero($0) } && maps.contains { NetworkView.allZero($0) })
    }
}
