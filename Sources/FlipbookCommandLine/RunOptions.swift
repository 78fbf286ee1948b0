import ArgumentParser
import Flipbook

/// The flags that define a run; each overrides the same key of `--config` or the default.
struct RunOptions: ParsableArguments {
    @Option(help: "A JSON file of run settings (keys as these flag names); flags override it.")
    var config: String?

    @Option(help: "circles | moons | xor | spiral | blobs | sine | csv:PATH | mnist:DIR | fashion-mnist[:DIR] (default circles).")
    var dataset: String?
    @Option(help: "Samples to generate (default 1000).")
    var samples: Int?
    @Option(help: "Noise of the generated data, in data units (default 0.1).")
    var noise: Double?
    @Option(help: "Inner radius of circles relative to the outer (default 0.5).")
    var factor: Double?
    @Option(help: "Classes of spiral and blobs, 2…8 (default 3).")
    var classes: Int?
    @Option(name: .customLong("test-fraction"), help: "Fraction held out for testing, in (0, 1) (default 0.2).")
    var testFraction: Double?
    @Option(help: "Seed of data, split, weights and shuffles (default 0).")
    var seed: UInt64?
    @Option(help: "Hidden layer widths, e.g. 16,16 (default 16).")
    var hidden: String?
    @Option(help: "relu | leaky-relu | tanh | sigmoid (default relu).")
    var activation: String?
    @Option(help: "gd | momentum | adam (default gd).")
    var optimizer: String?
    @Option(name: .customLong("learning-rate"), help: "Step size (default 0.5).")
    var learningRate: Double?
    @Option(name: .customLong("batch-size"), help: "Samples per step; 0 = full batch (default 0).")
    var batchSize: Int?
    @Option(name: .customLong("weight-decay"), help: "L2 weight decay λ on the weights (default 0).")
    var weightDecay: Double?
    @Option(name: .customLong("lr-schedule"), help: "constant | step (×0.1 from 50 % of the epochs, ×0.01 from 75 %) | cosine (default constant).")
    var lrSchedule: String?
    @Option(help: "Epochs to train (default 500).")
    var epochs: Int?
    @Option(name: .customLong("frame-every"), help: "Record a frame every N epochs (default 1; the last epoch always).")
    var frameEvery: Int?
    @Option(help: "Output head: sigmoid | sigmoid-per-class | softmax (default sigmoid for 2 classes, softmax for more).")
    var output: String?

    /// The configuration: defaults, then the config file, then these flags.
    func resolve() throws -> RunConfig {
        var config = try config.map(RunConfig.load(path:)) ?? RunConfig()
        if let dataset { config.dataset = dataset }
        if let samples { config.samples = samples }
        if let noise { config.noise = noise }
        if let factor { config.factor = factor }
        if let classes { config.classes = classes }
        if let testFraction { config.testFraction = testFraction }
        if let seed { config.seed = seed }
        if let hidden { try config.apply("hidden", hidden) }
        if let activation { config.activation = activation }
        if let optimizer { try config.apply("optimizer", optimizer) }
        if let learningRate { config.learningRate = learningRate }
        if let batchSize { config.batchSize = batchSize }
        if let weightDecay { config.weightDecay = weightDecay }
        if let lrSchedule { try config.apply("lr-schedule", lrSchedule) }
        if let epochs { config.epochs = epochs }
        if let frameEvery { config.frameEvery = frameEvery }
        if let output { config.output = output }
        return config
    }
}

/// The flags that shape pictures, shared by `run` and `render`.
struct PictureOptions: ParsableArguments {
    @Option(help: "Side of a square panel in pixels (default 480).")
    var size: Int?
    @Option(help: "Frames per second of the animations, 1…50 (default 20).")
    var fps: Int?
    @Option(name: .customLong("key-epochs"), help: "Epochs drawn as stills, e.g. 0,240,499 (default first, ~48 %, last).")
    var keyEpochs: String?

    /// Applies the given flags to `config`.
    func apply(to config: inout RunConfig) throws {
        if let size { config.size = size }
        if let fps { config.fps = fps }
        if let keyEpochs { config.keyEpochs = try Self.epochs(keyEpochs) }
    }

    /// The picture settings these flags give (defaults for the rest), checked.
    func settings() throws -> PictureSettings {
        var settings = PictureSettings()
        if let size { settings.size = size }
        if let fps { settings.fps = fps }
        if let keyEpochs { settings.keyEpochs = try Self.epochs(keyEpochs) }
        try settings.validate()
        return settings
    }

    private static func epochs(_ text: String) throws(SettingError) -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { field throws(SettingError) in
            guard let epoch = Int(field.trimmingCharacters(in: .whitespaces)) else {
                throw SettingError("key-epochs", text, expected: "comma-separated epoch numbers, e.g. 0,240,499")
            }
            return epoch
        }
    }
}

import Foundation
