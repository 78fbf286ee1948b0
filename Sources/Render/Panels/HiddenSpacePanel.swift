import Foundation

/// The data as a hidden layer sees it: points in the layer's (projected) coordinates, with a
/// grid of the input plane carried through the network as bent lines, axes fixed for the run,
/// and a caption under the plot. Points, legend and axes are drawn as in `BoundaryPanel`.
public struct HiddenSpacePanel: Sendable {
    /// The panel's axes, legend and point marks.
    public let boundary: BoundaryPanel
    /// The whole panel: the boundary panel's frame and the caption strip under it.
    public let frame: Rect

    /// A panel whose plot shows `domain` of the hidden coordinates, named `axisNames`; the
    /// caption strip below the square panel is `captionHeight(size:)` high.
    public init(frame: Rect, domain: PlaneRect, classNames: [String], axisNames: (String, String), font: Font, bold: Font) {
        self.frame = frame
        var boundary = BoundaryPanel(frame: Rect(x: frame.x, y: frame.y, width: frame.width, height: frame.width),
                                     domain: domain, classNames: classNames, font: font, bold: bold)
        boundary.axisNames = axisNames
        self.boundary = boundary
    }

    /// The height of the caption strip under a panel `size` pixels wide.
    public static func captionHeight(size: Int) -> Int {
        clampedPixel(54 * Double(size) / PanelMetrics.designSide, .toNearestOrAwayFromZero) ?? 0
    }

    /// Axes, ticks, legend and the caption lines that stay the same for every frame.
    public func drawBackground(on canvas: Canvas, caption: [String] = []) {
        canvas.fill(frame, Palette.background)
        boundary.drawBackground(on: canvas)
        let plot = boundary.plot
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: Palette.grey(0.55))
        for (index, line) in caption.enumerated() { drawCaption(line, row: index, on: canvas) }
    }

    /// Caption line `row` (0, 1, 2) under the plot, shrunk to fit the width.
    func drawCaption(_ line: String, row: Int, on canvas: Canvas) {
        let metrics = boundary.metrics, plot = boundary.plot
        let baseline = frame.y + frame.width + metrics.px(12 + 15 * Double(row))
        canvas.fill(Rect(x: frame.x, y: baseline - metrics.px(12), width: frame.width, height: metrics.px(15)), Palette.background)
        canvas.drawText(line, x: plot.x, y: baseline, style: metrics.small, color: Palette.grey(0.7), fitting: frame.maxX - plot.x - metrics.px(6))
    }

    /// One frame: `lines` (plane polylines in hidden coordinates) in grey, the points over them,
    /// `title` above and `note` as caption line `noteRow`; nothing is drawn outside the plot.
    ///
    /// Points and line vertices sit on whole pixels: late in training they move by fractions of a
    /// pixel per frame, and anti-aliased edges at fractional places would change thousands of
    /// pixels every frame for nothing the eye sees, which GIF pays for in bytes.
    public func drawFrame(on canvas: Canvas, lines: [[(x: Double, y: Double)]], points: [ScatterPoint], title: String,
                          note: String?, noteRow: Int) {
        let plot = boundary.plot, metrics = boundary.metrics
        boundary.drawTitle(title, on: canvas)
        let lineColor = Palette.grey(0.3), thickness = 1.0 * metrics.scale
        for line in lines {
            canvas.strokeSegments(line.map { snapped($0.x, $0.y) }, thickness: thickness, color: lineColor, opacity: 0.75, clip: plot)
        }
        let inside = points.filter { point in
            let p = snapped(point.x, point.y)
            return p.x >= Double(plot.x) && p.x <= Double(plot.maxX) && p.y >= Double(plot.y) && p.y <= Double(plot.maxY)
        }
        let radius = 3.7 * metrics.scale
        for point in inside where !point.isTest {
            boundary.drawTrainPoint(on: canvas, at: snapped(point.x, point.y), classIndex: point.classIndex, radius: radius)
        }
        for point in inside where point.isTest {
            boundary.drawTestPoint(on: canvas, at: snapped(point.x, point.y), classIndex: point.classIndex, radius: radius)
        }
        for point in inside where point.isMisclassified {
            boundary.drawMistake(on: canvas, at: snapped(point.x, point.y), radius: radius)
        }
        if let note { drawCaption(note, row: noteRow, on: canvas) }
    }

    /// The whole pixel nearest to where the plot shows (x, y).
    func snapped(_ x: Double, _ y: Double) -> Point {
        let p = boundary.pixel(x, y)
        return Point(p.x.rounded(), p.y.rounded())
    }
}
