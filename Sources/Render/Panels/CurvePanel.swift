import Foundation

/// A regression panel: data points (x, y) and the model's fitted curve over them, with axes and a title.
public struct CurvePanel: Sendable {
    /// Where the panel sits on the canvas.
    public let frame: Rect
    /// The plane rectangle shown.
    public let domain: PlaneRect
    /// Text and length scale.
    public let metrics: PanelMetrics
    /// The plot area inside the frame.
    public let plot: Rect

    /// A panel in `frame` showing `domain`, its text sized for a picture of `textSize` pixels
    /// (the frame's height when nil).
    public init(frame: Rect, domain: PlaneRect, font: Font, bold: Font, textSize: Int? = nil) {
        self.frame = frame
        self.domain = domain
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold, textSize: textSize)
        plot = frame.inset(left: metrics.tx(46), top: metrics.tx(56), right: metrics.tx(14), bottom: metrics.tx(34))
    }

    /// The pixel position of a plane point.
    public func pixel(_ x: Double, _ y: Double) -> Point {
        Point(Double(plot.x) + (x - domain.minX) / (domain.maxX - domain.minX) * Double(plot.width),
              Double(plot.y) + (domain.maxY - y) / (domain.maxY - domain.minY) * Double(plot.height))
    }

    /// Grid, axes, ticks and the legend.
    public func drawBackground(on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        Axes.drawPlaneAxes(domain, names: ("x", "y"), plot: plot, frame: frame, metrics: metrics, grid: true, on: canvas)
        let baseline = frame.y + metrics.tx(44)
        var x = plot.x + metrics.tx(4)
        let y = Double(baseline) - 4 * metrics.textScale
        canvas.fillDisc(center: Point(Double(x), y), radius: 3.4 * metrics.textScale, color: Palette.classColor(0))
        canvas.drawText("train", x: x + metrics.tx(9), y: baseline, style: metrics.small, color: Palette.grey(0.75))
        x += metrics.tx(9) + metrics.small.width(of: "train") + metrics.tx(16)
        canvas.strokeCircle(center: Point(Double(x), y), radius: 3.4 * metrics.textScale, thickness: 1.8 * metrics.textScale, color: Palette.classDark(0))
        canvas.drawText("test", x: x + metrics.tx(9), y: baseline, style: metrics.small, color: Palette.grey(0.75))
        x += metrics.tx(9) + metrics.small.width(of: "test") + metrics.tx(16)
        canvas.strokePolyline([Point(Double(x - 4), y), Point(Double(x + metrics.tx(16)), y)], thickness: 2.6 * metrics.textScale, color: Palette.classColor(1))
        canvas.drawText("network", x: x + metrics.tx(21), y: baseline, style: metrics.small, color: Palette.grey(0.75))
    }

    /// Replaces the title line.
    public func drawTitle(_ title: String, on canvas: Canvas) {
        canvas.fill(Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.tx(28)), Palette.background)
        canvas.drawText(title, x: plot.x, y: frame.y + metrics.tx(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: frame.maxX - plot.x - metrics.tx(6))
    }

    /// One frame: the points, the curve through `curve` (plane points in x order) and `title`.
    public func drawFrame(on canvas: Canvas, points: [ScatterPoint], curve: [(x: Double, y: Double)], title: String) {
        drawTitle(title, on: canvas)
        let radius = 3.4 * metrics.scale
        for point in points {
            let center = pixel(point.x, point.y)
            if point.isTest {
                canvas.strokeCircle(center: center, radius: radius, thickness: 1.8 * metrics.scale, color: Palette.classDark(0))
            } else {
                canvas.fillDisc(center: center, radius: radius, color: Palette.classShade(0, Palette.tintShades + 1))
            }
        }
        canvas.strokePolyline(curve.map { pixel($0.x, $0.y) }, thickness: 2.8 * metrics.scale, color: Palette.classColor(1), clip: plot)
    }
}
