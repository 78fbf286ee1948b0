import Encoding
import Foundation

/// How the values of one kind of setting are read from text, checked and written as JSON: a
/// whole number in a range, a real number in one, a choice, a list of widths, … A `Setting` is a
/// name, a help sentence and a key path with one of these.
struct SettingFormat<Value: Sendable>: Sendable {
    /// The value a text gives (a flag, a config value, a `--vary` value); throws a `SettingError`
    /// for the setting called `name` that quotes the text.
    let parse: @Sendable (_ text: String, _ name: String) throws(SettingError) -> Value
    /// Throws a `SettingError` for the setting called `name` when a value set in code is one
    /// whose text `parse` would refuse, quoting the value as its text.
    let check: @Sendable (_ value: Value, _ name: String) throws(SettingError) -> Void
    /// The value as JSON; nil for an unset optional value.
    let json: @Sendable (Value) -> SettingJSON?
    /// For a choice, the names of its cases, in the order `--help` lists them.
    var choices: [String]? = nil
    /// True when a value's text is a comma-separated list (`16,16`).
    var isList = false
}

extension SettingFormat {
    /// Values that `read` makes of a text and `accepts` keeps; a refusal of either says what was
    /// `expected`, quoting the text or, for a value set in code, its JSON text.
    static func bounded(expected: String, read: @escaping @Sendable (String) -> Value?,
                        accepts: @escaping @Sendable (Value) -> Bool = { _ in true },
                        json: @escaping @Sendable (Value) -> SettingJSON) -> Self {
        Self(parse: { text, name throws(SettingError) in
            guard let value = read(text), accepts(value) else { throw SettingError(name, text, expected: expected) }
            return value
        }, check: { value, name throws(SettingError) in
            guard accepts(value) else { throw SettingError(name, json(value).text ?? "", expected: expected) }
        }, json: json)
    }

    /// Values read by `parse` (which quotes what it refuses), every one of which is valid.
    static func parsed(_ parse: @escaping @Sendable (String) throws(SettingError) -> Value, isList: Bool = false,
                       json: @escaping @Sendable (Value) -> SettingJSON) -> Self {
        Self(parse: { text, _ throws(SettingError) in try parse(text) }, check: { _, _ in }, json: json, isList: isList)
    }

    /// The same values, or nil for a setting left unset; nil passes every check and has no JSON.
    var optional: SettingFormat<Value?> {
        SettingFormat<Value?>(parse: { text, name throws(SettingError) in try parse(text, name) },
                              check: { value, name throws(SettingError) in if let value { try check(value, name) } },
                              json: { value in value.flatMap(json) }, choices: choices, isList: isList)
    }
}

extension SettingFormat where Value == Int {
    /// A whole number in `range`.
    static func whole(in range: ClosedRange<Int>) -> Self {
        .bounded(expected: "a whole number from \(range.lowerBound) to \(range.upperBound)", read: { Int(trimmed($0)) },
                 accepts: range.contains, json: { .integer($0) })
    }
}

extension SettingFormat where Value == UInt64 {
    /// Any 64-bit seed.
    static var seed: Self {
        .bounded(expected: "a whole number from 0 to \(UInt64.max)", read: { UInt64(trimmed($0)) }, json: { .unsigned($0) })
    }
}

extension SettingFormat where Value == Double {
    /// A real number in `range` (excluding its ends when `open`). The value must also survive the
    /// conversion to `Float` that training uses: the bounds are chosen inside its range.
    static func number(in range: ClosedRange<Double>, open: Bool = false) -> Self {
        let interval = open ? "strictly between \(range.lowerBound.formatted) and \(range.upperBound.formatted)"
            : "from \(range.lowerBound.formatted) to \(range.upperBound.formatted)"
        return .bounded(expected: "a number \(interval)", read: { Double(trimmed($0)) }, accepts: { value in
            value.isFinite && range.contains(value) && (!open || (value != range.lowerBound && value != range.upperBound))
        }, json: { .number($0) })
    }
}

extension SettingFormat where Value == [Int] {
    /// Comma-separated whole numbers, as many as `counts` allows, each in `range` (`16,16`);
    /// written as an array of numbers.
    static func list(of counts: ClosedRange<Int>, in range: ClosedRange<Int>, expected: String) -> Self {
        var format = Self.bounded(expected: expected, read: { text in
            let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { Int(trimmed($0)) }
            return numbers.allSatisfy { $0 != nil } ? numbers.compactMap { $0 } : nil
        }, accepts: { numbers in counts.contains(numbers.count) && numbers.allSatisfy(range.contains) },
        json: { .array($0.map(SettingJSON.integer)) })
        format.isList = true
        return format
    }
}

extension SettingFormat where Value == AnimationLoop {
    /// `forever`, `once` or a number of plays (1 is once), written back as such.
    static var loop: Self {
        bounded(expected: "forever, once or a number of plays from 1 to \(AnimationLoop.mostTimes.formatted)", read: { text in
            switch trimmed(text) {
            case "forever": return .forever
            case "once": return .times(1)
            default: return Int(trimmed(text)).map { .times($0) }
            }
        }, accepts: { loop in
            guard case .times(let plays) = loop else { return true }
            return (1...AnimationLoop.mostTimes).contains(plays)
        }, json: { loop in
            switch loop {
            case .forever: .string("forever")
            case .times(1): .string("once")
            case .times(let plays): .integer(plays)
            }
        })
    }
}

extension SettingFormat where Value: SettingChoice {
    /// One case of a choice, by its name. The command line's argument parser also checks it and
    /// lists the names in `--help`.
    static var choice: Self {
        var format = Self.bounded(expected: "one of " + Value.names.joined(separator: ", "), read: Value.init(rawValue:),
                                  json: { .string($0.rawValue) })
        format.choices = Value.names
        return format
    }
}

/// `text` without the spaces around it, as numbers are read.
private func trimmed(_ text: some StringProtocol) -> String {
    text.trimmingCharacters(in: .whitespaces)
}

/// A setting whose value is one of a fixed list of names: an enumeration whose raw values are the
/// names users type. Its declaration reads it, the command line lets its argument parser check
/// the names and list them in `--help`, and the code that uses one switches on its cases.
public protocol SettingChoice: RawRepresentable<String>, CaseIterable, Hashable, Sendable {}

extension SettingChoice {
    /// The names of the cases, in the order `--help` lists them.
    public static var names: [String] { allCases.map(\.rawValue) }
}

extension Int {
    /// The value for help and messages: thousands separated by commas, e.g. 1,000,000.
    var formatted: String {
        let text = String(self)
        guard text.count > 4, self >= 0 else { return text }
        var grouped = ""
        for (index, character) in text.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return String(grouped.reversed())
    }
}

extension Double {
    /// The value for help and messages, as briefly as it goes: 0.5, 1000, 1e-30, 1e30.
    var formatted: String {
        if self != 0, abs(self) >= 1e7 || abs(self) < 1e-4 {
            return String(format: "%g", self).replacingOccurrences(of: "e+", with: "e")
        }
        return self == rounded() ? String(Int(self)) : description
    }
}
