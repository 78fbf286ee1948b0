import Testing
import Foundation
import Neural
import TestSupport
@testable import Flipbook
@testable import FlipbookCommandLine

/// Every built-in data set trains to a good result with its own defaults (learning rate, hidden
/// widths, epochs), on fewer samples than it makes by default so that the test stays fast in a
/// debug build; `flipbook-bench defaults` checks the full runs in release.
@Suite struct DatasetDefaultsTests {
    /// The least test score of a data set's defaults on 300 samples: accuracy, or R² for sine.
    static let leastScores: [(Generator, Double)] = [
        (.circles, 0.95), (.moons, 0.95), (.xor, 0.95), (.spiral, 0.9), (.blobs, 0.95), (.sine, 0.95),
    ]

    @Test func everyGeneratorHasALeastScore() {
        #expect(Self.leastScores.map(\.0) == Generator.allCases)
    }

    @Test(arguments: leastScores)
    func aDataSetTrainsWellWithItsOwnDefaults(generator: Generator, least: Double) throws {
        var config = RunConfig()
        config.dataset = generator.rawValue
        config.samples = 300
        let run = try TrainingRun(config: config)
        var last: Metrics?
        let (_, outcome) = try run.fit { snapshot in if snapshot.step == nil { last = snapshot.test } }
        #expect(outcome == .completed(epochs: run.trainer.epochs), "\(generator) diverged: \(outcome)")
        let score = try #require(last?.score)
        #expect(score >= least, "\(generator): test score \(score) with its defaults, below \(least)")
    }

    /// `flipbook datasets` shows each generator's defaults, and `--help` the learning rate's.
    @Test func theDefaultsAreListed() {
        let sine = DatasetCatalog.entries.first { $0.0 == "sine" }?.1 ?? ""
        #expect(sine.hasSuffix("; defaults: learning rate 0.1, hidden 16, 1000 epochs"), "\(sine)")
        #expect(Setting.declared(\RunConfig.learningRate).help.hasSuffix("(default the data set's own: 0.5; sine 0.1; iris 0.1; wine 0.1; mnist, fashion-mnist 0.001)."))
    }

    /// Image data trains in mini-batches with Adam by default (full-batch descent at 0.5 left
    /// Fashion-MNIST at chance, 0.10, after two epochs); a CSV file keeps the reference run's;
    /// a given optimizer or batch size wins, and the run holds the values it trains with.
    @Test func imageDataTrainsInMiniBatchesWithAdam() throws {
        for name in ["fashion-mnist", "fashion-mnist:elsewhere", "mnist:digits"] {
            var config = RunConfig()
            config.dataset = name
            #expect(config.resolvedOptimizer == .adam && config.resolvedBatchSize == 128, "\(name)")
            #expect(config.resolvedLearningRate == 0.001 && config.resolvedHidden == [256, 128] && config.resolvedEpochs == 20, "\(name)")
            config.recordEverySteps = 47
            #expect(throws: Never.self, "steps inside epochs need no --batch-size: \(name)") { try config.validate() }
            (config.optimizer, config.batchSize) = (.gd, 0)
            let settled = config.withDatasetDefaults
            #expect(settled.optimizer == .gd && settled.batchSize == 0 && settled.learningRate == 0.001, "\(name)")
        }
        var table = RunConfig()
        table.dataset = "csv:points.csv"
        #expect(table.resolvedOptimizer == .gd && table.resolvedBatchSize == 0 && table.resolvedLearningRate == 0.5)
        let settled = RunConfig().withDatasetDefaults
        #expect(settled.optimizer == .gd && settled.batchSize == 0, "the reference run records gradient descent on the full batch")
        let fashion = DatasetCatalog.entries.first { $0.0 == "fashion-mnist" }?.1 ?? ""
        #expect(fashion.hasSuffix("; defaults: adam, learning rate 0.001, batches of 128, hidden 256,128, 20 epochs"), "\(fashion)")
        #expect(Setting.declared(\RunConfig.batchSize).help.hasSuffix("(default the data set's own: 0; mnist, fashion-mnist 128)."))
    }

    /// A setting given by a flag or a config key wins; the data set's own fills the others, and
    /// the run (which its store records) holds the values it trains with.
    @Test func aGivenSettingWinsAndTheRunHoldsWhatItUses() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sine.json")
        try Data(#"{"dataset": "sine", "epochs": 7}"#.utf8).write(to: file)
        let cases: [([String], Double, [Int], Int)] = [
            (["--dataset", "sine"], 0.1, [16], 1000),
            (["--dataset", "sine", "--learning-rate", "0.05", "--hidden", "8"], 0.05, [8], 1000),
            (["--config", file.path], 0.1, [16], 7),
            (["--config", file.path, "--learning-rate", "0.5", "--epochs", "9"], 0.5, [16], 9),
            (["--dataset", "moons"], 0.5, [16], 500),
        ]
        for (arguments, rate, hidden, epochs) in cases {
            let run = try TrainingRun(config: Run.parse(["--out", "r", "--samples", "40"] + arguments).config())
            #expect(run.config.learningRate == rate && run.config.hidden == hidden && run.config.epochs == epochs, "\(arguments)")
            let record = try RunConfig(json: Data(RunRecorder.storedRun(run).configJSON.utf8), source: nil)
            #expect(record == run.config, "the store records the values used: \(arguments)")
        }
    }

    /// `compare --vary dataset=…` gives each variant its own data set's defaults, unless given.
    @Test func eachVariantTakesItsDataSetsDefaults() throws {
        let variation = try Variation(parsing: "dataset=circles,sine")
        var base = RunConfig()
        base.samples = 40
        let own = try Comparison.variants(base: base, variations: [variation])
        #expect(own.map { $0.config.learningRate } == [0.5, 0.1] && own.map { $0.config.epochs } == [500, 1000])
        base.learningRate = 0.2
        let given = try Comparison.variants(base: base, variations: [variation])
        #expect(given.map { $0.config.learningRate } == [0.2, 0.2])
    }

    /// A run that diverges all the same says so once, and exits with status 3.
    @Test func aDivergingRunSaysSoOnce() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "r", "--dataset", "sine", "--learning-rate", "5", "--samples", "60", "--epochs", "30",
                                   "--views", "loss", "--size", "160"], in: directory)
        #expect(result.status == 3, "\(result.stderr)")
        let said = (result.stdout + result.stderr).split(separator: "\n").filter { $0.contains("diverged") }
        #expect(said.count == 1 && said[0].hasPrefix("flipbook: training diverged at epoch "), "\(result.stdout)\(result.stderr)")
    }
}
