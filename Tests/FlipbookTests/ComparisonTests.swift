import Testing
import Foundation
import TestSupport
import FrameStore
@testable import Flipbook

@Suite struct ComparisonTests {
    @Test func variationsParse() throws {
        #expect(try Variation(parsing: "learning-rate=0.01, 0.1,1").values == ["0.01", "0.1", "1"])
        #expect(try Variation(parsing: "hidden=16|16,16|32,32").values == ["16", "16,16", "32,32"])
        for bad in ["nope=1,2", "learning-rate=", "learning-rate=0.1,,1", "learning-rate", "hidden=16||8"] {
            #expect(throws: SettingError.self, "\(bad)") { try Variation(parsing: bad) }
        }
    }

    @Test func variantsAreTheProductCheckedLikeSingleRuns() throws {
        var base = RunConfig()
        base.samples = 100
        let variants = try Comparison.variants(base: base, variations: [
            try Variation(parsing: "learning-rate=0.1,1"), try Variation(parsing: "hidden=8|8,8"),
        ])
        #expect(variants.map(\.label) == ["learning-rate 0.1 · hidden 8", "learning-rate 0.1 · hidden 8,8",
                                          "learning-rate 1 · hidden 8", "learning-rate 1 · hidden 8,8"])
        #expect(variants.map(\.slug) == ["learning-rate-0.1_hidden-8", "learning-rate-0.1_hidden-8-8",
                                         "learning-rate-1_hidden-8", "learning-rate-1_hidden-8-8"])
        #expect(variants[3].config.hidden == [8, 8] && variants[3].config.learningRate == 1)

        func refused(_ variations: [String], _ setting: String) {
            do {
                _ = try Comparison.variants(base: base, variations: try variations.map { try Variation(parsing: $0) })
                Issue.record("\(variations) accepted")
            } catch let error as SettingError {
                #expect(error.setting == setting, "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
        refused(["learning-rate=0.1,-1"], "learning-rate")
        refused(["activation=relu,softmax"], "activation")
        refused(["dataset=circles,nope"], "dataset")
        refused(["seed=1,2,3,4,5", "learning-rate=0.1,0.2,0.3,0.4"], "vary")
        refused(["seed=1,2", "seed=3"], "vary")
        refused([], "vary")
    }

    @Test func aComparisonDrawsEveryVariantAndKeepsADivergedOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = RunConfig()
        base.samples = 120
        base.epochs = 12
        base.pictures.size = 240
        let out = RunDirectory(path: directory.appendingPathComponent("cmp").path)
        try Comparison.run(base: base, variations: [try Variation(parsing: "learning-rate=0.5,1e30")], into: out, progress: SilentProgress())
        for name in ["comparison.gif", "loss_comparison.png", "comparison_epoch_000.png", "comparison_epoch_005.png",
                     "comparison_epoch_011.png", "report.md", "learning-rate-0.5/frames.sqlite", "learning-rate-1e30/frames.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: out.file(name).path), "\(name)")
        }
        let report = try String(contentsOf: out.report, encoding: .utf8)
        let rows = report.split(separator: "\n").filter { $0.hasPrefix("| [") }
        #expect(rows.count == 2)
        #expect(rows[0].contains("learning-rate 0.5"), "best first")
        #expect(rows[1].contains("diverged at epoch"))
        // Every picture the report embeds comes with the sentence saying what it shows.
        let embedded = report.split(separator: "\n").filter { $0.hasPrefix("![") }.map { line in
            String(line.dropFirst(2).prefix { $0 != "]" })
        }
        #expect(embedded.count >= 5)
        for name in embedded {
            let sentence = PictureCaption.sentence(for: name)
            #expect(sentence.map { report.contains($0) } == true, "\(name)")
        }
        // A variant's directory is a normal run directory.
        let store = try FrameStore.open(at: out.file("learning-rate-0.5/frames.sqlite").path)
        #expect(store.frameEpochs.count == 12)
    }

    @Test func outputHeads() throws {
        var config = RunConfig()
        config.samples = 100
        config.output = .sigmoidPerClass
        #expect(try TrainingRun(config: config).initialNetwork.sizes == [2, 16, 2])
        #expect(try TrainingRun(config: config).initialNetwork.loss == .binaryCrossEntropy)
        config.output = .softmax
        #expect(try TrainingRun(config: config).initialNetwork.loss == .softmaxCrossEntropy)
        config.output = nil
        #expect(try TrainingRun(config: config).initialNetwork.sizes == [2, 16, 1])
        config.dataset = "blobs"
        #expect(try TrainingRun(config: config).initialNetwork.sizes == [2, 16, 3])
        config.output = .sigmoid
        #expect(throws: SettingError.self) { try TrainingRun(config: config) }
        #expect(throws: SettingError("output", "tanh", expected: "one of sigmoid, sigmoid-per-class, softmax")) {
            try config.apply("output", "tanh")
        }
    }
}
