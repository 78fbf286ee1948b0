import ArgumentParser
import Flipbook

extension Option {
    /// The option of the setting declared for `path` (`\RunConfig.epochs`): `--NAME <NAME>` with
    /// the setting's help line, taking the next argument whatever it looks like (`--seed -1` is
    /// the value -1, which the setting refuses, not a missing value). Its text is read and checked
    /// by the declaration, which quotes it in an error.
    init(setting path: AnyKeyPath) where Value == String? {
        let setting = Setting.declared(path)
        self.init(name: .customLong(setting.name), parsing: .unconditional, help: ArgumentHelp(setting.help, valueName: setting.name))
    }

    /// The option of a choice's setting: as above, but the argument parser itself refuses a name
    /// that is not one of `Choice`'s and lists them in `--help`.
    init<Choice>(setting path: AnyKeyPath) where Value == ChoiceArgument<Choice>? {
        let setting = Setting.declared(path)
        self.init(name: .customLong(setting.name), parsing: .unconditional, help: ArgumentHelp(setting.help, valueName: setting.name))
    }
}

/// The name of one case of `Choice`: the argument parser takes only these and lists them.
struct ChoiceArgument<Choice: SettingChoice>: ExpressibleByArgument {
    /// The case's name, as typed.
    let name: String

    init?(argument: String) {
        guard Choice(rawValue: argument) != nil else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { Choice.names }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

extension RunConfig {
    /// Sets each setting whose flag was given (`RunOptions.given`, `PictureOptions.given`) from
    /// its text, in order.
    mutating func apply(_ given: [(AnyKeyPath, String?)]) throws(SettingError) {
        for case let (path, text?) in given { try apply(path, text) }
    }
}
