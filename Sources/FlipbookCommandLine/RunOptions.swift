import ArgumentParser
import Neural
import Flipbook

/// The flags that define a run; each overrides the same key of `--config` or the default.
///
/// Every flag is handed as text to its setting's declaration (`RunSetting`), which parses and
/// checks it: the help comes from there too, and an error quotes what was typed. A choice's option
/// has the choice's type, so the argument parser checks it and lists its values in `--help`.
/// Values are taken whatever they look like (`--seed -1` is the value -1, refused by the setting,
/// not a missing value).
struct RunOptions: ParsableArguments {
    @Option(help: "A JSON file of run settings (keys as these flag names); flags override it.")
    var config: String?

    @Option(parsing: .unconditional, help: help("dataset")) var dataset: String?
    @Option(parsing: .unconditional, help: help("samples")) var samples: String?
    @Option(parsing: .unconditional, help: help("noise")) var noise: String?
    @Option(parsing: .unconditional, help: help("factor")) var factor: String?
    @Option(parsing: .unconditional, help: help("classes")) var classes: String?
    @Option(name: .customLong("test-fraction"), parsing: .unconditional, help: help("test-fraction")) var testFraction: String?
    @Option(parsing: .unconditional, help: help("seed")) var seed: String?
    @Option(parsing: .unconditional, help: help("hidden")) var hidden: String?
    @Option(parsing: .unconditional, help: help("activation")) var activation: HiddenActivation?
    @Option(parsing: .unconditional, help: help("init")) var `init`: InitialWeights?
    @Option(parsing: .unconditional, help: help("optimizer")) var optimizer: RunConfig.OptimizerChoice?
    @Option(name: .customLong("learning-rate"), parsing: .unconditional, help: help("learning-rate")) var learningRate: String?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: help("batch-size")) var batchSize: String?
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: help("weight-decay")) var weightDecay: String?
    @Option(name: .customLong("lr-schedule"), parsing: .unconditional, help: help("lr-schedule")) var lrSchedule: LearningRateSchedule?
    @Option(parsing: .unconditional, help: help("epochs")) var epochs: String?
    @Option(name: .customLong("frame-every"), parsing: .unconditional, help: help("frame-every")) var frameEvery: String?
    @Option(name: .customLong("record-every-steps"), parsing: .unconditional, help: help("record-every-steps")) var recordEverySteps: String?
    @Option(parsing: .unconditional, help: help("output")) var output: OutputHead?

    /// The configuration: defaults, then the config file, then these flags.
    func resolve() throws -> RunConfig {
        var config = try config.map(RunConfig.load(path:)) ?? RunConfig()
        for (name, text) in givenSettings(of: self) { try config.apply(name, text) }
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

/// The flags that shape pictures, shared by `run`, `compare` and `render`.
struct PictureOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: help("size")) var size: String?
    @Option(parsing: .unconditional, help: help("fps")) var fps: String?
    @Option(name: .customLong("key-epochs"), parsing: .unconditional, help: help("key-epochs")) var keyEpochs: String?
    @Option(parsing: .unconditional, help: help("theme")) var theme: PictureTheme?
    @Option(parsing: .unconditional, help: help("format")) var format: AnimationFormat?
    @Option(name: .customLong("first-frame"), parsing: .unconditional, help: help("first-frame")) var firstFrame: FirstFrame?
    @Option(parsing: .unconditional, help: help("frames")) var frames: String?
    @Option(name: .customLong("max-bytes"), parsing: .unconditional, help: help("max-bytes")) var maxBytes: String?
    @Option(parsing: .unconditional, help: help("views")) var views: String?

    /// Applies the given flags to `config` (after its config file).
    func apply(to config: inout RunConfig) throws {
        for (name, text) in givenSettings(of: self) { try config.apply(name, text) }
    }

    /// The picture settings these flags give (defaults for the rest), checked.
    func settings() throws -> PictureSettings {
        var config = RunConfig()
        try apply(to: &config)
        try config.pictures.validate()
        return config.pictures
    }
}

/// The help line of a run setting, from its declaration.
private func help(_ name: String) -> ArgumentHelp {
    ArgumentHelp(RunSetting.help(name))
}

/// The run settings given as flags in `options`, by setting name, in declaration order: each
/// `@Option var learningRate: String?` is the setting `learning-rate` (every option but
/// `--config` is a setting; `settingOptionNames` lets a test check that).
func givenSettings(of options: some ParsableArguments) -> [(String, String)] {
    Mirror(reflecting: options).children.compactMap { child in
        guard let label = child.label, let option = child.value as? SettingOption, let text = option.givenText,
              label != "_config" else { return nil }
        return (settingName(label), text)
    }
}

/// The setting names of the options of `options` (all but `--config`).
func settingOptionNames(of options: some ParsableArguments) -> [String] {
    Mirror(reflecting: options).children.compactMap { child in
        guard let label = child.label, child.value is SettingOption, label != "_config" else { return nil }
        return settingName(label)
    }
}

/// `_learningRate` → `learning-rate`: the long name the argument parser gives the option.
private func settingName(_ label: String) -> String {
    label.dropFirst().reduce(into: "") { name, character in
        name += character.isUppercase ? "-" + character.lowercased() : String(character)
    }
}
