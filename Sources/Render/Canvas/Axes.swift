import Foundation

/// Tick positions and labels for one axis, and the drawing of a framed plot area.
public enum Axes {
    /// Four to seven round tick values inside lower…upper: multiples of the largest step of
    /// 1, 2 or 5 × 10ᵏ that gives at least four, or of 2.5 × 10ᵏ when 2 × 10ᵏ gives more than seven.
    ///
    /// Empty unless lower < upper and both are finite; ranges as wide as the whole of `Double`
    /// or as narrow as a subnormal step give a handful of finite ticks, never more than 100.
    public static func ticks(from lower: Double, to upper: Double) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [] }
        // upper − lower may overflow; the difference of the thirds does not. Four ticks need a
        // step of at most a third of the range.
        let largest = upper / 3 - lower / 3
        guard largest > 0, largest.isFinite else { return [] }
        let exponent = log10(largest).rounded(.down)
        // The multiples of `step` inside the range, if at least four.
        func multiples(of step: Double) -> [Double]? {
            guard step > 0, step.isFinite, step <= largest * (1 + 1e-9),
                  let first = clampedInt(lower / step - 1e-9, Int.min...Int.max, .up),
                  let last = clampedInt(upper / step + 1e-9, Int.min...Int.max, .down),
                  last - first >= 3, last - first <= 100 else { return nil }
            // k · step, cleaned of binary noise (0.6000000000000001 → 0.6).
            return (first...last).map { cleaned(Double($0) * step, step: step) }.filter(\.isFinite)
        }
        // 1, 2 and 5 first; 2.5 when 5 gives fewer than four and 2 more than seven.
        for power in [exponent + 1, exponent, exponent - 1] {
            for mantissa in [5.0, 2, 1] {
                guard let values = multiples(of: mantissa * pow(10, power)) else { continue }
                if values.count > 7, mantissa == 2, let quarters = multiples(of: 2.5 * pow(10, power)) { return quarters }
                return values
            }
        }
        return []
    }

    /// The labelled values of a log axis: every power of ten inside lower…upper when there are
    /// three or more (every n-th when more than twelve); else the richest of d × 10ᵏ for the
    /// digits d of 1…9, {1, 2, 3, 5}, {1, 2, 5}, {1, 3} or {1} that gives three to seven values
    /// (every power of ten among them); else four to seven round values as on a linear axis.
    ///
    /// Empty unless 0 < lower < upper and both are finite.
    public static func logTicks(from lower: Double, to upper: Double) -> [Double] {
        guard lower > 0, upper > lower, upper.isFinite else { return [] }
        let decades = powersOfTen(from: lower, to: upper)
        if decades.count >= 3 {
            let stride = [1, 2, 3, 5, 10, 20, 25, 50, 100].first { (decades.count + $0 - 1) / $0 <= 12 } ?? 100
            return decades.filter { $0.exponent % stride == 0 }.map(\.value)
        }
        for digits in [Array(stride(from: 1.0, through: 9, by: 1)), [1, 2, 3, 5], [1, 2, 5], [1, 3], [1]] {
            let values = multiples(digits, from: lower, to: upper)
            if (3...7).contains(values.count) { return values }
        }
        return ticks(from: lower, to: upper).filter { $0 > 0 }
    }

    /// The unlabelled ticks of a log axis between `logTicks`: 2…9 × 10ᵏ when the range spans at
    /// most twelve decades, the powers of ten left unlabelled when it spans more.
    public static func logMinorTicks(from lower: Double, to upper: Double) -> [Double] {
        guard lower > 0, upper > lower, upper.isFinite else { return [] }
        let labelled = Set(logTicks(from: lower, to: upper))
        let decades = powersOfTen(from: lower, to: upper)
        let candidates = decades.count > 12 ? decades.map(\.value)
            : multiples(Array(stride(from: 1.0, through: 9, by: 1)), from: lower, to: upper)
        return candidates.filter { !labelled.contains($0) }
    }

    /// The powers of ten inside lower…upper (at most 700: finite doubles span about 632 decades).
    private static func powersOfTen(from lower: Double, to upper: Double) -> [(exponent: Int, value: Double)] {
        // Exponents of finite positive doubles lie within −324…309: these conversions cannot fail.
        guard let first = clampedInt(log10(lower) - 1e-9, -400...400, .up),
              let last = clampedInt(log10(upper) + 1e-9, -400...400, .down), first <= last else { return [] }
        return (first...last).compactMap { k in
            let value = cleaned(pow(10, Double(k)), step: pow(10, Double(k)))
            return value > 0 && value.isFinite ? (k, value) : nil
        }
    }

    /// d × 10ᵏ inside lower…upper for every digit d of `digits` and every k, in order.
    private static func multiples(_ digits: [Double], from lower: Double, to upper: Double) -> [Double] {
        guard let first = clampedInt(log10(lower), -400...400, .down), let last = clampedInt(log10(upper), -400...400, .up),
              last - first <= 30 else { return [] }
        var values: [Double] = []
        for k in first...last {
            let base = pow(10, Double(k))
            for d in digits where d * base >= lower * (1 - 1e-9) && d * base <= upper * (1 + 1e-9) {
                let value = cleaned(d * base, step: d * base)
                if value > 0, value.isFinite { values.append(value) }
            }
        }
        return values
    }

    /// `value` printed with 12 significant digits and read back, which drops binary noise; kept as
    /// it is when that would move it by more than a millionth of `step` (ticks of a very narrow range).
    private static func cleaned(_ value: Double, step: Double) -> Double {
        guard let short = Double(String(format: "%.12g", value)), abs(short - value) <= step * 1e-6 else { return value }
        return short
    }

    /// A short label for a tick value: no trailing zeros, no "−0", scientific beyond 10⁴ and under 10⁻³.
    public static func label(_ value: Double) -> String { NumberText.tick(value) }
}

extension Axes {
    /// How much a tick value deserves its label when not all fit, greater first: on a log axis
    /// powers of ten (10ⁿ for n a multiple of 10, 5, 2 first), then 2 and 5 × 10ᵏ; on a linear
    /// axis multiples of 10, 5, 2 steps first (0 first of all).
    static func priority(of value: Double, among values: [Double], logScale: Bool) -> Int {
        func divisibility(_ k: Int) -> Int { k % 10 == 0 ? 3 : k % 5 == 0 ? 2 : k % 2 == 0 ? 1 : 0 }
        if logScale {
            guard value > 0 else { return 0 }
            let exponent = log10(value).rounded(.down), digit = (value / pow(10, exponent)).rounded()
            guard digit == 1, let k = clampedInt(exponent, -400...400) else { return digit == 2 || digit == 5 ? 1 : 0 }
            return 4 + divisibility(k)
        }
        guard values.count >= 2, let step = zip(values, values.dropFirst()).map({ $1 - $0 }).min(), step > 0,
              let k = clampedInt(value / step, -1_000_000...1_000_000, .toNearestOrAwayFromZero) else { return 0 }
        return divisibility(k)
    }

    /// The labels of `values` that fit `space`, chosen by `priority` (greater first, then in
    /// order): each label's rectangle from `box`, taken from the space if it is free. Returns
    /// the values labelled, in their order, with their rectangles.
    static func placeLabels(_ values: [Double], logScale: Bool, space: inout LabelSpace, box: (Double) -> Rect?) -> [(value: Double, rect: Rect)] {
        let order = values.indices.sorted { a, b in
            let pa = priority(of: values[a], among: values, logScale: logScale), pb = priority(of: values[b], among: values, logScale: logScale)
            return pa != pb ? pa > pb : a < b
        }
        var placed: [(index: Int, rect: Rect)] = []
        for index in order {
            guard let rect = box(values[index]), space.take(rect) else { continue }
            placed.append((index, rect))
        }
        return placed.sorted { $0.index < $1.index }.map { (values[$0.index], $0.rect) }
    }

    /// The two axes of a plane's plot: four to seven ticks on each, their labels where they fit
    /// (none overlapping, none leaving `frame`), and the axes' names, x's under the plot's
    /// right end and y's above its left edge.
    static func drawPlaneAxes(_ domain: PlaneRect, names: (String, String), plot: Rect, frame: Rect, metrics: PanelMetrics,
                              grid: Bool, on canvas: Canvas) {
        let labelColor = Palette.grey(0.72)
        var space = LabelSpace(bounds: frame)
        let xName = metrics.small.box(of: names.0, x: plot.maxX, baseline: plot.maxY + metrics.tx(30), anchor: .right)
        var yText = names.1, yBaseline = plot.y + metrics.tx(10)
        var yName = metrics.small.box(of: yText, x: frame.x + metrics.tx(12), baseline: yBaseline, anchor: .center)
        // A name too long for the margin beside the plot (a feature's) goes under it, at the left, with an arrow up.
        if yName.x < frame.x + metrics.px(2) {
            (yText, yBaseline) = ("↑ " + names.1, plot.maxY + metrics.tx(30))
            yName = metrics.small.box(of: yText, x: frame.x + metrics.px(2), baseline: yBaseline, anchor: .left)
        }
        canvas.drawText(names.0, x: xName.x, y: plot.maxY + metrics.tx(30), style: metrics.small, color: labelColor)
        canvas.drawText(yText, x: yName.x, y: yBaseline, style: metrics.small, color: labelColor,
                        fitting: max(0, xName.x - yName.x - metrics.px(8)))
        space.occupy(xName)
        space.occupy(yName)
        let spanX = domain.maxX - domain.minX, spanY = domain.maxY - domain.minY
        drawVertical(ticks(from: domain.minY, to: domain.maxY), at: { Double(plot.y) + (domain.maxY - $0) / spanY * Double(plot.height) },
                     plot: plot, metrics: metrics, grid: grid, space: &space, on: canvas)
        drawHorizontal(ticks(from: domain.minX, to: domain.maxX), at: { Double(plot.x) + ($0 - domain.minX) / spanX * Double(plot.width) },
                       plot: plot, metrics: metrics, grid: grid, space: &space, on: canvas)
    }

    /// An axis along the bottom of `plot`: a tick under every value of `values` (shorter ones
    /// for `minor`), grid lines up through the plot when `grid`, and the labels that fit in
    /// `space` under their ticks. `position` gives a value's x pixel (NaN skips it).
    static func drawHorizontal(_ values: [Double], minor: [Double] = [], logScale: Bool = false, at position: (Double) -> Double,
                               plot: Rect, metrics: PanelMetrics, grid: Bool, space: inout LabelSpace, on canvas: Canvas) {
        let tickColor = Palette.grey(0.55), labelColor = Palette.grey(0.72)
        for value in minor {
            guard let x = clampedPixel(position(value)) else { continue }
            canvas.hairline(from: (x, plot.maxY), to: (x, plot.maxY + metrics.px(2)), color: tickColor)
        }
        for value in values {
            guard let x = clampedPixel(position(value)) else { continue }
            if grid { canvas.hairline(from: (x, plot.y), to: (x, plot.maxY - 1), color: Palette.grey(0.06)) }
            canvas.hairline(from: (x, plot.maxY), to: (x, plot.maxY + metrics.px(4)), color: tickColor)
        }
        let baseline = plot.maxY + metrics.tx(17)
        let labels = placeLabels(values, logScale: logScale, space: &space) { value in
            clampedPixel(position(value)).map { metrics.tick.box(of: label(value), x: $0, baseline: baseline, anchor: .center) }
        }
        for (value, rect) in labels {
            canvas.drawText(label(value), x: rect.x, y: baseline, style: metrics.tick, color: labelColor)
        }
    }

    /// An axis along the left of `plot`, as `drawHorizontal` draws one along the bottom;
    /// `position` gives a value's y pixel.
    static func drawVertical(_ values: [Double], minor: [Double] = [], logScale: Bool = false, at position: (Double) -> Double,
                             plot: Rect, metrics: PanelMetrics, grid: Bool, space: inout LabelSpace, on canvas: Canvas) {
        let tickColor = Palette.grey(0.55), labelColor = Palette.grey(0.72)
        for value in minor {
            guard let y = clampedPixel(position(value)) else { continue }
            canvas.hairline(from: (plot.x - metrics.px(2), y), to: (plot.x - 1, y), color: tickColor)
        }
        for value in values {
            guard let y = clampedPixel(position(value)) else { continue }
            if grid { canvas.hairline(from: (plot.x, y), to: (plot.maxX - 1, y), color: Palette.grey(0.06)) }
            canvas.hairline(from: (plot.x - metrics.px(4), y), to: (plot.x - 1, y), color: tickColor)
        }
        let right = plot.x - metrics.tx(7), lift = metrics.tx(4)
        let labels = placeLabels(values, logScale: logScale, space: &space) { value in
            clampedPixel(position(value)).map { metrics.tick.box(of: label(value), x: right, baseline: $0 + lift, anchor: .right) }
        }
        for (value, rect) in labels {
            canvas.drawText(label(value), x: rect.x, y: rect.maxY - (clampedPixel(metrics.tick.pixelSize * 0.24, .up) ?? 0),
                            style: metrics.tick, color: labelColor)
        }
    }
}

/// Pixel sizes of one panel, all scaled from a 480-pixel design: the one scale base of every
/// panel, header and line width.
///
/// Lengths (line widths, point sizes) follow the panel's size; text, and the margins that hold
/// text, follow the picture's size, so that a small panel among several (a comparison's grid)
/// keeps the text size of the rest of the picture.
public struct PanelMetrics: Sendable {
    /// The side every pixel size is designed at.
    public static let designSide = 480.0
    /// The size of text at 480 pixels, for every caption, legend, label and annotation; titles
    /// are `titlePixels`, tick labels and headings' second lines `tickPixels`.
    public static let textPixels = 12.0
    /// The size of titles at 480 pixels.
    public static let titlePixels = 15.5
    /// The size of tick labels at 480 pixels.
    public static let tickPixels = 11.0

    /// The scale of lengths relative to a 480-pixel panel.
    public let scale: Double
    /// The scale of text (and of the margins that hold it) relative to a 480-pixel picture.
    public let textScale: Double
    /// Style of titles.
    public let title: TextStyle
    /// Style of legends, captions and annotations.
    public let small: TextStyle
    /// Style of tick labels.
    public let tick: TextStyle

    /// Metrics for a panel `size` pixels high in a picture whose text is sized for `textSize`
    /// pixels (the panel's own size when nil), with text in `font` (and `bold` for titles).
    public init(size: Int, font: Font, bold: Font, textSize: Int? = nil) {
        scale = Double(size) / Self.designSide
        textScale = Double(textSize ?? size) / Self.designSide
        title = TextStyle(font: bold, pixelSize: Self.titlePixels * textScale)
        small = TextStyle(font: font, pixelSize: Self.textPixels * textScale)
        tick = TextStyle(font: font, pixelSize: Self.tickPixels * textScale)
    }

    /// A length of `pixels` at 480, scaled.
    public func px(_ pixels: Double) -> Int { clampedPixel(pixels * scale, .toNearestOrAwayFromZero) ?? 0 }

    /// A distance that holds text (a margin, a baseline's offset) of `pixels` at 480, scaled as text is.
    public func tx(_ pixels: Double) -> Int { clampedPixel(pixels * textScale, .toNearestOrAwayFromZero) ?? 0 }
}
