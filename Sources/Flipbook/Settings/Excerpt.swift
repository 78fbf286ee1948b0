/// What a message quotes of a text the user typed (a flag's value, a path, a config key): the
/// text whole up to `limit` characters, or its first 30 and last 29 characters around "…" (the
/// end of a path names the file), so that a refusal stays one readable line whatever was typed.
/// Every message that quotes typed text quotes it through `of(_:)`.
public enum Excerpt {
    /// The most characters quoted.
    public static let limit = 60
    /// The most Unicode scalars quoted: a character may hold any number of combining marks.
    static let scalarLimit = 4 * limit

    /// `text` as a message quotes it: whole when short, else its two ends cut between characters
    /// (between scalars when one character is longer than half of `scalarLimit`) joined by "…".
    public static func of(_ text: String) -> String {
        oneLine(shortened(text))
    }

    /// `text`, or its two ends around "…" when it is longer than `limit`.
    private static func shortened(_ text: String) -> String {
        let head = text.prefix(limit)
        if head.endIndex == text.endIndex, head.unicodeScalars.count <= scalarLimit { return text }
        let front = text.prefix(limit / 2), back = text.suffix(limit - 1 - limit / 2)
        let scalars = scalarLimit / 2
        let boundedFront = front.unicodeScalars.count > scalars ? Substring(front.unicodeScalars.prefix(scalars)) : front
        let boundedBack = back.unicodeScalars.count > scalars ? Substring(back.unicodeScalars.suffix(scalars)) : back
        return boundedFront + "…" + boundedBack
    }

    /// `text` with control characters and line separators escaped (`\n`, `\r`, `\t`, `\u{85}`),
    /// so that it cannot split the one line of a message.
    private static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: breaksLine) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where breaksLine(scalar): escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    private static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
