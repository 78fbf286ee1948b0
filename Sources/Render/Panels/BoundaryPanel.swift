import Foundation

/// The decision-boundary panel: a heat map of what the model predicts over the plane, its
/// decision boundary, the data points, axes, a legend and a title line.
///
/// Draw the static parts once with `drawBackground(on:)`, then each frame with `drawFrame`
/// on a canvas that holds that background (copy it from a template canvas).
public struct BoundaryPanel: Sendable {
    /// Where the panel sits on the canvas.
    public let frame: Rect
    /// The plane rectangle shown.
    public let domain: PlaneRect
    /// Class names, for the legend (and class colours by index).
    public let classNames: [String]
    /// Text and length scale.
    public let metrics: PanelMetrics
    /// The square plot area inside the frame.
    public let plot: Rect
    /// The names of the horizontal and vertical axes.
    public var axisNames = ("x₁", "x₂")

    /// Strongest tint of the heat map (points stay readable on it): every even step of the ramp.
    static let maximumTint = Palette.tintShades

    /// A panel in `frame` showing `domain`, its text sized for a picture of `textSize` pixels
    /// (the frame's height when nil), its plot `headerHeight` pixels (at 480) below the frame's
    /// top: the title and the legend's first row; the legend names the mistake mark `mistakeLabel`.
    /// A line under the title saying what the plot shows (the plane a picture slices through), or nil.
    public let caption: String?
    /// Shorter forms of `caption`, longest first: a panel too narrow for the caption says the
    /// first that fits (a comparison's panels), eliding the last only when none does.
    public var shorterCaptions: [String] = []
    /// The width a caption may take.
    public var captionWidth: Int { frame.maxX - plot.x - metrics.tx(6) }
    /// The form of the caption the panel says: the first that fits whole, shrunk if need be
    /// (`shorterCaptions`).
    public var shownCaption: String? {
        guard let caption else { return nil }
        let forms = [caption] + shorterCaptions
        return forms.first { metrics.small.fitted($0, into: captionWidth).text == $0 } ?? forms[forms.count - 1]
    }
    /// The height a caption adds to the header, at 480 pixels.
    static let captionHeight = 16.0

    public init(frame: Rect, domain: PlaneRect, classNames: [String], font: Font, bold: Font, textSize: Int? = nil,
                headerHeight: Double = 56, mistakeLabel: String = "misclassified", caption: String? = nil) {
        self.frame = frame
        self.domain = domain
        self.classNames = classNames
        self.caption = caption
        let captionHeight = caption == nil ? 0 : Self.captionHeight
        let headerHeight = headerHeight + captionHeight
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold, textSize: textSize)
        let bottom = metrics.tx(34), left = metrics.tx(46), right = metrics.tx(14)
        // The legend may take several rows; the plot shrinks to make room, which moves its left
        // edge (where the legend starts) to the right: lay out until the rows no longer change.
        var rows = 1, plot = Rect(x: 0, y: 0, width: 0, height: 0)
        for _ in 0..<4 {
            let top = metrics.tx(headerHeight) + (rows - 1) * metrics.tx(Self.legendRowHeight)
            let side = max(0, min(frame.width - left - right, frame.height - top - bottom))
            plot = Rect(x: frame.x + left + (frame.width - left - right - side) / 2, y: frame.y + top, width: side, height: side)
            let needed = Self.legend(classNames, mistakeLabel: mistakeLabel, metrics: metrics, x: plot.x, right: frame.maxX - metrics.tx(6),
                                     baseline: 0).rows
            if needed <= rows { break }
            rows = needed
        }
        self.plot = plot
        legend = Self.legend(classNames, mistakeLabel: mistakeLabel, metrics: metrics, x: plot.x, right: frame.maxX - metrics.tx(6),
                             baseline: frame.y + metrics.tx(44 + captionHeight))
    }

    /// The legend: a marker and name per class (`Legend.mostClasses` of them, then how many
    /// more), then the test and mistake marks; it wraps into rows.
    public let legend: Legend
    /// The distance between legend rows at 480 pixels.
    static let legendRowHeight = 16.0

    /// The legend of `classNames` laid out from `x` to `right`, its first baseline at `baseline`.
    static func legend(_ classNames: [String], mistakeLabel: String = "misclassified", metrics: PanelMetrics, x: Int, right: Int,
                       baseline: Int) -> Legend {
        let (names, more) = Legend.classEntries(classNames)
        let marker = 2 * (clampedPixel(4.2 * metrics.textScale, .up) ?? 0)
        var items = names.map { Legend.Item($0, markerWidth: marker) }
        if let more { items.append(Legend.Item(more, markerWidth: 0)) }
        items += [Legend.Item("test", markerWidth: marker), Legend.Item(mistakeLabel, markerWidth: marker + 2 * metrics.tx(3.2))]
        return Legend(items, style: metrics.small, x: x, right: right, baseline: baseline, rowHeight: metrics.tx(legendRowHeight),
                      gap: metrics.tx(14), markerGap: metrics.tx(5))
    }

    /// The pixel position of a plane point.
    public func pixel(_ x: Double, _ y: Double) -> Point {
        Point(Double(plot.x) + (x - domain.minX) / (domain.maxX - domain.minX) * Double(plot.width),
              Double(plot.y) + (domain.maxY - y) / (domain.maxY - domain.minY) * Double(plot.height))
    }

    /// Axes, ticks, tick labels and the legend.
    public func drawBackground(on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        drawAxes(on: canvas)
        drawLegend(on: canvas)
        if let caption {
            canvas.drawText(shownCaption ?? caption, x: plot.x, y: frame.y + metrics.tx(23 + Self.captionHeight), style: metrics.small,
                            color: Palette.grey(0.7), fitting: captionWidth)
        }
    }

    /// The ticks and their labels along the plot's lower and left sides, and the axes' names.
    public func drawAxes(on canvas: Canvas) {
        Axes.drawPlaneAxes(domain, names: axisNames, plot: plot, frame: frame, metrics: metrics, grid: false, on: canvas)
    }

    /// The legend: a marker and name per class, "and N more" beyond `Legend.mostClasses`, then
    /// the test and mistake marks, in rows.
    private func drawLegend(on canvas: Canvas) {
        let radius = 4.2 * metrics.textScale, color = Palette.grey(0.75)
        let shown = min(classNames.count, Legend.mostClasses), more = classNames.count > shown ? 1 : 0
        for item in legend.placed {
            let center = item.marker
            switch item.index {
            case ..<shown: drawTrainPoint(on: canvas, at: center, classIndex: item.index, radius: radius)
            case shown + more: drawTestPoint(on: canvas, at: center, classIndex: 0, radius: radius, neutral: true)
            case shown + more + 1:
                canvas.fillDisc(center: center, radius: radius, color: Palette.grey(0.35))
                drawMistake(on: canvas, at: center, radius: radius)
            default: break
            }
            canvas.drawText(item.label, x: item.textRect.x, y: item.textRect.maxY, style: metrics.small, color: color)
        }
    }

    /// The density layer of `points` over this panel's plot.
    public func densityLayer(of points: [ScatterPoint]) -> DensityLayer {
        DensityLayer(points: points, plot: plot, pixel: pixel)
    }

    /// `note` under the plot, on the horizontal axis name's line and left of it (what the
    /// points drawn are), in the tick labels' size; cut short with "…" if it does not fit.
    public func drawNote(_ note: String, on canvas: Canvas) {
        let baseline = plot.maxY + metrics.tx(30)
        let right = plot.maxX - metrics.small.width(of: axisNames.0) - metrics.tx(10)
        canvas.drawText(metrics.tick.elided(note, to: max(0, right - plot.x)), x: plot.x, y: baseline, style: metrics.tick,
                        color: Palette.grey(0.62))
    }

    /// The width the title line has: from the plot's left edge to the frame's right margin.
    public var titleWidth: Int { frame.maxX - plot.x - metrics.tx(6) }

    /// Replaces the title line.
    public func drawTitle(_ title: String, on canvas: Canvas) {
        canvas.fill(Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.tx(28)), Palette.background)
        canvas.drawText(title, x: plot.x, y: frame.y + metrics.tx(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: titleWidth)
    }

    /// One frame: heat map and boundary of `field`, the `density` layer of every point over it
    /// (when the points drawn are a sample), the points, and `title` above. A `layer` made of
    /// the same points (their mistakes aside) draws them from its recording, to the same pixels.
    public func drawFrame(on canvas: Canvas, field: ValueField, points: [ScatterPoint], title: String, density: DensityLayer? = nil,
                          layer: PointLayer? = nil) {
        drawTitle(title, on: canvas)
        HeatMap.draw(field, on: canvas, in: plot, maximumTint: Self.maximumTint)
        density?.draw(on: canvas)
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: Palette.grey(0.55))
        drawFaded(points.filter { $0.opacity < 1 }, on: canvas, radius: pointRadius)
        if let layer, layer.holds(points, size: (canvas.width, canvas.height)) {
            layer.draw(points, on: canvas)
        } else {
            var writer = CanvasWriter(canvas: canvas)
            drawPoints(points, on: canvas, into: &writer)
            for point in points where point.isMisclassified && point.opacity >= 1 {
                drawMistake(on: canvas, at: pixel(point.x, point.y), radius: pointRadius, into: &writer)
            }
        }
    }

    /// The radius of a point's marker.
    var pointRadius: Double { 3.7 * metrics.scale }

    /// The points on the plane without their mistake rings: training points, then test points.
    func drawPoints<Writer: PixelWriter>(_ points: [ScatterPoint], on canvas: Canvas, into writer: inout Writer) {
        for point in points where !point.isTest && point.opacity >= 1 {
            drawTrainPoint(on: canvas, at: pixel(point.x, point.y), classIndex: point.classIndex, radius: pointRadius, into: &writer)
        }
        for point in points where point.isTest && point.opacity >= 1 {
            drawTestPoint(on: canvas, at: pixel(point.x, point.y), classIndex: point.classIndex, radius: pointRadius, into: &writer)
        }
    }

    /// `points` recorded once for frame after frame of `canvas`'s size (see `PointLayer`).
    public func pointLayer(of points: [ScatterPoint], on canvas: Canvas) -> PointLayer {
        let body = MarkRecording.of(canvas) { canvas, recording in drawPoints(points, on: canvas, into: &recording) }
        let rings = points.map { point in
            MarkRecording.of(canvas) { canvas, recording in
                if point.opacity >= 1 { drawMistake(on: canvas, at: pixel(point.x, point.y), radius: pointRadius, into: &recording) }
            }
        }
        return PointLayer(points: points, body: body, rings: rings)
    }

    /// Points off the plane, faintest first, each with its marks laid on at its opacity (under
    /// the points on the plane).
    func drawFaded(_ points: [ScatterPoint], on canvas: Canvas, radius: Double) {
        for point in points.sorted(by: { $0.opacity < $1.opacity }) {
            let center = pixel(point.x, point.y), shape = MarkerShape.of(classIndex: point.classIndex)
            if point.isTest {
                canvas.fadedMarker(shape, center: center, radius: radius, color: Palette.classDark(point.classIndex),
                                   opacity: point.opacity, ring: 1.9 * metrics.scale)
            } else {
                canvas.fadedMarker(shape, center: center, radius: radius, color: Palette.classColor(point.classIndex), opacity: point.opacity)
            }
            if point.isMisclassified {
                canvas.fadedMarker(.circle, center: center, radius: radius + 3.2 * metrics.scale, color: Palette.red,
                                   opacity: point.opacity, ring: 1.7 * metrics.scale)
            }
        }
    }

    /// A training point: its class's marker filled in the class colour, with a white rim.
    func drawTrainPoint(on canvas: Canvas, at center: Point, classIndex: Int, radius: Double) {
        var writer = CanvasWriter(canvas: canvas)
        drawTrainPoint(on: canvas, at: center, classIndex: classIndex, radius: radius, into: &writer)
    }

    @inline(__always)
    func drawTrainPoint<Writer: PixelWriter>(on canvas: Canvas, at center: Point, classIndex: Int, radius: Double, into writer: inout Writer) {
        canvas.fillMarker(.of(classIndex: classIndex), center: center, radius: radius, color: Palette.classColor(classIndex),
                          outline: Palette.background, outlineWidth: 1.1 * metrics.scale, into: &writer)
    }

    /// A test point: its class's marker as an outline in the class's dark shade (grey in the legend).
    func drawTestPoint(on canvas: Canvas, at center: Point, classIndex: Int, radius: Double, neutral: Bool = false) {
        var writer = CanvasWriter(canvas: canvas)
        drawTestPoint(on: canvas, at: center, classIndex: classIndex, radius: radius, neutral: neutral, into: &writer)
    }

    @inline(__always)
    func drawTestPoint<Writer: PixelWriter>(on canvas: Canvas, at center: Point, classIndex: Int, radius: Double, neutral: Bool = false,
                                            into writer: inout Writer) {
        let shape = neutral ? MarkerShape.circle : .of(classIndex: classIndex)
        canvas.fillMarker(shape, center: center, radius: radius + 1.1 * metrics.scale, color: Palette.background,
                          outline: Palette.background, outlineWidth: 0, into: &writer)
        canvas.strokeMarker(shape, center: center, radius: radius, thickness: 1.9 * metrics.scale,
                            color: neutral ? Palette.grey(0.6) : Palette.classDark(classIndex), into: &writer)
    }

    /// A ring around a misclassified point, in `Palette.mistake` (apart from every class colour).
    func drawMistake(on canvas: Canvas, at center: Point, radius: Double) {
        var writer = CanvasWriter(canvas: canvas)
        drawMistake(on: canvas, at: center, radius: radius, into: &writer)
    }

    @inline(__always)
    func drawMistake<Writer: PixelWriter>(on canvas: Canvas, at center: Point, radius: Double, into writer: inout Writer) {
        canvas.strokeCircle(center: center, radius: radius + 3.2 * metrics.scale, thickness: 1.7 * metrics.scale, color: Palette.mistake,
                            into: &writer)
    }
}
