import Foundation

/// Finds a key given twice at the top level of a JSON object (a config file's settings), which
/// `JSONDecoder` reads without a word, keeping one of the values.
///
/// One pass over the bytes, in constant memory besides the keys seen: it follows strings (and
/// their escapes) and the nesting of objects and arrays, and takes a string as a key when it
/// opens the top-level object or follows one of its commas. Each key is decoded by
/// `JSONDecoder` itself, so `"\u0065pochs"` is `epochs`, as the settings read it.
enum RepeatedKey {
    /// The first key of the top-level object of `json` that an earlier key equals, or nil.
    /// `json` is UTF-8 text that `JSONDecoder` has read as an object.
    static func first(in json: Data) -> String? {
        json.withUnsafeBytes { bytes in first(in: bytes) }
    }

    /// The encodings a JSON file may be in besides UTF-8, with and without a byte order mark.
    private static let otherEncodings: [String.Encoding] = [
        .utf16, .utf16LittleEndian, .utf16BigEndian, .utf32, .utf32LittleEndian, .utf32BigEndian,
    ]

    /// `json` as UTF-8: itself when it is UTF-8 (JSON in UTF-8 has no zero byte: control
    /// characters in strings are escaped), else its text in the first other Unicode encoding that
    /// reads as a JSON object; nil when none does.
    static func utf8(of json: Data) -> Data? {
        if !json.contains(0), String(data: json, encoding: .utf8) != nil { return json }
        for encoding in otherEncodings {
            guard let text = String(data: json, encoding: encoding) else { continue }
            let utf8 = Data(text.utf8)
            if !utf8.contains(0), case .object = SettingJSON.decoded(utf8) { return utf8 }
        }
        return nil
    }

    private static func first(in bytes: UnsafeRawBufferPointer) -> String? {
        var seen = Set<String>()
        var depth = 0
        var topIsObject = false
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let end = endOfString(in: bytes, openingAt: index)
                if depth == 1, expectingKey, let key = decoded(bytes, index..<end), !seen.insert(key).inserted { return key }
                expectingKey = false
                index = end
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth == 1 { topIsObject = byte == UInt8(ascii: "{") }
                expectingKey = depth == 1 && topIsObject
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingKey = depth == 1 && topIsObject
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The index just past the string whose opening quote is at `start` (or the end of the bytes).
    private static func endOfString(in bytes: UnsafeRawBufferPointer, openingAt start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return bytes.count
    }

    /// The string the JSON string literal at `range` (its quotes included) stands for.
    private static func decoded(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        try? JSONDecoder().decode(String.self, from: Data(bytes[range]))
    }
}
