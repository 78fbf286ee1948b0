import Foundation

/// One `--vary NAME=V1,V2,…`: a run setting and the values to try.
public struct Variation: Sendable, Equatable {
    /// The setting's flag name.
    public let name: String
    /// Its values as text.
    public let values: [String]
    /// The whole `NAME=V1,V2,…` as typed, for refusals to quote.
    public let text: String

    /// Parses `NAME=V1,V2,…` (for a list such as `hidden`, variants are separated by `|`:
    /// `hidden=16|16,16`).
    public init(parsing text: String) throws(SettingError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw SettingError("vary", text, expected: "NAME=V1,V2,… (for example learning-rate=0.01,0.1,1)")
        }
        let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        guard let setting = Setting.named(name), setting.shapesTraining else {
            throw SettingError("vary", name, expected: "a run setting: " + RunConfig.settingNames.joined(separator: ", "))
        }
        let list = text[text.index(after: equals)...]
        let separator: Character = setting.isList ? "|" : ","
        let values = list.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !list.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
            throw SettingError("vary", text, expected: "a list of values separated by '\(separator)' with none empty")
        }
        (self.name, self.values, self.text) = (name, values, text)
    }
}
