import Foundation

/// One setting, declared once as a stored `let` of `TrainingDeclarations` or `PictureDeclarations`
/// (`Settings.swift`): its name (the command-line flag without `--`, the config file's key and
/// the `compare --vary` name), its help sentence, its default, how its text is read and checked
/// (throwing a `SettingError` that quotes the text) and its JSON value. Everything else derives
/// from the declarations: `RunConfig` and `PictureSettings` hold the values (`config.epochs`
/// reads the `epochs` declaration's value, or its default); `RunSetting.all` lists them in
/// declaration order, for config files, `--vary`, the frame store's `config_json` and the command
/// line, which makes one option per declaration.
public struct Setting<Value: Hashable & Sendable>: Sendable {
    /// The flag and key name, e.g. `learning-rate`.
    public let name: String
    /// The help sentence as declared, without the default.
    public let summary: String
    /// The default as `--help` shows it: printed from its JSON value (`0.5`, `16,16`), or what
    /// a default that depends on other settings means.
    public let shownDefault: String
    /// The value of a new configuration.
    public let defaultValue: Value
    /// For a choice, its enumeration: the command line's argument parser checks and lists its cases.
    public let choice: (any SettingChoice.Type)?
    /// True for a picture setting the store records all the same (the key epochs: training
    /// records their parameters; a redraw draws them again). Training settings are all recorded.
    let recorded: Bool
    /// The value of a text (a flag, a config value, a `--vary` value); throws for a bad one.
    let parse: @Sendable (String) throws(SettingError) -> Value
    /// The value as JSON (a string, a number or an array of them); nil when unset.
    let json: @Sendable (Value) -> Any?

    /// A setting whose default is printed in `--help` from its JSON value, or described by
    /// `defaultMeans` when it depends on other settings (a nil default).
    init(_ name: String, _ help: String, default defaultValue: Value, defaultMeans: String? = nil,
         choice: (any SettingChoice.Type)? = nil, recorded: Bool = false,
         parse: @escaping @Sendable (String) throws(SettingError) -> Value,
         json: @escaping @Sendable (Value) -> Any?) {
        guard let shown = defaultMeans ?? json(defaultValue).flatMap(Self.shown) else {
            preconditionFailure("the setting \(name) has a default --help cannot print; say what it means")
        }
        (self.name, summary, shownDefault, self.defaultValue) = (name, help, shown, defaultValue)
        (self.choice, self.recorded, self.parse, self.json) = (choice, recorded, parse, json)
    }
}

extension Setting {
    /// A JSON value as `--help` shows it: as a flag's text, real numbers as briefly as they go.
    private static func shown(_ json: Any) -> String? {
        if let number = json as? Double { return number.formatted }
        return RunSetting.text(of: json)
    }
}

extension Setting where Value == Int {
    /// A whole number in `range`.
    static func whole(_ name: String, _ help: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Self {
        Self(name, help, default: defaultValue, parse: { text throws(SettingError) in
            try wholeNumber(name, text, in: range)
        }, json: { $0 })
    }
}

extension Setting where Value == Double {
    /// A real number in `range` (excluding its ends when `open`). The value must also survive the
    /// conversion to `Float` that training uses: the bounds are chosen inside its range.
    static func number(_ name: String, _ help: String, default defaultValue: Double, in range: ClosedRange<Double>,
                       open: Bool = false) -> Self {
        Self(name, help, default: defaultValue, parse: { text throws(SettingError) in
            let value = Double(text.trimmingCharacters(in: .whitespaces))
            guard let value, value.isFinite, range.contains(value),
                  !open || (value != range.lowerBound && value != range.upperBound) else {
                let interval = open ? "strictly between \(range.lowerBound.formatted) and \(range.upperBound.formatted)"
                    : "from \(range.lowerBound.formatted) to \(range.upperBound.formatted)"
                throw SettingError(name, text, expected: "a number \(interval)")
            }
            return value
        }, json: { $0 })
    }
}

extension Setting where Value: SettingChoice {
    /// One case of a choice. The help does not list the cases: the command line's argument
    /// parser does, from `choice`.
    static func choice(_ name: String, _ help: String, default defaultValue: Value) -> Self {
        Self(name, help, default: defaultValue, choice: Value.self, parse: { text throws(SettingError) in
            try chosen(name, text, as: Value.self)
        }, json: { $0.rawValue })
    }
}

extension Setting {
    /// One case of a choice, or nil (the default) for a value that depends on other settings.
    static func choice<Choice: SettingChoice>(_ name: String, _ help: String, defaultMeans: String) -> Self
    where Value == Choice? {
        Self(name, help, default: nil, defaultMeans: defaultMeans, choice: Choice.self, parse: { text throws(SettingError) in
            try chosen(name, text, as: Choice.self)
        }, json: { $0?.rawValue })
    }
}

/// A whole number in `range`, or an error for the setting `name` quoting `text`.
func wholeNumber(_ name: String, _ text: String, in range: ClosedRange<Int>) throws(SettingError) -> Int {
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
        throw SettingError(name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
}

private func chosen<Choice: SettingChoice>(_ name: String, _ text: String, as: Choice.Type) throws(SettingError) -> Choice {
    guard let choice = Choice(rawValue: text) else {
        throw SettingError(name, text, expected: "one of " + Choice.names.joined(separator: ", "))
    }
    return choice
}

/// A setting whose value is one of a fixed list of names: an enumeration whose raw values are the
/// names users type. Its declaration reads it, the command line lets its argument parser check
/// the names and list them in `--help`, and the code that uses one switches on its cases.
public protocol SettingChoice: RawRepresentable<String>, CaseIterable, Hashable, Sendable {}

extension SettingChoice {
    /// The names of the cases, in the order `--help` lists them.
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// A type whose stored `let`s are `Setting`s, in the order `--help` lists them, and whose values
/// one configuration holds in a `SettingValues` (`values`).
public protocol SettingDeclarations: Sendable {
    /// The declarations (the type's only instance: its properties are `let`s with their values).
    static var declared: Self { get }
    /// True for the settings that shape training (the store records them, `compare --vary`
    /// varies them); false for picture settings, which go straight to the renderer.
    static var shapesTraining: Bool { get }
    /// Where a configuration keeps these settings' values.
    static var values: WritableKeyPath<RunConfig, SettingValues<Self>> & Sendable { get }
}

/// The values of the settings declared by `Declarations` that differ from their defaults.
/// Equal stores hold equal values; reading a setting not given is its default.
public struct SettingValues<Declarations: SettingDeclarations>: Sendable, Equatable {
    private var given: [String: any Hashable & Sendable] = [:]

    init() {}

    /// The value of `setting`, or its default.
    subscript<Value>(setting: Setting<Value>) -> Value {
        get { given[setting.name].map { $0 as! Value } ?? setting.defaultValue }
        set {
            if newValue == setting.defaultValue {
                given[setting.name] = nil
            } else {
                given[setting.name] = newValue
            }
        }
    }

    /// The value of the setting `path` names in the declarations.
    subscript<Value>(path: KeyPath<Declarations, Setting<Value>>) -> Value {
        get { self[Declarations.declared[keyPath: path]] }
        set { self[Declarations.declared[keyPath: path]] = newValue }
    }

    public static func == (left: Self, right: Self) -> Bool {
        left.given.count == right.given.count && left.given.allSatisfy { name, value in
            right.given[name].map { AnyHashable($0) == AnyHashable(value) } ?? false
        }
    }
}

extension Setting {
    /// One line for `--help`: the sentence declared, then the default: "… (default 0.5)."
    public var help: String { "\(summary) (default \(shownDefault))." }
}

/// One setting of either declarations type, its value type erased: what config files, `--vary`,
/// the frame store's JSON and the command line's options go through.
public struct RunSetting: Sendable {
    /// The flag and key name, e.g. `learning-rate`.
    public let name: String
    /// One line for `--help`, ending with the default.
    public let help: String
    /// True for the settings that shape training (the store records them, `compare --vary`
    /// varies them); false for picture settings, which go straight to the renderer.
    public let shapesTraining: Bool
    /// True for the settings the store records: those that shape training, and the key epochs.
    public let isRecorded: Bool
    /// For a choice, its enumeration (the command line's argument parser checks and lists it).
    public let choice: (any SettingChoice.Type)?
    /// The default as `--help` shows it (`0.5`, or what a default that depends on others means).
    public let shownDefault: String
    /// Sets the setting in a configuration from its text; throws `SettingError` for a bad value.
    let read: @Sendable (inout RunConfig, String) throws(SettingError) -> Void
    /// The setting's value in a configuration, as JSON (nil when it is unset: the default).
    let value: @Sendable (RunConfig) -> Any?

    /// The values a choice accepts, in the order `--help` lists them; nil for other settings.
    public var choices: [String]? { choice?.names }

    init<Value, Declarations: SettingDeclarations>(_ setting: Setting<Value>, of: Declarations.Type) {
        let values = Declarations.values
        (name, help, shownDefault, choice) = (setting.name, setting.help, setting.shownDefault, setting.choice)
        shapesTraining = Declarations.shapesTraining
        isRecorded = Declarations.shapesTraining || setting.recorded
        read = { config, text throws(SettingError) in config[keyPath: values][setting] = try setting.parse(text) }
        value = { config in setting.json(config[keyPath: values][setting]) }
    }

    /// Every setting, in the order `--help` lists them: the `let`s of `TrainingDeclarations`,
    /// then those of `PictureDeclarations`, in the order they are written.
    public static let all: [RunSetting] = settings(of: TrainingDeclarations.self) + settings(of: PictureDeclarations.self)

    /// The setting called `name`, if there is one.
    public static func named(_ name: String) -> RunSetting? {
        all.first { $0.name == name }
    }

    /// The names `compare --vary` accepts.
    public static var variableNames: [String] { all.filter(\.shapesTraining).map(\.name) }

    /// The settings `Declarations` declares, in order: each stored property is one.
    static func settings<Declarations: SettingDeclarations>(of: Declarations.Type) -> [RunSetting] {
        Mirror(reflecting: Declarations.declared).children.map { child in
            guard let setting = child.value as? any ErasableSetting else {
                preconditionFailure("\(Declarations.self).\(child.label ?? "?") is not a Setting")
            }
            return setting.erased(of: Declarations.self)
        }
    }

    /// Checks the setting's value in `config` as if it were given as text: a value set in code
    /// is refused as the same value typed would be.
    func check(_ config: RunConfig) throws(SettingError) {
        guard let json = value(config) else { return }
        guard let text = Self.text(of: json) else {
            throw SettingError(name, json, expected: "a value its declaration can read")
        }
        var copy = config
        try read(&copy, text)
    }

    /// A JSON value as the text of a flag: numbers as written, arrays joined by commas; nil for
    /// booleans, objects and nulls.
    static func text(of value: Any) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return "\(type(of: number))".contains("Boolean") ? nil : number.stringValue
        case let array as [Any]:
            let parts = array.map { element -> String? in element is [Any] ? nil : text(of: element) }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.map { $0! }.joined(separator: ",")
        case let number as any BinaryInteger: return "\(number)"
        case let number as Double: return "\(number)"
        default: return nil
        }
    }
}

/// `Setting<Value>` for any `Value`, so a Mirror over the declarations can list them.
private protocol ErasableSetting {
    func erased<Declarations: SettingDeclarations>(of: Declarations.Type) -> RunSetting
}

extension Setting: ErasableSetting {
    fileprivate func erased<Declarations: SettingDeclarations>(of: Declarations.Type) -> RunSetting {
        RunSetting(self, of: Declarations.self)
    }
}

extension Numeric where Self: CustomStringConvertible {
    /// The value for help and messages: thousands separated by commas, e.g. 1,000,000.
    var formatted: String {
        let text = description
        if let number = self as? Double {
            if number != 0, abs(number) >= 1e7 || abs(number) < 1e-4 {
                return String(format: "%g", number).replacingOccurrences(of: "e+", with: "e")
            }
            return number == number.rounded() ? String(Int(number)) : text
        }
        guard text.count > 4, text.allSatisfy(\.isNumber) else { return text }
        var grouped = ""
        for (index, character) in text.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return String(grouped.reversed())
    }
}
