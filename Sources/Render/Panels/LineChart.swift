import Foundation

/// One line of a chart: a value per x step (per epoch).
public struct LineSeries: Sendable {
    /// Legend name.
    public var name: String
    /// The values; non-finite values leave gaps.
    public var values: [Double]
    /// Palette index of the line.
    public var color: UInt8
    /// Dashed lines (e.g. test loss next to a solid training loss).
    public var dashed: Bool
    /// Whether the legend lists this series.
    public var inLegend: Bool

    /// A series.
    public init(name: String, values: [Double], color: UInt8, dashed: Bool = false, inLegend: Bool = true) {
        self.name = name
        self.values = values
        self.color = color
        self.dashed = dashed
        self.inLegend = inLegend
    }
}

/// A line chart of series against their index (epochs), with axes fixed by the full series so an
/// animation can reveal the lines step by step without the axes moving.
public struct LineChart: Sendable {
    /// Where the chart sits on the canvas.
    public let frame: Rect
    /// The series, full length.
    public let series: [LineSeries]
    /// Label of the x axis.
    public let xLabel: String
    /// Label of the y axis.
    public let yLabel: String
    /// Logarithmic y axis.
    public let logScale: Bool
    /// Text and length scale.
    public let metrics: PanelMetrics
    /// The plot area inside the frame.
    public let plot: Rect
    /// The y range shown.
    public let yRange: ClosedRange<Double>
    /// Number of x steps (the x axis runs 0…count − 1).
    public let count: Int
    /// A legend box inside the plot (for many series) instead of a legend row above it.
    public let legendInside: Bool
    /// A line of text under the legend row (e.g. "dashed: test loss").
    public let caption: String?
    /// Where each value lies on the x axis (fractional epochs), increasing; nil for 0, 1, 2, ….
    public let positions: [Double]?
    /// The x axis runs from `xRange.lowerBound` to its upper bound.
    public let xRange: ClosedRange<Double>

    /// A chart of `series` in `frame`.
    public init(frame: Rect, series: [LineSeries], xLabel: String, yLabel: String, logScale: Bool, font: Font, bold: Font,
                legendInside: Bool = false, caption: String? = nil, yRange fixedRange: ClosedRange<Double>? = nil,
                positions: [Double]? = nil) {
        self.frame = frame
        self.legendInside = legendInside
        self.caption = caption
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logScale = logScale
        // Text scales with the width, so that half-height charts stacked in a panel keep their text size.
        metrics = PanelMetrics(size: frame.width, font: font, bold: bold)
        plot = frame.inset(left: metrics.px(58), top: metrics.px(56), right: metrics.px(18), bottom: metrics.px(34))
        count = max(2, series.map(\.values.count).max() ?? 2)
        (self.positions, xRange) = Self.xAxis(positions, count: count)
        if let fixedRange {
            yRange = Self.usableRange(fixedRange.lowerBound, fixedRange.upperBound, logScale: logScale)
        } else {
            let values = series.flatMap(\.values).filter { $0.isFinite && (!logScale || $0 > 0) }
            let low = values.min() ?? (logScale ? 0.01 : 0), high = values.max() ?? 1
            if logScale {
                let lower = pow(10, log10(max(low, 1e-12)) - 0.08), upper = pow(10, log10(max(high, lower * 10)) + 0.08)
                yRange = Self.usableRange(lower, upper, logScale: true)
            } else {
                // Halves, so that a span from −max to +max does not overflow.
                let lower = min(0, low), upper = high > lower ? high + (high / 2 - lower / 2) * 0.12 : lower + 1
                yRange = Self.usableRange(lower, upper, logScale: false)
            }
        }
    }

    /// The positions, if there is one per value, finite and spanning a range, with that range;
    /// else none and 0…count − 1.
    static func xAxis(_ positions: [Double]?, count: Int) -> ([Double]?, ClosedRange<Double>) {
        guard let p = positions, p.count >= count, count >= 2, p.allSatisfy(\.isFinite), p[count - 1] > p[0] else {
            return (nil, 0...Double(count - 1))
        }
        return (p, p[0]...p[count - 1])
    }

    /// lower…upper made drawable: finite, lower < upper, and positive on a log axis. NaN bounds give
    /// the default range; infinite ones the largest finite values; an empty range is widened.
    static func usableRange(_ lower: Double, _ upper: Double, logScale: Bool) -> ClosedRange<Double> {
        let largest = Double.greatestFiniteMagnitude
        guard !lower.isNaN, !upper.isNaN, lower <= upper else { return logScale ? 0.01...1 : 0...1 }
        if logScale {
            var low = min(max(lower, Double.leastNormalMagnitude), largest), high = min(upper, largest)
            if !(high > low) { high = min(low * 10, largest); low = high / 100 }
            return low...high
        }
        var low = max(lower, -largest), high = min(upper, largest)
        if !(high > low) {
            let pad = max(abs(low) / 10, 1)
            low = max(low - pad, -largest); high = min(high + pad, largest)
        }
        return low...high
    }

    /// Where `value` sits in the y range: 0 at the bottom, 1 at the top; NaN for NaN (and for
    /// values ≤ 0 on a log axis), which callers skip.
    func fraction(_ value: Double) -> Double {
        let lower = yRange.lowerBound, upper = yRange.upperBound
        if logScale {
            guard value > 0 else { return .nan }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
        // Halves: neither difference overflows for finite bounds.
        return (value / 2 - lower / 2) / (upper / 2 - lower / 2)
    }

    /// The x axis position of value `index` (the index itself without `positions`).
    public func position(_ index: Int) -> Double {
        guard let positions, positions.indices.contains(index) else { return Double(index) }
        return positions[index]
    }

    /// The pixel position of value `value` at x axis position `x` (a step, or a fractional
    /// epoch); values beyond the range are drawn just outside the plot, NaN gives a NaN point
    /// (which drawing skips).
    public func pixel(_ x: Double, _ value: Double) -> Point {
        let t = fraction(value)
        let span = xRange.upperBound - xRange.lowerBound
        return Point(Double(plot.x) + (x - xRange.lowerBound) / span * Double(plot.width - 1) + 0.5,
                     t.isNaN ? .nan : Double(plot.maxY) - t.clamped(-0.02, 1.02) * Double(plot.height - 1) - 0.5)
    }

    /// Grid, axes, ticks, labels and the legend.
    public func drawBackground(on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        let grid = Palette.grey(0.06), tickColor = Palette.grey(0.55), labelColor = Palette.grey(0.72)
        let yTicks = logScale ? Axes.logTicks(from: yRange.lowerBound, to: yRange.upperBound)
                              : Axes.ticks(from: yRange.lowerBound, to: yRange.upperBound)
        for value in yTicks {
            guard let y = clampedPixel(pixel(0, value).y) else { continue }
            canvas.hairline(from: (plot.x, y), to: (plot.maxX - 1, y), color: grid)
            canvas.hairline(from: (plot.x - metrics.px(4), y), to: (plot.x - 1, y), color: tickColor)
            canvas.drawText(Axes.label(value), x: plot.x - metrics.px(7), y: y + metrics.px(4), style: metrics.tick, color: labelColor, anchor: .right)
        }
        for value in Axes.ticks(from: xRange.lowerBound, to: xRange.upperBound) {
            guard let x = clampedPixel(pixel(value, yRange.lowerBound).x) else { continue }
            canvas.hairline(from: (x, plot.y), to: (x, plot.maxY - 1), color: grid)
            canvas.hairline(from: (x, plot.maxY), to: (x, plot.maxY + metrics.px(4)), color: tickColor)
            canvas.drawText(Axes.label(value), x: x, y: plot.maxY + metrics.px(17), style: metrics.tick, color: labelColor, anchor: .center)
        }
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: tickColor)
        canvas.drawText(xLabel, x: plot.maxX, y: plot.maxY + metrics.px(30), style: metrics.small, color: labelColor, anchor: .right)
        canvas.drawText(yLabel + (logScale ? " (log scale)" : ""), x: frame.x + metrics.px(16), y: plot.y + plot.height / 2,
                        style: metrics.small, color: labelColor, anchor: .center, angle: .pi / 2)
        // Legend: a short line sample per series.
        var x = plot.x
        let baseline = frame.y + metrics.px(44)
        if let caption {
            canvas.drawText(caption, x: x, y: baseline, style: metrics.small, color: Palette.grey(0.6))
        }
        guard !legendInside else { return }
        for line in series where line.inLegend {
            let y = Double(baseline) - 4 * metrics.scale
            stroke([Point(Double(x), y), Point(Double(x + metrics.px(18)), y)], line: line, on: canvas, clip: frame)
            canvas.drawText(line.name, x: x + metrics.px(23), y: baseline, style: metrics.small, color: Palette.grey(0.75))
            x += metrics.px(23) + metrics.small.width(of: line.name) + metrics.px(16)
        }
    }

    /// One frame: the series up to step `index`, a marker at it, the `keySteps` reached so far
    /// annotated with their values, and `title` above.
    public func drawFrame(on canvas: Canvas, upTo index: Int, title: String, keySteps: [Int] = []) {
        let titleArea = Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.px(28))
        canvas.fill(titleArea, Palette.background)
        canvas.drawText(title, x: plot.x, y: frame.y + metrics.px(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: frame.maxX - plot.x - metrics.px(6))
        for line in series {
            let last = min(index, line.values.count - 1)
            guard last >= 0 else { continue }
            var run: [Point] = []
            for step in 0...last {
                let value = line.values[step]
                if value.isFinite, !logScale || value > 0 {
                    run.append(pixel(position(step), value))
                } else {
                    stroke(run, line: line, on: canvas)
                    run = []
                }
            }
            stroke(run, line: line, on: canvas)
            if let end = run.last, last == index {
                canvas.fillDisc(center: end, radius: 4.2 * metrics.scale, color: Palette.background)
                canvas.fillDisc(center: end, radius: 3.2 * metrics.scale, color: line.color)
            }
        }
        if let first = series.first {
            for step in keySteps where step >= 0 && step <= index && step < first.values.count {
                let value = first.values[step]
                guard value.isFinite, !logScale || value > 0 else { continue }
                let point = pixel(position(step), value)
                guard let pointX = clampedPixel(point.x), let pointY = clampedPixel(point.y) else { continue }
                canvas.fillDisc(center: point, radius: 2.6 * metrics.scale, color: Palette.grey(0.85))
                let label = String(format: "%.3g", value)
                // Above the point when there is room; otherwise beside it, away from the curve's start.
                if point.y - Double(metrics.px(9)) > Double(plot.y + metrics.px(12)) {
                    let x = min(max(pointX, plot.x + metrics.px(14)), plot.maxX - metrics.px(14))
                    canvas.drawText(label, x: x, y: pointY - metrics.px(8), style: metrics.small, color: Palette.grey(0.85), anchor: .center)
                } else {
                    let right = point.x < Double(plot.x + plot.width / 2)
                    canvas.drawText(label, x: pointX + (right ? metrics.px(7) : -metrics.px(7)), y: pointY + metrics.px(4),
                                    style: metrics.small, color: Palette.grey(0.85), anchor: right ? .left : .right)
                }
            }
        }
        if legendInside { drawLegendBox(on: canvas) }
    }

    /// The legend as a box in the plot's top-right corner, one row per series.
    private func drawLegendBox(on canvas: Canvas) {
        let entries = series.filter(\.inLegend)
        guard !entries.isEmpty else { return }
        let row = metrics.px(16), sample = metrics.px(18), padding = metrics.px(7)
        let textWidth = entries.map { metrics.small.width(of: $0.name) }.max() ?? 0
        let width = padding * 3 + sample + textWidth, height = padding * 2 + row * entries.count - metrics.px(3)
        let box = Rect(x: plot.maxX - width - metrics.px(6), y: plot.y + metrics.px(6), width: width, height: height)
        canvas.fill(box, Palette.background)
        canvas.strokeRect(box, color: Palette.grey(0.2))
        for (index, line) in entries.enumerated() {
            let baseline = box.y + padding + row * index + metrics.px(10)
            let y = Double(baseline) - 4 * metrics.scale
            stroke([Point(Double(box.x + padding), y), Point(Double(box.x + padding + sample), y)], line: line, on: canvas, clip: box)
            canvas.drawText(line.name, x: box.x + padding * 2 + sample, y: baseline, style: metrics.small, color: Palette.grey(0.75))
        }
    }

    private func stroke(_ points: [Point], line: LineSeries, on canvas: Canvas, clip: Rect? = nil) {
        let thickness = 2.1 * metrics.scale
        let area = clip ?? plot
        guard line.dashed else {
            canvas.strokePolyline(points, thickness: thickness, color: line.color, clip: area)
            return
        }
        for dash in Self.dashes(points, on: 7 * metrics.scale, off: 4.5 * metrics.scale) {
            canvas.strokePolyline(dash, thickness: thickness, color: line.color, clip: area)
        }
    }

    /// Cuts a polyline into dashes of length `on` separated by gaps of `off`.
    static func dashes(_ points: [Point], on: Double, off: Double) -> [[Point]] {
        var result: [[Point]] = []
        var current: [Point] = []
        var drawing = true
        var remaining = on
        for (a, b) in zip(points, points.dropFirst()) {
            var start = a
            var length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            if drawing, current.isEmpty { current = [start] }
            while length > remaining {
                let t = remaining / length
                let cut = Point(start.x + (b.x - start.x) * t, start.y + (b.y - start.y) * t)
                if drawing { current.append(cut); result.append(current); current = [] } else { current = [cut] }
                drawing.toggle()
                length -= remaining
                remaining = drawing ? on : off
                start = cut
            }
            remaining -= length
            if drawing { current.append(b) }
        }
        if current.count >= 2 { result.append(current) }
        return result
    }
}
