/// A setting that makes no sense (a zero learning rate, no hidden units, …), named as the user
/// gave it (its flag or config key), with what was expected.
///
/// Only Flipbook and the command line speak in settings: the modules below throw their own
/// typed errors (`ArgumentError`, `GeneratorError`, `DatasetError`, `FrameStoreError`), which
/// Flipbook puts in the words of the setting, so the command line prints one clear line and
/// exits with status 2.
public struct SettingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The setting's name as a user writes it (`learning-rate`, `hidden`, …).
    public let setting: String
    /// The value that was refused, as text.
    public let value: String
    /// What a valid value looks like.
    public var expected: String
    /// Where the value was given, when not on the command line (a config file).
    public var source: String?

    /// An error for `setting` given `value`, where `expected` was expected.
    public init(_ setting: String, _ value: Any, expected: String, source: String? = nil) {
        self.setting = setting
        self.value = "\(value)"
        self.expected = expected
        self.source = source
    }

    /// An error for the setting declared for `path` (`\RunConfig.hidden`), in that setting's name.
    init(_ path: AnyKeyPath, _ value: Any, expected: String, source: String? = nil) {
        self.init(Setting.declared(path).name, value, expected: expected, source: source)
    }

    /// An error for the value of the setting declared for `path` in `config`, quoted as it was
    /// typed (a refusal made after parsing, once the value met the run, the data or the store).
    init(_ path: AnyKeyPath, in config: RunConfig, expected: String) {
        let setting = Setting.declared(path)
        self.init(setting.name, setting.quoted(in: config), expected: expected)
    }

    /// An error for the value of the picture setting declared for `path` in `pictures`, quoted
    /// as it was typed.
    init(_ path: AnyKeyPath, in pictures: PictureSettings, expected: String) {
        let setting = Setting.declared(path)
        self.init(setting.name, setting.quoted(in: pictures), expected: expected)
    }

    /// "invalid learning-rate '-1': expected a positive number", or "invalid learning-rate '-1'
    /// in run.json: …"; the value and the file quoted as `Excerpt` quotes typed text.
    public var description: String {
        "invalid \(setting) '\(Excerpt.of(value))'" + (source.map { " in \(Excerpt.of($0))" } ?? "") + ": expected \(expected)"
    }
}
