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
    /// The labelled values of the y axis.
    let yTicks: [Double]
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
        count = max(2, series.map(\.values.count).max() ?? 2)
        (self.positions, xRange) = Self.xAxis(positions, count: count)
        let yRange: ClosedRange<Double>
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
        self.yRange = yRange
        // The left margin holds the widest tick label and the rotated axis name beside it.
        let ticks = logScale ? Axes.logTicks(from: yRange.lowerBound, to: yRange.upperBound) : Axes.ticks(from: yRange.lowerBound, to: yRange.upperBound)
        yTicks = ticks
        let metrics = metrics
        let widest = ticks.map { metrics.tick.width(of: Axes.label($0)) }.max() ?? 0
        let left = max(metrics.tx(58), widest + metrics.tx(7 + 26))
        plot = frame.inset(left: left, top: metrics.tx(56), right: metrics.tx(18), bottom: metrics.tx(34))
    }

    /// The labelled values of the x axis: round values, whole ones when the values are at
    /// steps 0, 1, 2, … (epochs), so a run of a few epochs is not ticked at 0.25; fractional
    /// with `positions` (a run recording every K steps has fractional epochs).
    public var xTicks: [Double] {
        let ticks = Axes.ticks(from: xRange.lowerBound, to: xRange.upperBound)
        guard positions == nil, ticks.contains(where: { $0 != $0.rounded() }) else { return ticks }
        let whole = Array(Int(xRange.lowerBound.rounded(.up))...Int(xRange.upperBound.rounded(.down))).map(Double.init)
        return whole.count <= 7 ? whole : ticks.filter { $0 == $0.rounded() }
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

    /// Grid, axes, ticks, labels and the legend; no two labels overlap and none leaves the
    /// frame. Returns the rectangles the axes' names and labels took.
    @discardableResult
    public func drawBackground(on canvas: Canvas) -> LabelSpace {
        canvas.fill(frame, Palette.background)
        let tickColor = Palette.grey(0.55), labelColor = Palette.grey(0.72)
        var space = LabelSpace(bounds: frame)
        let xName = metrics.small.box(of: xLabel, x: plot.maxX, baseline: plot.maxY + metrics.tx(30), anchor: .right)
        canvas.drawText(xLabel, x: xName.x, y: plot.maxY + metrics.tx(30), style: metrics.small, color: labelColor)
        space.occupy(xName)
        let yName = yLabel + (logScale ? " (log scale)" : ""), yNameWidth = metrics.small.width(of: yName)
        canvas.drawText(yName, x: frame.x + metrics.tx(16), y: plot.y + plot.height / 2, style: metrics.small, color: labelColor,
                        anchor: .center, angle: .pi / 2)
        space.occupy(Rect(x: frame.x + metrics.tx(16) - metrics.tx(10), y: plot.y + plot.height / 2 - yNameWidth / 2,
                          width: metrics.tx(13), height: yNameWidth))
        Axes.drawVertical(yTicks, minor: logScale ? minorTicks() : [], logScale: logScale, at: { pixel(0, $0).y }, plot: plot,
                          metrics: metrics, grid: true, space: &space, on: canvas)
        Axes.drawHorizontal(xTicks, at: { pixel($0, yRange.lowerBound).x },
                            plot: plot, metrics: metrics, grid: true, space: &space, on: canvas)
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: tickColor)
        // Legend: a short line sample per series.
        var x = plot.x
        let baseline = frame.y + metrics.tx(44)
        if let caption {
            canvas.drawText(caption, x: x, y: baseline, style: metrics.small, color: Palette.grey(0.6), fitting: frame.maxX - x - metrics.tx(6))
        }
        guard !legendInside else { return space }
        for line in series where line.inLegend {
            let y = Double(baseline) - 4 * metrics.textScale
            stroke([Point(Double(x), y), Point(Double(x + metrics.tx(18)), y)], line: line, on: canvas, clip: frame)
            canvas.drawText(line.name, x: x + metrics.tx(23), y: baseline, style: metrics.small, color: Palette.grey(0.75))
            x += metrics.tx(23) + metrics.small.width(of: line.name) + metrics.tx(16)
        }
        return space
    }

    /// The log axis's minor ticks, those at least 3 pixels from every other tick.
    func minorTicks() -> [Double] {
        let all = (yTicks + Axes.logMinorTicks(from: yRange.lowerBound, to: yRange.upperBound)).sorted()
        var kept: [Double] = []
        var previous = -Double.infinity
        let labelled = Set(yTicks)
        for (index, value) in all.enumerated() {
            let y = pixel(0, value).y
            let next = index + 1 < all.count ? pixel(0, all[index + 1]).y : -Double.infinity
            if labelled.contains(value) || (abs(y - previous) >= 3 && abs(next - y) >= 3) {
                if !labelled.contains(value) { kept.append(value) }
                previous = y
            }
        }
        return kept
    }

    /// One frame: the series up to step `index`, a marker at it, the `keySteps` reached so far
    /// annotated with their values, and `title` above (fitted to the frame).
    public func drawFrame(on canvas: Canvas, upTo index: Int, title: String, keySteps: [Int] = []) {
        let titleArea = Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.tx(28))
        canvas.fill(titleArea, Palette.background)
        canvas.drawText(title, x: plot.x, y: frame.y + metrics.tx(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: frame.maxX - plot.x - metrics.tx(6))
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
        for annotation in annotations(keySteps) where annotation.step <= index {
            canvas.fillDisc(center: annotation.point, radius: 2.6 * metrics.scale, color: Palette.grey(0.85))
            if let (text, rect) = annotation.label {
                canvas.drawText(text, x: rect.x, y: rect.maxY - (clampedPixel(metrics.small.pixelSize * 0.24, .up) ?? 0),
                                style: metrics.small, color: Palette.grey(0.85))
            }
        }
        if legendInside { drawLegendBox(on: canvas) }
    }

    /// One key step's mark: where its value lies, and its label's text and rectangle (none when
    /// no place inside the plot is free).
    struct Annotation {
        var step: Int
        var point: Point
        var label: (String, Rect)?
    }

    /// The annotations of the first series' `keySteps`, placed once for the whole series (so an
    /// animation's labels never move): each label inside the plot, clear of the legend box and
    /// of every earlier label, beside its point where it covers no line if it can.
    func annotations(_ keySteps: [Int]) -> [Annotation] {
        guard let first = series.first else { return [] }
        var space = LabelSpace(bounds: plot.inset(left: 2, top: 2, right: 2, bottom: 2), taken: legendInside ? [legendBox()] : [])
        // Points every two pixels along every series, to keep labels off the lines.
        var curve: [Point] = []
        for line in series {
            var previous: Point? = nil
            for step in line.values.indices {
                let value = line.values[step]
                guard value.isFinite, !logScale || value > 0 else { previous = nil; continue }
                let point = pixel(position(step), value)
                let length = previous.map { hypot(point.x - $0.x, point.y - $0.y) } ?? 0
                if let previous, length > 2, length < 4000 {
                    let pieces = Int(length / 2)
                    curve += (1..<pieces).map { k in
                        let t = Double(k) / Double(pieces)
                        return Point(previous.x + (point.x - previous.x) * t, previous.y + (point.y - previous.y) * t)
                    }
                }
                curve.append(point)
                previous = point
            }
        }
        func coversLine(_ rect: Rect) -> Bool {
            curve.contains { Double(rect.x) <= $0.x && $0.x <= Double(rect.maxX) && Double(rect.y) <= $0.y && $0.y <= Double(rect.maxY) }
        }
        var result: [Annotation] = []
        for step in keySteps where step >= 0 && step < first.values.count {
            let value = first.values[step]
            guard value.isFinite, !logScale || value > 0 else { continue }
            let point = pixel(position(step), value)
            guard let x = clampedPixel(point.x), let y = clampedPixel(point.y) else { continue }
            let text = NumberText.decimal(value, decimals: 4), style = metrics.small
            let near = metrics.px(7), above = y - metrics.px(8), below = y + metrics.px(8) + (clampedPixel(style.pixelSize * 0.78, .up) ?? 0)
            let candidates = [style.box(of: text, x: x, baseline: above, anchor: .center), style.box(of: text, x: x, baseline: below, anchor: .center),
                              style.box(of: text, x: x + near, baseline: above, anchor: .left), style.box(of: text, x: x - near, baseline: above, anchor: .right),
                              style.box(of: text, x: x + near, baseline: below, anchor: .left), style.box(of: text, x: x - near, baseline: below, anchor: .right),
                              style.box(of: text, x: x - near, baseline: y + metrics.px(4), anchor: .right),
                              style.box(of: text, x: x + near, baseline: y + metrics.px(4), anchor: .left)]
            let free = candidates.filter(space.isFree)
            let chosen = free.first { !coversLine($0) } ?? free.first
            if let chosen { _ = space.take(chosen) }
            result.append(Annotation(step: step, point: point, label: chosen.map { (text, $0) }))
        }
        return result
    }

    /// The legend box's rectangle in the plot's top-right corner.
    func legendBox() -> Rect {
        let entries = series.filter(\.inLegend)
        let row = metrics.tx(16), sample = metrics.tx(18), padding = metrics.tx(7)
        let textWidth = entries.map { metrics.small.width(of: $0.name) }.max() ?? 0
        let width = min(padding * 3 + sample + textWidth, plot.width - metrics.px(12))
        let height = padding * 2 + row * entries.count - metrics.tx(3)
        return Rect(x: plot.maxX - width - metrics.px(6), y: plot.y + metrics.px(6), width: width, height: height)
    }

    /// The legend as a box in the plot's top-right corner, one row per series.
    private func drawLegendBox(on canvas: Canvas) {
        let entries = series.filter(\.inLegend)
        guard !entries.isEmpty else { return }
        let row = metrics.tx(16), sample = metrics.tx(18), padding = metrics.tx(7)
        let box = legendBox()
        canvas.fill(box, Palette.background)
        canvas.strokeRect(box, color: Palette.grey(0.2))
        for (index, line) in entries.enumerated() {
            let baseline = box.y + padding + row * index + metrics.tx(10)
            let y = Double(baseline) - 4 * metrics.textScale
            stroke([Point(Double(box.x + padding), y), Point(Double(box.x + padding + sample), y)], line: line, on: canvas, clip: box)
            canvas.drawText(line.name, x: box.x + padding * 2 + sample, y: baseline, style: metrics.small, color: Palette.grey(0.75),
                            fitting: box.maxX - padding - (box.x + padding * 2 + sample))
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
