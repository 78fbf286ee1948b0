import ArgumentParser
import Flipbook
import Neural

/// The flags that define a run; each overrides the same key of `--config` or the default.
///
/// One option per setting that shapes training, each made from the setting's declaration
/// (`Option(setting:)`), and one entry in `given`, which applies them in declaration order.
struct RunOptions: ParsableArguments {
    @Option(help: "A JSON file of run settings (keys as these flag names); flags override it.")
    var config: String?

    @Option(setting: \RunConfig.dataset) var dataset: String?
    @Option(setting: \RunConfig.samples) var samples: String?
    @Option(setting: \RunConfig.noise) var noise: String?
    @Option(setting: \RunConfig.factor) var factor: String?
    @Option(setting: \RunConfig.classes) var classes: String?
    @Option(setting: \RunConfig.testFraction) var testFraction: String?
    @Option(setting: \RunConfig.seed) var seed: String?
    @Option(setting: \RunConfig.hidden) var hidden: String?
    @Option(setting: \RunConfig.activation) var activation: ChoiceArgument<HiddenActivation>?
    @Option(setting: \RunConfig.initializer) var initializer: ChoiceArgument<InitialWeights>?
    @Option(setting: \RunConfig.optimizer) var optimizer: ChoiceArgument<RunConfig.OptimizerChoice>?
    @Option(setting: \RunConfig.learningRate) var learningRate: String?
    @Option(setting: \RunConfig.batchSize) var batchSize: String?
    @Option(setting: \RunConfig.weightDecay) var weightDecay: String?
    @Option(setting: \RunConfig.lrSchedule) var lrSchedule: ChoiceArgument<LearningRateSchedule>?
    @Option(setting: \RunConfig.epochs) var epochs: String?
    @Option(setting: \RunConfig.frameEvery) var frameEvery: String?
    @Option(setting: \RunConfig.recordEverySteps) var recordEverySteps: String?
    @Option(setting: \RunConfig.output) var output: ChoiceArgument<OutputHead>?

    /// The settings' key paths with the text of their flags (nil: not given), in declaration order.
    var given: [(AnyKeyPath, String?)] {
        [(\RunConfig.dataset, dataset), (\RunConfig.samples, samples), (\RunConfig.noise, noise), (\RunConfig.factor, factor),
         (\RunConfig.classes, classes), (\RunConfig.testFraction, testFraction), (\RunConfig.seed, seed), (\RunConfig.hidden, hidden),
         (\RunConfig.activation, activation?.name), (\RunConfig.initializer, initializer?.name), (\RunConfig.optimizer, optimizer?.name),
         (\RunConfig.learningRate, learningRate), (\RunConfig.batchSize, batchSize), (\RunConfig.weightDecay, weightDecay),
         (\RunConfig.lrSchedule, lrSchedule?.name), (\RunConfig.epochs, epochs), (\RunConfig.frameEvery, frameEvery),
         (\RunConfig.recordEverySteps, recordEverySteps), (\RunConfig.output, output?.name)]
    }

    /// The configuration: defaults, then the config file, then these flags.
    func resolve() throws -> RunConfig {
        var config = try config.map(RunConfig.load(path:)) ?? RunConfig()
        try config.apply(given)
        return config
    }
}

/// Where `run` and `compare` write: a directory, and whether it may hold files of the user's own.
struct OutputOptions: ParsableArguments {
    @Option(help: "The directory to write (created if needed; a run or comparison already there is replaced).")
    var out: String
    @Flag(help: "Write into a directory that holds files of its own (Flipbook removes only files it wrote).")
    var force = false

    /// The directory `--out` names.
    var directory: RunDirectory { RunDirectory(path: out) }
}

/// The flags that shape pictures, shared by `run`, `compare` and `render`: one option per
/// picture setting, made from its declaration (`Option(setting:)`), and one entry in `given`.
struct PictureOptions: ParsableArguments {
    @Option(setting: \PictureSettings.size) var size: String?
    @Option(setting: \PictureSettings.fps) var fps: String?
    @Option(setting: \PictureSettings.keyEpochs) var keyEpochs: String?
    @Option(setting: \PictureSettings.theme) var theme: ChoiceArgument<PictureTheme>?
    @Option(setting: \PictureSettings.format) var format: String?
    @Option(setting: \PictureSettings.firstFrame) var firstFrame: ChoiceArgument<FirstFrame>?
    @Option(setting: \PictureSettings.frames) var frames: String?
    @Option(setting: \PictureSettings.maxBytes) var maxBytes: String?
    @Option(setting: \PictureSettings.views) var views: String?
    @Option(setting: \PictureSettings.hold) var hold: String?
    @Option(setting: \PictureSettings.duration) var duration: String?
    @Option(setting: \PictureSettings.loop) var loop: String?
    @Option(setting: \PictureSettings.landscapePlane) var landscapePlane: ChoiceArgument<LandscapePlaneKind>?
    @Option(setting: \PictureSettings.landscapeGrid) var landscapeGrid: String?
    @Option(setting: \PictureSettings.plane) var plane: String?

    /// The settings' key paths with the text of their flags (nil: not given), in declaration order.
    var given: [(AnyKeyPath, String?)] {
        [(\PictureSettings.size, size), (\PictureSettings.fps, fps), (\PictureSettings.keyEpochs, keyEpochs),
         (\PictureSettings.theme, theme?.name), (\PictureSettings.format, format), (\PictureSettings.firstFrame, firstFrame?.name),
         (\PictureSettings.frames, frames), (\PictureSettings.maxBytes, maxBytes), (\PictureSettings.views, views),
         (\PictureSettings.hold, hold), (\PictureSettings.duration, duration), (\PictureSettings.loop, loop),
         (\PictureSettings.landscapePlane, landscapePlane?.name), (\PictureSettings.landscapeGrid, landscapeGrid),
         (\PictureSettings.plane, plane)]
    }

    /// Applies the given flags to `config` (after its config file).
    func apply(to config: inout RunConfig) throws {
        try config.apply(given)
    }

    /// The picture settings these flags give (defaults for the rest), checked.
    func settings() throws -> PictureSettings {
        var config = RunConfig()
        try apply(to: &config)
        try config.pictures.validate()
        return config.pictures
    }
}
