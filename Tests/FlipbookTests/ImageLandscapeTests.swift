import Foundation
import Testing
import TestSupport
import Datasets
import FrameStore
import Neural
@testable import Flipbook

/// Image data's loss landscape: the store keeps a seeded, stratified sample of the training
/// images (at most `LossLandscape.maximumSamples`), and the surface is measured on it.
@Suite struct ImageLandscapeTests {
    /// A tiny MNIST-layout data set in `directory`: 8×8 images of three classes (a bright column
    /// at twice the class index), `train` training and `test` test images, labels 0, 1, 2, 0, ….
    static func writeTinyImages(in directory: URL, train: Int = 90, test: Int = 30) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func int32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        for (prefix, count) in [("train", train), ("t10k", test)] {
            var images: [UInt8] = [0, 0, 8, 3] + int32(count) + int32(8) + int32(8)
            var labels: [UInt8] = [0, 0, 8, 1] + int32(count)
            for i in 0..<count {
                labels.append(UInt8(i % 3))
                images += (0..<64).map { $0 % 8 == 2 * (i % 3) ? 230 : UInt8(($0 * 13 + i * 7) % 40) }
            }
            try Data(images).write(to: directory.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data(labels).write(to: directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
    }

    /// A full-batch run of two epochs on the tiny images: its stored training loss is measured on
    /// every training image after each epoch's step, with the parameters stored; with the initial
    /// parameters, its three points lie in the trajectory plane.
    static func config(data: URL) -> RunConfig {
        var config = RunConfig()
        config.dataset = "mnist:" + data.path
        (config.hidden, config.epochs, config.batchSize, config.optimizer, config.learningRate) = ([10], 2, 0, .adam, 0.05)
        return config
    }

    /// The store keeps the 90 training images before the 30 test images; the landscape is
    /// measured on them, and at every recorded epoch's point of the plane its loss is the stored
    /// training loss; the pictures and `landscape.npz` are written, the caption says what on.
    @Test func anImageRunKeepsItsTrainingImagesAndDrawsItsLandscape() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("tiny")
        try Self.writeTinyImages(in: data)
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.train(Self.config(data: data), into: run, progress: SilentProgress())
        let store = try FrameStore.open(at: run.store.path)
        let stored = store.run.dataset
        #expect(store.version == 4 && stored.count == 120 && stored.trainingCount == nil && stored.trainedOn == 90)
        #expect(stored.trainingRows == Array(0..<90) && stored.testRows == Array(90..<120))
        // The grid of predictions still shows four test images of each class, the first of each.
        #expect(RunScene.shownImageRows(of: stored) == Array(0..<12))
        let scene = RunScene(run: store.run, metrics: store.metrics)
        #expect(scene.inputs.rows == 30 && scene.labels.prefix(12) == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])

        var pictures = PictureSettings(size: 200, views: [try #require(PictureView(rawValue: "landscape")), .loss])
        pictures.landscapeGrid = 5
        let subject = try RunSubject(directory: run, store: store, pictures: pictures, keyEpochs: [0])
        #expect(LandscapeView.problem(with: subject) == nil)
        let landscape = try #require(try LandscapeView.compute(subject))
        #expect(landscape.samples == Array(0..<90) && landscape.trainingCount == 90)
        for (point, record) in zip(landscape.path, store.metrics) {
            let there = Double(landscape.evaluator.loss(landscape.plane.parameters(alpha: point.alpha, beta: point.beta)))
            #expect(abs(there - record.trainLoss) <= 2e-6 * record.trainLoss, "epoch \(record.epoch): \(there) against the stored \(record.trainLoss)")
        }
        #expect(landscape.path.count == 2 && landscape.start != nil)
        let columns = landscape.alpha.count
        for (i, j) in [(0, 0), (2, 3), (4, 4)] {
            let expected = landscape.evaluator.loss(landscape.plane.parameters(alpha: landscape.alpha[j], beta: landscape.beta[i]))
            #expect(landscape.loss[i * columns + j] == expected, "loss[\(i), \(j)]")
        }
        let caption = LandscapeView.caption(landscape, scene: subject.scene, logScale: false, low: 0, high: 1)
        #expect(caption[1].hasPrefix("Training loss on all 90 training examples"), "\(caption)")

        try Pipeline.render(run, pictures: pictures, progress: SilentProgress())
        for name in ["landscape.gif", "landscape.png", "interpolation.png", "landscape.npz", "loss.gif"] {
            #expect(FileManager.default.fileExists(atPath: run.file(name).path), "\(name)")
        }
        let samples = try npzArrays(run.file("landscape.npz"), names: ["samples"])[0]
        #expect(samples == (0..<90).map(Float.init))
    }

    /// Over the limit, the store keeps a seeded sample stratified by class, says how many the
    /// run trained on, and keeps the same test images; the caption says it is a sample.
    @Test func aLargerTrainingSetKeepsAStratifiedSample() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("tiny")
        try Self.writeTinyImages(in: data, train: 91)
        let run = try TrainingRun(config: Self.config(data: data))
        let sampled = RunRecorder.storedRun(run, trainingSampleLimit: 30).dataset
        let whole = RunRecorder.storedRun(run).dataset
        #expect(sampled.trainingRows.count == 30 && sampled.trainingCount == 91 && whole.trainingCount == nil && whole.trainedOn == 91)
        let labels = sampled.trainingRows.map { sampled.labels[$0] }
        #expect([0, 1, 2].map { k in labels.count(where: { $0 == k }) } == [10, 10, 10], "\(labels)")
        #expect(RunRecorder.storedRun(run, trainingSampleLimit: 30).dataset == sampled, "seeded")
        let chosen = RunRecorder.trainingSample(run.split.train, limit: 30)
        #expect(chosen == chosen.sorted() && chosen.last! > 60, "from all over the training set, in order: \(chosen)")
        let pixels = run.split.train.featureCount
        #expect(Array(sampled.features[(5 * pixels)..<(6 * pixels)]) == run.split.train.subset([chosen[5]]).features.elements)
        let (test, wholeTest) = (sampled.rows(sampled.testRows), whole.rows(whole.testRows))
        #expect(test.features == wholeTest.features && test.labels == wholeTest.labels, "the same test images")
        #expect(RunScene.shownImageRows(of: sampled) == RunScene.shownImageRows(of: whole))
    }
}
