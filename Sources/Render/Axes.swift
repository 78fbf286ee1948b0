import Foundation

/// Tick positions and labels for one axis, and the drawing of a framed plot area.
public enum Axes {
    /// About `target` round tick values (1, 2 or 5 × 10ᵏ apart) inside lower…upper.
    public static func ticks(from lower: Double, to upper: Double, target: Int = 5) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [] }
        let raw = (upper - lower) / Double(max(target, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = Int((lower / step - 1e-9).rounded(.up)), last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        // k · step, cleaned of binary noise (0.6000000000000001 → 0.6).
        return (first...last).map { Double(String(format: "%.12g", Double($0) * step))! }
    }

    /// Tick values for a log axis: powers of ten inside lower…upper (with 2 and 5 when few).
    public static func logTicks(from lower: Double, to upper: Double) -> [Double] {
        guard lower > 0, upper > lower else { return [] }
        let first = Int(log10(lower).rounded(.down)), last = Int(log10(upper).rounded(.up))
        var ticks: [Double] = []
        for exponent in first...last {
            let base = pow(10, Double(exponent))
            let multipliers: [Double] = last - first <= 2 ? [1, 2, 3, 5] : [1]
            for m in multipliers where m * base >= lower * (1 - 1e-9) && m * base <= upper * (1 + 1e-9) {
                ticks.append(Double(String(format: "%.12g", m * base))!)
            }
        }
        return ticks
    }

    /// A short label for a tick value: no trailing zeros, no "-0".
    public static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 10_000 || magnitude < 0.001 { return String(format: "%.0e", value) }
        var text = String(format: magnitude >= 100 ? "%.0f" : magnitude >= 1 ? "%.2f" : "%.3f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text.replacingOccurrences(of: "-", with: "−")
    }
}

/// Pixel sizes of one panel, all scaled from a 480-pixel design.
public struct PanelMetrics: Sendable {
    /// The scale relative to a 480-pixel panel.
    public let scale: Double
    /// Style of titles.
    public let title: TextStyle
    /// Style of legends and annotations.
    public let small: TextStyle
    /// Style of tick labels.
    public let tick: TextStyle

    /// Metrics for a panel `size` pixels high, with text in `font` (and `bold` for titles).
    public init(size: Int, font: Font, bold: Font) {
        scale = Double(size) / 480
        title = TextStyle(font: bold, pixelSize: 15.5 * scale)
        small = TextStyle(font: font, pixelSize: 12 * scale)
        tick = TextStyle(font: font, pixelSize: 11 * scale)
    }

    /// A length of `pixels` at 480, scaled.
    public func px(_ pixels: Double) -> Int { Int((pixels * scale).rounded()) }
}
