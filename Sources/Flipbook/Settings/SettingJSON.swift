import Foundation

/// A JSON value, typed: what a config file gives a setting and what the frame store's record
/// (`run.config_json`) holds of one. Settings write strings, whole numbers, real numbers and
/// arrays of them; a config file may hold any JSON, which the setting then refuses.
///
/// Read by `JSONDecoder`, which reads 3.0 and 1e2 as the whole numbers they are (JSON does not
/// tell them apart); written by `JSONEncoder` in the forms `JSONSerialization` wrote (`1` for
/// 1.0, `1e-05`, `"csv:\/a.csv"`), so stores written before and after read alike.
public enum SettingJSON: Codable, Hashable, Sendable {
    case string(String)
    /// A whole number within `Int`.
    case integer(Int)
    /// A whole number beyond `Int.max` (a seed).
    case unsigned(UInt64)
    /// A real number (or a whole number beyond `UInt64`).
    case number(Double)
    case array([SettingJSON])
    case object([String: SettingJSON])
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let bool = try? value.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? value.decode(Int.self) {
            self = .integer(integer)
        } else if let unsigned = try? value.decode(UInt64.self) {
            self = .unsigned(unsigned)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let string = try? value.decode(String.self) {
            self = .string(string)
        } else if let array = try? value.decode([SettingJSON].self) {
            self = .array(array)
        } else {
            self = .object(try value.decode([String: SettingJSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case .string(let string): try value.encode(string)
        case .integer(let integer): try value.encode(integer)
        case .unsigned(let unsigned): try value.encode(unsigned)
        case .number(let number): try value.encode(number)
        case .array(let array): try value.encode(array)
        case .object(let object): try value.encode(object)
        case .bool(let bool): try value.encode(bool)
        case .null: try value.encodeNil()
        }
    }

    /// The value as a flag's text, which the setting's declaration reads: a string as it is,
    /// a number as Swift prints it (`3.5`, `1e+300`), an array of those joined by commas; nil
    /// for booleans, objects, nulls and nested arrays, which no setting takes.
    var text: String? {
        switch self {
        case .string(let string): return string
        case .integer(let integer): return String(integer)
        case .unsigned(let unsigned): return String(unsigned)
        case .number(let number): return String(number)
        case .array(let elements):
            let parts = elements.map { element in element.isArray ? nil : element.text }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.compactMap { $0 }.joined(separator: ",")
        case .object, .bool, .null: return nil
        }
    }

    private var isArray: Bool {
        if case .array = self { true } else { false }
    }

    /// The value as `--help` shows a default: as a flag's text, real numbers as briefly as they go.
    var shown: String? {
        if case .number(let number) = self { number.formatted } else { text }
    }

    /// The JSON object `data` holds (in UTF-8), or nil when it is not valid JSON.
    static func decoded(_ data: Data) -> SettingJSON? {
        try? JSONDecoder().decode(SettingJSON.self, from: data)
    }

    /// The text of a JSON object of `members`, keys sorted.
    static func text(ofObject members: [String: SettingJSON]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try? encoder.encode(members)
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }
}
