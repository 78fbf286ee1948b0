import Foundation

/// Tick positions and labels for one axis, and the drawing of a framed plot area.
public enum Axes {
    /// About `target` round tick values (1, 2 or 5 × 10ᵏ apart) inside lower…upper.
    ///
    /// Empty unless lower < upper and both are finite; ranges as wide as the whole of `Double`
    /// or as narrow as a subnormal step give a handful of finite ticks, never more than 100.
    public static func ticks(from lower: Double, to upper: Double, target: Int = 5) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [] }
        let parts = Double(min(max(target, 1), 50))
        // upper − lower may overflow; the difference of the parts does not.
        let raw = upper / parts - lower / parts
        guard raw > 0, raw.isFinite else { return [] }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        guard step > 0, step.isFinite,
              let first = clampedInt(lower / step - 1e-9, Int.min...Int.max, .up),
              let last = clampedInt(upper / step + 1e-9, Int.min...Int.max, .down),
              first <= last, last - first <= 100 else { return [] }
        // k · step, cleaned of binary noise (0.6000000000000001 → 0.6).
        return (first...last).map { cleaned(Double($0) * step, step: step) }.filter(\.isFinite)
    }

    /// Tick values for a log axis: powers of ten inside lower…upper (with 2, 3 and 5 when few, and
    /// only every n-th power when there would be more than about ten of them).
    ///
    /// Empty unless 0 < lower < upper and both are finite.
    public static func logTicks(from lower: Double, to upper: Double) -> [Double] {
        guard lower > 0, upper > lower, upper.isFinite else { return [] }
        // Exponents of finite positive doubles lie within −324…309: these conversions cannot fail.
        guard let first = clampedInt(log10(lower), -400...400, .down), let last = clampedInt(log10(upper), -400...400, .up) else { return [] }
        // Every power, or every 2nd, 3rd, 5th, 10th, … (a multiple of it), so that at most ten remain.
        let span = last - first
        let stride = [1, 2, 3, 5, 10, 20, 25, 50, 100].first { span / $0 <= 10 } ?? 100
        let start = first >= 0 ? (first + stride - 1) / stride * stride : -(-first / stride * stride)
        let multipliers: [Double] = span <= 2 ? [1, 2, 3, 5] : [1]
        var ticks: [Double] = []
        for exponent in Swift.stride(from: start, through: last, by: stride) {
            let base = pow(10, Double(exponent))
            for m in multipliers where m * base >= lower * (1 - 1e-9) && m * base <= upper * (1 + 1e-9) {
                let tick = cleaned(m * base, step: m * base)
                if tick > 0, tick.isFinite { ticks.append(tick) }
            }
        }
        return ticks
    }

    /// `value` printed with 12 significant digits and read back, which drops binary noise; kept as
    /// it is when that would move it by more than a millionth of `step` (ticks of a very narrow range).
    private static func cleaned(_ value: Double, step: Double) -> Double {
        guard let short = Double(String(format: "%.12g", value)), abs(short - value) <= step * 1e-6 else { return value }
        return short
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

/// Pixel sizes of one panel, all scaled from a 480-pixel design: the one scale base of every
/// panel, header and line width.
public struct PanelMetrics: Sendable {
    /// The side every pixel size is designed at.
    public static let designSide = 480.0

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
        scale = Double(size) / Self.designSide
        title = TextStyle(font: bold, pixelSize: 15.5 * scale)
        small = TextStyle(font: font, pixelSize: 12 * scale)
        tick = TextStyle(font: font, pixelSize: 11 * scale)
    }

    /// A length of `pixels` at 480, scaled.
    public func px(_ pixels: Double) -> Int { clampedPixel(pixels * scale, .toNearestOrAwayFromZero) ?? 0 }
}
