import Foundation

/// The loss landscape panel: a loss over a plane as a heat map (the deeper the blue, the lower
/// the loss; on a log scale when asked) with contour lines, axes in the plane's units, two
/// caption lines, and a path over it — the optimizer's, up to the frame's point.
///
/// Draw the surface and the static parts once with `drawBackground`, then each frame with
/// `drawFrame` on a canvas that holds that background (copy it from a template canvas).
public struct LandscapePanel: Sendable {
    /// The plot's frame, axes and title line, as the boundary panel draws them (with no legend).
    public let axes: BoundaryPanel

    /// Contour lines drawn between the lowest and the highest value, evenly on the colour scale.
    public static let contourCount = 9

    /// A panel in `frame` showing `domain` (x the first direction, y the second), its axes named
    /// `axisNames`, with `captionRows` lines of caption between the title and the plot.
    public init(frame: Rect, domain: PlaneRect, axisNames: (String, String), font: Font, bold: Font, captionRows: Int = 2) {
        var axes = BoundaryPanel(frame: frame, domain: domain, classNames: [], font: font, bold: bold,
                                 headerHeight: 36 + 15 * Double(captionRows))
        axes.axisNames = axisNames
        self.axes = axes
    }

    /// Where the panel sits on the canvas, its text and length scale, and its square plot.
    public var frame: Rect { axes.frame }
    public var metrics: PanelMetrics { axes.metrics }
    public var plot: Rect { axes.plot }
    /// The width a caption line has: from the plot's left edge to the frame's right margin.
    public var captionWidth: Int { frame.maxX - plot.x - metrics.px(6) }

    /// Where `value` sits on the colour scale from `low` (0) to `high` (1), logarithmic when
    /// `logScale` (then `low` must be positive); NaN for NaN.
    public static func fraction(_ value: Float, low: Float, high: Float, logScale: Bool) -> Float {
        guard high > low else { return value.isNaN ? .nan : 0 }
        if logScale { return (log(max(value, low)) - log(low)) / (log(high) - log(low)) }
        return (value - low) / (high - low)
    }

    /// The surface, its contours, the axes and the caption lines: `values` holds `columns × rows`
    /// losses, row 0 at the top (the largest y), spanning `domain`; coloured from `low` to `high`.
    public func drawBackground(on canvas: Canvas, values: [Float], columns: Int, rows: Int, low: Float, high: Float,
                               logScale: Bool, caption: [String]) {
        canvas.fill(frame, Palette.background)
        let fractions = values.map { Self.fraction($0, low: low, high: high, logScale: logScale) }
        UnitMap.draw(fractions.map { $0.isNaN ? .nan : 1 - min(max($0, 0), 1) }, columns: columns, rows: rows,
                     scale: .ramp(classIndex: 0, limit: 1), on: canvas, in: plot)
        let levels = (1...Self.contourCount).map { Float($0) / Float(Self.contourCount + 1) }
        let thickness = 0.9 * metrics.scale
        for (a, b) in Self.contours(fractions, columns: columns, rows: rows, levels: levels) {
            let from = Point(Double(plot.x) + a.x / Double(columns - 1) * Double(plot.width), Double(plot.y) + a.y / Double(rows - 1) * Double(plot.height))
            let to = Point(Double(plot.x) + b.x / Double(columns - 1) * Double(plot.width), Double(plot.y) + b.y / Double(rows - 1) * Double(plot.height))
            canvas.strokeSegment(from: from, to: to, thickness: thickness, color: Palette.grey(0.6), opacity: 0.55, clip: plot)
        }
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: Palette.grey(0.55))
        axes.drawAxes(on: canvas)
        for (row, line) in caption.enumerated() {
            canvas.drawText(line, x: plot.x, y: frame.y + metrics.px(42 + 15 * Double(row)), style: metrics.small, color: Palette.grey(0.7),
                            fitting: captionWidth)
        }
    }

    /// A path drawn over the surface: its plane points, its colour, and names of some of its points.
    public struct Path: Sendable {
        public var points: [(x: Double, y: Double)]
        public var color: UInt8
        public var labels: [(x: Double, y: Double, text: String)]

        /// A path through `points` in `color`, with `labels` at some of them.
        public init(points: [(x: Double, y: Double)], color: UInt8, labels: [(x: Double, y: Double, text: String)] = []) {
            (self.points, self.color, self.labels) = (points, color, labels)
        }
    }

    /// One frame: `title` above, a cross at the plane's origin, and each of `paths` with a ring at
    /// its first point and a disc at its last (red for a single path, its own colour for several);
    /// nothing is drawn outside the plot.
    ///
    /// Points sit on whole pixels, so that a path that has all but stopped leaves the frame as it was.
    public func drawFrame(on canvas: Canvas, paths: [Path], title: String) {
        axes.drawTitle(title, on: canvas)
        let origin = snapped(0, 0), arm = 4.5 * metrics.scale, cross = 1.3 * metrics.scale
        canvas.strokeSegment(from: Point(origin.x - arm, origin.y), to: Point(origin.x + arm, origin.y), thickness: cross, color: Palette.grey(0.85), clip: plot)
        canvas.strokeSegment(from: Point(origin.x, origin.y - arm), to: Point(origin.x, origin.y + arm), thickness: cross, color: Palette.grey(0.85), clip: plot)
        let radius = 4.2 * metrics.scale
        for path in paths {
            let points = path.points.map { snapped($0.x, $0.y) }
            guard let first = points.first, let last = points.last else { continue }
            canvas.strokeSegments(points, thickness: 2.2 * metrics.scale, color: path.color, clip: plot)
            for label in path.labels {
                let point = snapped(label.x, label.y)
                canvas.fillDisc(center: point, radius: 2.6 * metrics.scale, color: Palette.grey(0.85))
                guard let x = clampedPixel(point.x), let y = clampedPixel(point.y) else { continue }
                canvas.drawText(label.text, x: x + metrics.px(6), y: y - metrics.px(5), style: metrics.small, color: Palette.grey(0.9))
            }
            if inside(first) {
                canvas.fillDisc(center: first, radius: radius + 1.2 * metrics.scale, color: Palette.background)
                canvas.strokeCircle(center: first, radius: radius, thickness: 1.8 * metrics.scale, color: Palette.grey(0.85))
            }
            if inside(last) {
                canvas.fillDisc(center: last, radius: radius, color: paths.count == 1 ? Palette.red : path.color, outline: Palette.background,
                                outlineWidth: 1.2 * metrics.scale)
            }
        }
    }

    /// A legend in caption line `row`: a short line in each item's colour, then its name.
    public func drawLegend(_ items: [(name: String, color: UInt8)], row: Int, on canvas: Canvas) {
        let baseline = frame.y + metrics.px(42 + 15 * Double(row))
        var x = plot.x
        for item in items where x < frame.maxX {
            let y = Double(baseline) - 4 * metrics.scale
            canvas.strokeSegment(from: Point(Double(x), y), to: Point(Double(x + metrics.px(18)), y), thickness: 2.2 * metrics.scale, color: item.color)
            canvas.drawText(item.name, x: x + metrics.px(23), y: baseline, style: metrics.small, color: Palette.grey(0.75))
            x += metrics.px(23) + metrics.small.width(of: item.name) + metrics.px(16)
        }
    }

    /// Whether a pixel point lies in the plot.
    private func inside(_ point: Point) -> Bool {
        point.x >= Double(plot.x) && point.x <= Double(plot.maxX) && point.y >= Double(plot.y) && point.y <= Double(plot.maxY)
    }

    /// The whole pixel nearest to where the plot shows (x, y).
    func snapped(_ x: Double, _ y: Double) -> Point {
        let p = axes.pixel(x, y)
        return Point(p.x.rounded(), p.y.rounded())
    }

    /// The contour lines of `values` (`columns × rows`, row-major) at each of `levels`, as
    /// segments in grid coordinates (x a column, y a row), by marching squares: a saddle cell is
    /// split the way its centre (the mean of its corners) falls. Cells with a non-finite corner
    /// have no line.
    public static func contours(_ values: [Float], columns: Int, rows: Int, levels: [Float]) -> [(Point, Point)] {
        guard columns >= 2, rows >= 2, values.count == columns * rows else { return [] }
        var segments: [(Point, Point)] = []
        for row in 0..<(rows - 1) {
            for column in 0..<(columns - 1) {
                let tl = values[row * columns + column], tr = values[row * columns + column + 1]
                let bl = values[(row + 1) * columns + column], br = values[(row + 1) * columns + column + 1]
                guard tl.isFinite, tr.isFinite, bl.isFinite, br.isFinite else { continue }
                let (x, y) = (Double(column), Double(row))
                for level in levels {
                    func cut(_ a: Float, _ b: Float) -> Double? {
                        (a < level) == (b < level) ? nil : Double((level - a) / (b - a))
                    }
                    // Crossings on the top, right, bottom and left edges.
                    let top = cut(tl, tr).map { Point(x + $0, y) }, right = cut(tr, br).map { Point(x + 1, y + $0) }
                    let bottom = cut(bl, br).map { Point(x + $0, y + 1) }, left = cut(tl, bl).map { Point(x, y + $0) }
                    let crossings = [top, right, bottom, left].compactMap { $0 }
                    if crossings.count == 2 {
                        segments.append((crossings[0], crossings[1]))
                    } else if crossings.count == 4, let top, let right, let bottom, let left {
                        let centre = (tl + tr + bl + br) / 4
                        if (centre < level) == (tl < level) {
                            segments += [(top, right), (bottom, left)]
                        } else {
                            segments += [(top, left), (right, bottom)]
                        }
                    }
                }
            }
        }
        return segments
    }
}
