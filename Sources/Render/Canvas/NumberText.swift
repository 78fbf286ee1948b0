import Foundation

/// Numbers as pictures print them: never more than four significant digits, in scientific
/// notation ("1.235e30", "4.2e−5") when fixed decimals would need more or show none.
///
/// A diverged run's loss can be 10³⁰; `String(format: "%.3f")` writes all 31 digits of it, which
/// run out of any title. Every number a title, label or annotation shows goes through here.
public enum NumberText {
    /// The most significant digits a picture shows of a number.
    public static let significantDigits = 4

    /// `value` with at most `decimals` decimals and at most four significant digits: 0.087,
    /// 12.35, 1235, then 1.235e4; values too small for `decimals` (but not zero) in scientific
    /// notation, 4.2e−5. NaN is "nan", infinities "∞" and "−∞"; minus signs are U+2212.
    public static func decimal(_ value: Double, decimals: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "−∞" : "∞" }
        let decimals = min(max(decimals, 0), significantDigits)
        let magnitude = abs(value)
        if magnitude == 0 { return String(format: "%.*f", decimals, 0.0) }
        // Digits left of the point, from the value as it will be rounded to four digits.
        let rounded = Double(String(format: "%.*e", significantDigits - 1, magnitude)) ?? magnitude
        let whole = rounded >= 1 ? (clampedInt(log10(rounded), 0...400, .down) ?? 400) + 1 : 1
        let smallest = 0.5 * pow(10, -Double(decimals))
        guard whole <= significantDigits, magnitude >= smallest else { return scientific(value) }
        let shown = min(decimals, significantDigits - whole)
        return minus(String(format: "%.*f", shown, value))
    }

    /// `value` in scientific notation with at most four significant digits and no trailing zeros
    /// or exponent padding: 1.235e30, 4.2e−5, 1e4.
    public static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value) }
        let text = String(format: "%.*e", significantDigits - 1, value)
        guard let e = text.firstIndex(of: "e") else { return minus(text) }
        var mantissa = String(text[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return minus(mantissa + "e\(exponent)")
    }

    /// A short label of a tick value: the fewest digits that say it (0.25, 1, 1000; 1e4 and
    /// 1e−5 beyond), no trailing zeros, no "−0".
    public static func tick(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value) }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 10_000 || magnitude < 0.001 { return scientific(value) }
        var text = String(format: "%.*g", significantDigits, value)
        if text.contains("e") { return scientific(value) }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return minus(text)
    }

    /// `text` with ASCII hyphen-minuses as typographic minus signs.
    static func minus(_ text: String) -> String { text.replacingOccurrences(of: "-", with: "−") }
}
