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

    /// A panel in `frame` showing `domain`.
    public init(frame: Rect, domain: PlaneRect, font: Font, bold: Font) {
        self.frame = frame
        self.domain = domain
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold)
        plot = frame.inset(left: metrics.px(46), top: metrics.px(56), right: metrics.px(14), bottom: metrics.px(34))
    }

    /// The pixel position of a plane point.
    public func pixel(_ x: Double, _ y: Double) -> Point {
        Point(Double(plot.x) + (x - domain.minX) / (domain.maxX - domain.minX) * Double(plot.width),
              Double(plot.y) + (domain.maxY - y) / (domain.maxY - domain.minY) * Double(plot.height))
    }

    /// Grid, axes, ticks and the legend.
    public func drawBackground(on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        let grid = Palette.grey(0.06), tickColor = Palette.grey(0.55), labelColor = Palette.grey(0.72)
        for value in Axes.ticks(from: domain.minX, to: domain.maxX) {
            guard let x = clampedPixel(pixel(value, 0).x) else { continue }
            canvas.hairline(from: (x, plot.y), to: (x, plot.maxY - 1), color: grid)
            canvas.hairline(from: (x, plot.maxY), to: (x, plot.maxY + metrics.px(4)), color: tickColor)
            canvas.drawText(Axes.label(value), x: x, y: plot.maxY + metrics.px(17), style: metrics.tick, color: labelColor, anchor: .center)
        }
        for value in Axes.ticks(from: domain.minY, to: domain.maxY) {
            guard let y = clampedPixel(pixel(0, value).y) else { continue }
            canvas.hairline(from: (plot.x, y), to: (plot.maxX - 1, y), color: grid)
            canvas.hairline(from: (plot.x - metrics.px(4), y), to: (plot.x - 1, y), color: tickColor)
            canvas.drawText(Axes.label(value), x: plot.x - metrics.px(7), y: y + metrics.px(4), style: metrics.tick, color: labelColor, anchor: .right)
        }
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: tickColor)
        canvas.drawText("x", x: plot.maxX, y: plot.maxY + metrics.px(30), style: metrics.small, color: labelColor, anchor: .right)
        canvas.drawText("y", x: frame.x + metrics.px(12), y: plot.y + metrics.px(10), style: metrics.small, color: labelColor, anchor: .center)
        let baseline = frame.y + metrics.px(44)
        var x = plot.x + metrics.px(4)
        let y = Double(baseline) - 4 * metrics.scale
        canvas.fillDisc(center: Point(Double(x), y), radius: 3.4 * metrics.scale, color: Palette.classColor(0))
        canvas.drawText("train", x: x + metrics.px(9), y: baseline, style: metrics.small, color: Palette.grey(0.75))
        x += metrics.px(9) + metrics.small.width(of: "train") + metrics.px(16)
        canvas.strokeCircle(center: Point(Double(x), y), radius: 3.4 * metrics.scale, thickness: 1.8 * metrics.scale, color: Palette.classDark(0))
        canvas.drawText("test", x: x + metrics.px(9), y: baseline, style: metrics.small, color: Palette.grey(0.75))
        x += metrics.px(9) + metrics.small.width(of: "test") + metrics.px(16)
        canvas.strokePolyline([Point(Double(x - 4), y), Point(Double(x + metrics.px(16)), y)], thickness: 2.6 * metrics.scale, color: Palette.classColor(1))
        canvas.drawText("network", x: x + metrics.px(21), y: baseline, style: metrics.small, color: Palette.grey(0.75))
    }

    /// Replaces the title line.
    public func drawTitle(_ title: String, on canvas: Canvas) {
        canvas.fill(Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.px(28)), Palette.background)
        canvas.drawText(title, x: plot.x, y: frame.y + metrics.px(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: frame.maxX - plot.x - metrics.px(6))
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
