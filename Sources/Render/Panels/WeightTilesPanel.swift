import Foundation

/// The first layer's weights as tiles: one tile per unit, its incoming weights laid out as the
/// input image, negative weights in class-0 tints and positive in class-1 tints.
public struct WeightTilesPanel: Sendable {
    /// Where the panel sits on the canvas.
    public let frame: Rect
    /// Text and length scale.
    public let metrics: PanelMetrics

    /// A panel in `frame`.
    public init(frame: Rect, font: Font, bold: Font) {
        self.frame = frame
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold)
    }

    /// Draws `tiles` (each `width × height` weights; at most 64 are shown) and `title`.
    /// The colour scale is shared by all tiles: ±`limit` is the strongest tint. NaN weights are
    /// white; a tile without `width × height` weights is left blank; nothing is drawn outside `frame`.
    public func draw(tiles: [[Float]], width: Int, height: Int, limit: Float, title: String, on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        canvas.drawText(title, x: frame.x + metrics.px(12), y: frame.y + metrics.px(21), style: metrics.title,
                        color: Palette.grey(0.88), fitting: frame.width - metrics.px(18))
        let shown = Array(tiles.prefix(64))
        guard !shown.isEmpty, limit > 0, width > 0, height > 0 else { return }
        let weightCount = width.multipliedReportingOverflow(by: height)
        guard !weightCount.overflow else { return }
        let columns = clampedInt(Double(shown.count).squareRoot(), 1...8, .up) ?? 1
        let rows = (shown.count + columns - 1) / columns
        let top = frame.y + metrics.px(34)
        let cell = min((frame.width - metrics.px(12)) / columns, (frame.maxY - top - metrics.px(6)) / rows)
        let gap = max(1, cell / 14)
        let side = cell - gap
        guard side > 0 else { return }
        let shades = Palette.shadesPerClass
        let visible = frame.intersection(canvas.bounds)
        for (index, weights) in shown.enumerated() where weights.count == weightCount.partialValue {
            let x0 = frame.x + (frame.width - columns * cell) / 2 + (index % columns) * cell
            let y0 = top + (index / columns) * cell
            let area = Rect(x: x0, y: y0, width: side, height: side).intersection(visible)
            if !area.isEmpty {
                for y in area.y..<area.maxY {
                    let row = canvas.row(y)
                    let sy = (y - y0) * height / side
                    for x in area.x..<area.maxX {
                        let w = weights[sy * width + (x - x0) * width / side] / limit
                        let shade = clampedInt(Double(abs(w)) * Double(shades), 0...shades, .toNearestOrAwayFromZero) ?? 0
                        row[x] = Palette.classShade(w < 0 ? 0 : 1, shade)
                    }
                }
            }
            canvas.strokeRect(Rect(x: x0 - 1, y: y0 - 1, width: side + 2, height: side + 2), color: Palette.grey(0.15))
        }
    }
}
