/// One setting, declared once in `Setting.all` (`Settings.swift`): its name (the command-line flag
/// without `--`, the config file's key and the `compare --vary` name), its help sentence, how its
/// text is read and checked (a `SettingFormat`) and how its value is written as JSON.
///
/// Its value is a stored property of `RunConfig` or of `PictureSettings` (`config.epochs`,
/// `config.pictures.size`), and the declaration is made from that property's typed key path
/// (`\RunConfig.epochs`). The closures here capture the key path and the format, so one list
/// holds settings of every type, and each is read and written as its own type: no `Any`, no
/// casts, no reflection. Config files, the frame store's record, `compare --vary`, validation
/// and the command line's options (one `@Option` line per setting, which names its key path)
/// all go through these declarations.
///
/// The default lives in one place: the stored property's initial value (`var epochs = 500`).
/// A new `RunConfig` is the reference run property by property, and a declaration reads its
/// default from `RunConfig()` for `--help`; a declaration that held its own default would need
/// the property set from it, a second place to read.
public struct Setting: Sendable {
    /// The flag and key name, e.g. `learning-rate`.
    public let name: String
    /// The help sentence as declared, without the default.
    public let summary: String
    /// The default as `--help` shows it: printed from its JSON value (`0.5`, `16,16`), or what
    /// an unset optional setting means.
    public let shownDefault: String
    /// True for the settings that shape training (the store records them, `compare --vary`
    /// varies them); false for picture settings, which go straight to the renderer.
    public let shapesTraining: Bool
    /// True for the settings the store records: those that shape training, and the key epochs
    /// (training records their parameters; a redraw draws them again).
    public let isRecorded: Bool
    /// For a choice, the names of its cases: the command line's argument parser checks and lists them.
    public let choices: [String]?
    /// True when a value's text is a comma-separated list (`hidden`'s `16,16`), so that
    /// `compare --vary` separates its values with `|`.
    public let isList: Bool
    /// The key path of the value in its group (`\RunConfig.epochs`, `\PictureSettings.size`),
    /// by which code names the declaration (`Setting.declared(\RunConfig.epochs)`).
    let path: AnyKeyPath & Sendable
    /// Sets the value in a configuration from its text; throws `SettingError` for a bad one.
    let read: @Sendable (inout RunConfig, String) throws(SettingError) -> Void
    /// Throws `SettingError` when the value in a configuration (set in code) is one its text
    /// would be refused for.
    let check: @Sendable (RunConfig) throws(SettingError) -> Void
    /// The value in a configuration as JSON; nil for an unset optional setting.
    let json: @Sendable (RunConfig) -> SettingJSON?
    /// The text the value in a configuration was typed as, while it holds the value that text gave.
    let typed: @Sendable (RunConfig) -> String?

    /// The setting held at `path` of `Group`, called `name`, read and written by `format`. An
    /// optional setting (a nil default) says in `unset` what leaving it unset means; `recorded`
    /// marks a picture setting the store records all the same.
    init<Group: SettingGroup, Value>(_ path: WritableKeyPath<Group, Value> & Sendable, _ name: String, _ help: String,
                                     _ format: SettingFormat<Value>, unset: String? = nil, recorded: Bool = false) {
        let group = Group.inConfig
        guard let shown = unset ?? format.json(RunConfig()[keyPath: group][keyPath: path])?.shown else {
            preconditionFailure("the setting \(name) has a default --help cannot print; say what leaving it unset means")
        }
        (self.name, summary, shownDefault, self.path) = (name, help, shown, path)
        (shapesTraining, isRecorded) = (Group.shapesTraining, Group.shapesTraining || recorded)
        (choices, isList) = (format.choices, format.isList)
        read = { config, text throws(SettingError) in
            let value = try format.parse(text, name)
            config[keyPath: group][keyPath: path] = value
            config[keyPath: group].typed.record(name, text, value: format.json(value))
        }
        check = { config throws(SettingError) in try format.check(config[keyPath: group][keyPath: path], name) }
        json = { config in format.json(config[keyPath: group][keyPath: path]) }
        typed = { config in config[keyPath: group].typed.text(of: name, holding: format.json(config[keyPath: group][keyPath: path])) }
    }

    /// The value in `config` as a refusal quotes it: as it was typed, or (set in code, or from
    /// a store's record) as its JSON text.
    func quoted(in config: RunConfig) -> String {
        typed(config) ?? json(config)?.text ?? ""
    }

    /// The value of a picture setting in `pictures`, as a refusal quotes it.
    func quoted(in pictures: PictureSettings) -> String {
        var config = RunConfig()
        config.pictures = pictures
        return quoted(in: config)
    }

    /// One line for `--help`: the sentence declared, then the default: "… (default 0.5)."
    public var help: String { "\(summary) (default \(shownDefault))." }

    /// The setting called `name`, if there is one.
    public static func named(_ name: String) -> Setting? {
        all.first { $0.name == name }
    }

    /// The declaration of the value at `path` (`\RunConfig.epochs`, `\PictureSettings.size`).
    /// Every key path code names has one: its absence is a mistake in the code.
    public static func declared(_ path: AnyKeyPath) -> Setting {
        guard let setting = all.first(where: { $0.path == path }) else {
            preconditionFailure("no setting is declared for \(path)")
        }
        return setting
    }

    /// The names `compare --vary` accepts: the settings that shape training.
    public static var variableNames: [String] { all.filter(\.shapesTraining).map(\.name) }
}

/// A struct whose stored properties hold settings' values: `RunConfig` (the settings that
/// shape training) and `PictureSettings` (how a run is drawn).
public protocol SettingGroup: Sendable {
    /// The text each setting of the group was typed as, for refusals to quote.
    var typed: TypedText { get set }
    /// Where a configuration holds the group.
    static var inConfig: WritableKeyPath<RunConfig, Self> & Sendable { get }
    /// True for the settings that shape training; false for picture settings.
    static var shapesTraining: Bool { get }
}

extension RunConfig: SettingGroup {
    public static let inConfig: WritableKeyPath<RunConfig, RunConfig> & Sendable = \.self
    public static let shapesTraining = true
}

extension PictureSettings: SettingGroup {
    public static let inConfig: WritableKeyPath<RunConfig, PictureSettings> & Sendable = \.pictures
    public static let shapesTraining = false
}
