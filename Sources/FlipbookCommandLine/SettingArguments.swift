import ArgumentParser
import Flipbook

/// The options of one group of settings (those that shape training, or the picture settings),
/// one per declaration, in declaration order: `--NAME`, with the setting's help, taking the next
/// argument whatever it looks like (`--seed -1` is the value -1, refused by the setting, not a
/// missing value). A choice's option takes a `ChoiceArgument` of its enumeration, so the argument
/// parser refuses other names and lists the cases in `--help`; every other option takes text,
/// which the setting's declaration parses and checks, quoting it in an error.
///
/// The argument parser finds options through a `Mirror` of its `ParsableArguments` type and
/// decodes them by their labels: `RunOptions` and `PictureOptions` reflect these options as
/// their children (labelled with the setting names) and decode them with `SettingKey`s.
struct SettingOptions {
    /// Each setting and its option: a definition until parsed, then the parsed value.
    private var options: [(setting: RunSetting, option: any SettingOption)]

    /// The definitions of the options of the settings that shape training, or of the others.
    init(shapingTraining: Bool) {
        options = RunSetting.all.filter { $0.shapesTraining == shapingTraining }.map { ($0, Self.option(for: $0)) }
    }

    /// The parsed options, from the argument parser's decoder.
    init(shapingTraining: Bool, from container: KeyedDecodingContainer<SettingKey>) throws {
        self.init(shapingTraining: shapingTraining)
        options = try options.map { setting, option in (setting, try option.decoded(from: container, key: SettingKey(setting.name))) }
    }

    /// The options as the argument parser reads them: labelled with the setting names.
    var children: [Mirror.Child] {
        options.map { (label: $0.setting.name, value: $0.option) }
    }

    /// The settings given, by name, with their text, in declaration order.
    var given: [(name: String, text: String)] {
        options.compactMap { setting, option in option.givenText.map { (setting.name, $0) } }
    }

    /// The option of `setting`.
    private static func option(for setting: RunSetting) -> any SettingOption {
        let help = ArgumentHelp(setting.help)
        guard let choice = setting.choice else {
            return Option<String?>(name: .customLong(setting.name), parsing: .unconditional, help: help)
        }
        return choiceOption(choice, name: setting.name, help: help)
    }

    private static func choiceOption<Choice: SettingChoice>(_: Choice.Type, name: String, help: ArgumentHelp) -> any SettingOption {
        Option<ChoiceArgument<Choice>?>(name: .customLong(name), parsing: .unconditional, help: help)
    }
}

/// The coding key of an option: its label (a setting's name, or `config`).
struct SettingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The name of one case of `Choice`: the argument parser takes only these and lists them.
struct ChoiceArgument<Choice: SettingChoice>: ExpressibleByArgument, SettingArgument {
    let settingText: String

    init?(argument: String) {
        guard Choice(rawValue: argument) != nil else { return nil }
        settingText = argument
    }

    static var allValueStrings: [String] { Choice.names }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// The value of a setting's option, as the setting's declaration reads it: the text typed, or a
/// choice's name.
protocol SettingArgument: ExpressibleByArgument {
    var settingText: String { get }
}

extension String: SettingArgument {
    var settingText: String { self }
}

/// A setting's option (`Option<String?>` or `Option<ChoiceArgument<…>?>`).
protocol SettingOption: Decodable {
    /// The setting's text, if the option was given.
    var givenText: String? { get }
}

extension SettingOption {
    /// The parsed option of this type for `key`.
    func decoded(from container: KeyedDecodingContainer<SettingKey>, key: SettingKey) throws -> any SettingOption {
        try container.decode(Self.self, forKey: key)
    }
}

extension Option: SettingOption where Value: OptionalSettingArgument {
    var givenText: String? { wrappedValue.settingText }
}

/// `Optional<some SettingArgument>`, the type of every setting's option.
protocol OptionalSettingArgument {
    var settingText: String? { get }
}

extension Optional: OptionalSettingArgument where Wrapped: SettingArgument {
    var settingText: String? { self?.settingText }
}
