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

    /// A panel in `frame` showing `domain`, its plot `headerHeight` pixels (at 480) below the
    /// frame's top: the title and the legend row.
    public init(frame: Rect, domain: PlaneRect, classNames: [String], font: Font, bold: Font, headerHeight: Double = 56) {
        self.frame = frame
        self.domain = domain
        self.classNames = classNames
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold)
        let top = metrics.px(headerHeight), bottom = metrics.px(34), left = metrics.px(46), right = metrics.px(14)
        let side = min(frame.width - left - right, frame.height - top - bottom)
        let x = frame.x + left + (frame.width - left - right - side) / 2
        plot = Rect(x: x, y: frame.y + top, width: side, height: side)
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
    }

    /// The ticks and their labels along the plot's lower and left sides, and the axes' names.
    public func drawAxes(on canvas: Canvas) {
        let tickColor = Palette.grey(0.55), labelColor = Palette.grey(0.72)
        for value in Axes.ticks(from: domain.minX, to: domain.maxX) {
            guard let x = clampedPixel(pixel(value, 0).x) else { continue }
            canvas.hairline(from: (x, plot.maxY), to: (x, plot.maxY + metrics.px(4)), color: tickColor)
            canvas.drawText(Axes.label(value), x: x, y: plot.maxY + metrics.px(17), style: metrics.tick, color: labelColor, anchor: .center)
        }
        for value in Axes.ticks(from: domain.minY, to: domain.maxY) {
            guard let y = clampedPixel(pixel(0, value).y) else { continue }
            canvas.hairline(from: (plot.x - metrics.px(4), y), to: (plot.x - 1, y), color: tickColor)
            canvas.drawText(Axes.label(value), x: plot.x - metrics.px(7), y: y + metrics.px(4), style: metrics.tick, color: labelColor, anchor: .right)
        }
        canvas.drawText(axisNames.0, x: plot.maxX, y: plot.maxY + metrics.px(30), style: metrics.small, color: labelColor, anchor: .right)
        canvas.drawText(axisNames.1, x: frame.x + metrics.px(12), y: plot.y + metrics.px(10), style: metrics.small, color: labelColor, anchor: .center)
    }

    /// The legend row: a marker and name per class, then the test and mistake marks. Items that
    /// would reach past the frame's right edge (many classes) are left out, with "…" in their place.
    private func drawLegend(on canvas: Canvas) {
        let baseline = frame.y + metrics.px(44)
        let radius = 4.2 * metrics.scale
        let radiusPixels = clampedPixel(radius) ?? 0
        var x = plot.x + radiusPixels
        let gap = metrics.px(14), color = Palette.grey(0.75)
        var full = false
        func item(_ text: String, markerReach: Double = radius, marker: (Point) -> Void) {
            guard !full else { return }
            let markerX = x + (clampedPixel(markerReach - radius) ?? 0)
            let textX = markerX + (clampedPixel(markerReach) ?? 0) + metrics.px(5)
            let end = textX + metrics.small.width(of: text)
            guard end <= frame.maxX else {
                full = true
                if x + metrics.small.width(of: "…") <= frame.maxX {
                    canvas.drawText("…", x: x, y: baseline, style: metrics.small, color: color)
                }
                return
            }
            marker(Point(Double(markerX), Double(baseline) - 4 * metrics.scale))
            canvas.drawText(text, x: textX, y: baseline, style: metrics.small, color: color)
            x = end + gap + radiusPixels
        }
        for (index, name) in classNames.enumerated() where !full {
            item(name) { drawTrainPoint(on: canvas, at: $0, classIndex: index, radius: radius) }
        }
        item("test") { drawTestPoint(on: canvas, at: $0, classIndex: 0, radius: radius, neutral: true) }
        item("misclassified", markerReach: radius + 3.2 * metrics.scale) { center in
            canvas.fillDisc(center: center, radius: radius, color: Palette.grey(0.35))
            drawMistake(on: canvas, at: center, radius: radius)
        }
    }

    /// Replaces the title line.
    public func drawTitle(_ title: String, on canvas: Canvas) {
        canvas.fill(Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.px(28)), Palette.background)
        canvas.drawText(title, x: plot.x, y: frame.y + metrics.px(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: frame.maxX - plot.x - metrics.px(6))
    }

    /// One frame: heat map and boundary of `field`, the points, and `title` above.
    public func drawFrame(on canvas: Canvas, field: ValueField, points: [ScatterPoint], title: String) {
        drawTitle(title, on: canvas)
        HeatMap.draw(field, on: canvas, in: plot, maximumTint: Self.maximumTint)
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: Palette.grey(0.55))
        let radius = 3.7 * metrics.scale
        for point in points where !point.isTest {
            drawTrainPoint(on: canvas, at: pixel(point.x, point.y), classIndex: point.classIndex, radius: radius)
        }
        for point in points where point.isTest {
            drawTestPoint(on: canvas, at: pixel(point.x, point.y), classIndex: point.classIndex, radius: radius)
        }
        for point in points where point.isMisclassified {
            drawMistake(on: canvas, at: pixel(point.x, point.y), radius: radius)
        }
    }

    func drawTrainPoint(on canvas: Canvas, at center: Point, classIndex: Int, radius: Double) {
        canvas.fillDisc(center: center, radius: radius, color: Palette.classColor(classIndex),
                        outline: Palette.background, outlineWidth: 1.1 * metrics.scale)
    }

    func drawTestPoint(on canvas: Canvas, at center: Point, classIndex: Int, radius: Double, neutral: Bool = false) {
        canvas.fillDisc(center: center, radius: radius + 1.1 * metrics.scale, color: Palette.background)
        canvas.strokeCircle(center: center, radius: radius, thickness: 1.9 * metrics.scale,
                            color: neutral ? Palette.grey(0.6) : Palette.classDark(classIndex))
    }

    func drawMistake(on canvas: Canvas, at center: Point, radius: Double) {
        canvas.strokeCircle(center: center, radius: radius + 3.2 * metrics.scale, thickness: 1.7 * metrics.scale, color: Palette.red)
    }
}
