import ArgumentParser
import Flipbook

/// The flags that define a run; each overrides the same key of `--config` or the default.
///
/// The settings' options are made from their declarations (`SettingOptions`), one per setting
/// that shapes training, so a new setting needs no line here.
struct RunOptions: ParsableArguments, CustomReflectable {
    @Option(help: "A JSON file of run settings (keys as these flag names); flags override it.")
    var config: String?
    /// The options of the settings that shape training.
    private(set) var options = SettingOptions(shapingTraining: true)

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: SettingKey.self)
        _config = try container.decode(Option<String?>.self, forKey: SettingKey("config"))
        options = try SettingOptions(shapingTraining: true, from: container)
    }

    /// What the argument parser reads the options from: `--config`, then one option per setting.
    var customMirror: Mirror {
        Mirror(self, children: [(label: "_config", value: _config)] + options.children)
    }

    /// The configuration: defaults, then the config file, then these flags.
    func resolve() throws -> RunConfig {
        var config = try config.map(RunConfig.load(path:)) ?? RunConfig()
        for (name, text) in options.given { try config.apply(name, text) }
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
/// picture setting, made from its declaration (`SettingOptions`).
struct PictureOptions: ParsableArguments, CustomReflectable {
    /// The options of the picture settings.
    private(set) var options = SettingOptions(shapingTraining: false)

    init() {}

    init(from decoder: any Decoder) throws {
        options = try SettingOptions(shapingTraining: false, from: decoder.container(keyedBy: SettingKey.self))
    }

    /// What the argument parser reads the options from: one option per setting.
    var customMirror: Mirror { Mirror(self, children: options.children) }

    /// Applies the given flags to `config` (after its config file).
    func apply(to config: inout RunConfig) throws {
        for (name, text) in options.given { try config.apply(name, text) }
    }

    /// The picture settings these flags give (defaults for the rest), checked.
    func settings() throws -> PictureSettings {
        var config = RunConfig()
        try apply(to: &config)
        try config.pictures.validate()
        return config.pictures
    }
}
