/// The text each setting of a group was given as — a flag's, a config key's, a `--vary` value —
/// kept beside the values (`RunConfig.typed`, `PictureSettings.typed`) so that a refusal made
/// after parsing, once a value meets the run, the data or the store (a key epoch past the run's
/// end, a network too large, a byte budget under the smallest animation), quotes what was typed:
/// `'1.5kB'`, not the `1500` or `2 kB` the value would print as.
///
/// How a value was typed does not make another run: any two are equal, so that `0.1` and `0.10`
/// are the same configuration.
public struct TypedText: Sendable, Equatable {
    /// By setting name: the text, and the value it gave as JSON (so that a value set in code
    /// afterwards is not quoted as the old text).
    private var texts: [String: (text: String, value: SettingJSON?)] = [:]

    /// No text typed.
    public init() {}

    /// Records that `name` was given as `text`, which read as `value`.
    mutating func record(_ name: String, _ text: String, value: SettingJSON?) {
        texts[name] = (text, value)
    }

    /// The text `name` was typed as, if it still holds the value it gave (`value`).
    func text(of name: String, holding value: SettingJSON?) -> String? {
        guard let typed = texts[name], typed.value == value else { return nil }
        return typed.text
    }

    public static func == (_: TypedText, _: TypedText) -> Bool { true }
}
