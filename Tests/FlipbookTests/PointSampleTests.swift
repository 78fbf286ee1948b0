import Testing
import Foundation
import TestSupport
import FrameStore
import LinearAlgebra
import Neural
@testable import Render
@testable import Flipbook

/// Data of any size: above `PointSample.mostShown` points the pictures draw a fixed stratified
/// sample, ring at most `PointSample.mostRinged` mistakes, count every point's mistakes in the
/// final title, and pass only the drawn points through the network in each frame.
@Suite struct PointSampleTests {
    /// `count` points: class 0 on the left half, class 1 on the right, three of class 2, every
    /// fifth a test point, at positions from a seeded generator.
    static func points(_ count: Int) -> [ScatterPoint] {
        var generator = SeededGenerator(seed: 7)
        return (0..<count).map { i in
            let x = generator.nextUniform(-1, 1), y = generator.nextUniform(-1, 1)
            return ScatterPoint(x: x, y: y, classIndex: i < 3 ? 2 : x > 0 ? 1 : 0, isTest: i % 5 == 0)
        }
    }

    @Test func upToTheLimitEveryPointIsDrawnAndEveryMistakeRinged() {
        let sample = PointSample(points: Self.points(PointSample.mostShown))
        #expect(sample.isEverything && sample.rows == Array(0..<PointSample.mostShown) && sample.caption == nil)
        let wrong = (0..<PointSample.mostShown).map { $0 % 2 == 0 }
        #expect(sample.ringed(wrong) == wrong)
    }

    @Test func manyPointsDrawAFixedSampleStratifiedByClassAndPart() {
        let points = Self.points(100_000)
        let sample = PointSample(points: points)
        #expect(sample.rows.count == PointSample.mostShown)
        #expect(sample.rows == sample.rows.sorted() && Set(sample.rows).count == sample.rows.count)
        // Each stratum's share of the sample is its share of the data, to one point; the three
        // points of class 2 keep one.
        for isTest in [false, true] {
            for k in 0...2 {
                let all = points.filter { $0.classIndex == k && $0.isTest == isTest }.count
                let shown = sample.rows.filter { points[$0].classIndex == k && points[$0].isTest == isTest }.count
                let share = Double(all) * Double(PointSample.mostShown) / Double(points.count)
                #expect(abs(Double(shown) - share) <= 1 || (all > 0 && shown == 1), "class \(k), test \(isTest): \(shown) for \(share)")
                #expect(all == 0 || shown >= 1)
            }
        }
        #expect(sample.totalTraining == 80_000 && sample.totalTest == 20_000)
        #expect(sample.caption == "800 of 80,000 training and 200 of 20,000 test points shown")
        // The same data gives the same sample; the sample is not simply the first rows.
        #expect(PointSample(points: points) == sample)
        #expect(sample.rows.last! > 90_000)
    }

    @Test func atMostAReadableNumberOfMistakesIsRingedAndTheSameOnesStay() {
        let sample = PointSample(points: Self.points(50_000))
        let everyOther = sample.rows.indices.map { $0 % 2 == 0 }
        let ringed = sample.ringed(everyOther)
        #expect(ringed.filter { $0 }.count == PointSample.mostRinged)
        #expect(zip(ringed, everyOther).allSatisfy { !$0 || $1 }, "only wrong points are ringed")
        // A point ringed in one frame stays ringed while it stays wrong and fewer others are.
        let fewer = everyOther.indices.map { everyOther[$0] && ($0 % 4 == 0 || ringed[$0]) }
        let next = sample.ringed(fewer)
        #expect(zip(ringed, next).allSatisfy { !$0 || $1 })
        // A few mistakes are all ringed.
        let few = sample.rows.indices.map { $0 < 20 }
        #expect(sample.ringed(few) == few)
    }

    /// A store of `count` points labelled all class 0 (so every point right of x₁ = ¼, where the
    /// right-half network's output 2·relu(x₁) − ½ turns positive, is a mistake), one epoch.
    static func store(in directory: URL, count: Int) throws -> RunDirectory {
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        let points = Self.points(count)
        let dataset = StoredDataset(name: "many", kind: .points2D, featureCount: 2, classNames: ["left", "right"],
                                    features: points.flatMap { [Float($0.x), Float($0.y)] }, labels: points.map { _ in 0 },
                                    targets: [], isTest: points.map(\.isTest), mean: [0, 0], deviation: [1, 1])
        var config = RunConfig()
        config.hidden = [1]
        config.epochs = 1
        let architecture = Architecture(layerSizes: [2, 1, 1], activations: [.relu, .identity], loss: .binaryCrossEntropy)
        let store = try FrameStore.create(at: run.store.path, run: StoredRun(configJSON: config.json(), architecture: architecture, dataset: dataset))
        try store.append(EpochRecord(epoch: 0, trainLoss: 0.5, testLoss: 0.5, trainScore: 0.5, testScore: 0.5, seconds: 0,
                                     parameters: InsideViewsTests.rightHalf, testConfusion: [1, 0, 0, 1]))
        try store.finish(.completed)
        return run
    }

    @Test func aLargeRunDrawsTheSampleOverADensityLayerAndTitlesEveryMistake() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 20_000
        let store = try FrameStore.open(at: try Self.store(in: directory, count: count).store.path)
        let scene = RunScene(run: store.run, metrics: store.metrics)
        #expect(scene.shownInputs.rows == PointSample.mostShown)
        let network = try RunRecorder.network(of: try #require(try store.epoch(0)), in: store)
        let (points, shownMistakes) = scene.markedPoints(for: network)
        #expect(points.count == PointSample.mostShown)
        #expect(points.filter(\.isMisclassified).count == PointSample.mostRinged)
        #expect(points.filter(\.isMisclassified).allSatisfy { $0.x > 0.25 })
        #expect(shownMistakes.test + shownMistakes.training == points.filter { $0.x > 0.25 }.count)
        let all = Self.points(count)
        let mistakes = scene.allMistakes(of: .network(network))
        #expect(mistakes.test == all.filter { $0.isTest && Float($0.x) > 0.25 }.count)
        #expect(mistakes.training == all.filter { !$0.isTest && Float($0.x) > 0.25 }.count)

        let view = try #require(PanelView(scene: scene, size: 480, font: try Font.locate(), bold: try Font.locate(Font.boldFileName)))
        let title = view.finalTitle(epoch: 0, mistakes: mistakes)
        #expect(title == "Final · wrong: \(PointSample.grouped(mistakes.test)) test, \(PointSample.grouped(mistakes.training)) training points")
        #expect(mistakes.training > 1_000 && PointSample.grouped(mistakes.training).contains(","))
        let density = try #require(view.density)
        // 20,000 points over a 2 × 2 square: a pixel for each but those that share one.
        guard case .boundary(let boundary) = view.panel else { Issue.record("not a boundary panel"); return }
        let square = (boundary.pixel(1, -1).x - boundary.pixel(-1, 1).x) * (boundary.pixel(1, -1).y - boundary.pixel(-1, 1).y)
        let expected = square * (1 - exp(-Double(count) / square))
        #expect(abs(Double(density.count) - expected) < 0.05 * expected, "\(density.count) pixels, about \(Int(expected)) expected")
        // Drawn: the points the sample leaves out show as blue (class 0) pixels on both sides of
        // x₁ = ¼, where the network predicts class 0 (left) and class 1 (right, all mistakes).
        let canvas = Canvas(width: 480, height: 480), bare = Canvas(width: 480, height: 480)
        _ = view.draw(network: network, epoch: 0, title: "t", on: canvas)
        bare.copyPixels(from: view.template)
        boundary.drawFrame(on: bare, field: scene.field(of: network), points: points, title: "t")
        let blue = Set(DensityLayer.levels(0))
        for (corner, end) in [(boundary.pixel(-0.9, 0.9), boundary.pixel(-0.3, -0.9)), (boundary.pixel(0.3, 0.9), boundary.pixel(0.9, -0.9))] {
            var layer = (blue: 0, other: 0)
            for y in Int(corner.y)..<Int(end.y) {
                // Pixels of the field (tints, or white where it is unsure) that changed: the
                // layer's, or the edges of markers drawn over it.
                for x in Int(corner.x)..<Int(end.x)
                where (Palette.tintRange.contains(bare[x, y]) || bare[x, y] == Palette.background) && canvas[x, y] != bare[x, y] {
                    if blue.contains(canvas[x, y]) { layer.blue += 1 } else { layer.other += 1 }
                }
            }
            #expect(layer.blue > 1_000 && layer.other * 3 < layer.blue, "\(layer) density pixels from \(corner) to \(end)")
        }
    }

    /// The hidden space's count of points at the origin (a ReLU layer zero in every unit) is
    /// taken over the drawn points: of many points it says "shown", and counts among the sample
    /// (here fewer than among all points, so an unqualified count would mislead); of few it
    /// counts every training point.
    @Test(arguments: [3_000, 600])
    func theHiddenSpaceCountsTheOriginAmongTheShownPointsAndSaysSo(count: Int) throws {
        var generator = SeededGenerator(seed: 11)
        var features: [Float] = [], labels: [Int32] = [], isTest: [Bool] = []
        for i in 0..<count {
            let x = Float(generator.nextUniform(-1, 1)), y = Float(generator.nextUniform(-1, 1))
            features += [x, y]
            labels.append(x > 0 ? 1 : 0)
            isTest.append(i % 4 == 0)
        }
        let data = StoredDataset(name: "many", kind: .points2D, featureCount: 2, classNames: ["a", "b"], features: features,
                                 labels: labels, targets: [], isTest: isTest, mean: [0, 0], deviation: [1, 1])
        let architecture = Architecture(layerSizes: [2, 2, 1], activations: [.relu, .identity], loss: .binaryCrossEntropy)
        let scene = RunScene(run: StoredRun(configJSON: "{}", architecture: architecture, dataset: data), metrics: [])
        // Hidden units relu(x) and relu(y): zero in both exactly where x ≤ 0 and y ≤ 0.
        let network = Network<Float>(layers: [
            Dense(weight: Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 1]), bias: Matrix(rows: 1, columns: 2), activation: .relu),
            Dense(weight: Matrix(rows: 2, columns: 1, elements: [1, 1]), bias: Matrix(rows: 1, columns: 1), activation: .identity),
        ], loss: .binaryCrossEntropy)
        let probe = LayerProbe(network: network, inputs: scene.shownInputs, chosen: [],
                               projection: Projection.fitted(width: 2, to: Matrix(rows: 0, columns: 2)), rowsPerPass: 1 << 16)
        let points = scene.markedPoints(predicted: network.predictedClasses(fromOutput: probe.output)).points
        let sampled = !scene.sample.isEverything
        let note = HiddenSpaceView.originNote(points: points, allZero: probe.allZero, images: false, sampled: sampled)
        func atOrigin(_ row: Int) -> Bool { !isTest[row] && features[2 * row] <= 0 && features[2 * row + 1] <= 0 }
        let shownZero = scene.sample.rows.filter(atOrigin).count
        let allZero = (0..<count).filter(atOrigin).count
        #expect(sampled == (count > PointSample.mostShown))
        if sampled {
            #expect(scene.sample.shownTraining < scene.sample.totalTraining && shownZero < allZero)
            #expect(note == "\(shownZero) of \(scene.sample.shownTraining) shown training points at the origin (every unit zero)", "\(note)")
        } else {
            #expect(note == "\(allZero) of \(scene.sample.totalTraining) training points at the origin (every unit zero)", "\(note)")
        }
    }
}
