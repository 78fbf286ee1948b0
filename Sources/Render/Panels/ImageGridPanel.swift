import Foundation

/// A grid of images with captions, and a title line: test images with their predictions.
public struct ImageGridPanel: Sendable {
    /// Where the panel sits on the canvas.
    public let frame: Rect
    /// Tiles across.
    public let columns: Int
    /// Text and length scale.
    public let metrics: PanelMetrics

    /// A panel in `frame` with `columns` tiles across.
    public init(frame: Rect, columns: Int, font: Font, bold: Font) {
        self.frame = frame
        self.columns = max(1, columns)
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold)
    }

    /// Draws `images` row by row with their captions, and `title` above. Images that would get
    /// cells under 8 pixels are left out (the grid keeps the first rows that fit); nothing is drawn
    /// outside `frame`.
    public func draw(_ images: [LabelledImage], title: String, on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        canvas.drawText(title, x: frame.x + metrics.px(12), y: frame.y + metrics.px(21), style: metrics.title,
                        color: Palette.grey(0.88), fitting: frame.width - metrics.px(18))
        let top = frame.y + metrics.px(34)
        let smallest = 8
        let columns = min(self.columns, max(1, (frame.width - metrics.px(12)) / smallest))
        let rowsFitting = max(1, (frame.maxY - top - metrics.px(4)) / smallest)
        let rows = min(max(1, (images.count + columns - 1) / columns), rowsFitting)
        let images = images.prefix(rows * columns)
        let cellWidth = (frame.width - metrics.px(12)) / columns
        let cellHeight = (frame.maxY - top - metrics.px(4)) / rows
        let caption = TextStyle(font: metrics.small.font, pixelSize: min(metrics.tick.pixelSize, Double(cellWidth) / 6.5))
        let drawCaptions = caption.pixelSize >= 4
        let captionHeight = drawCaptions ? clampedPixel(caption.pixelSize * 1.35) ?? 0 : 0
        let tile = max(4, min(cellWidth - metrics.px(6), cellHeight - captionHeight - metrics.px(4)))
        let visible = frame.intersection(canvas.bounds)
        for (index, item) in images.enumerated() {
            let cx = frame.x + metrics.px(6) + (index % columns) * cellWidth
            let cy = top + (index / columns) * cellHeight
            let x = cx + (cellWidth - tile) / 2
            let area = Rect(x: x, y: cy, width: tile, height: tile)
            drawImage(item.image, in: area, clip: visible, on: canvas)
            canvas.strokeRect(Rect(x: area.x - 1, y: area.y - 1, width: area.width + 2, height: area.height + 2),
                              color: item.isWrong ? Palette.red : Palette.grey(0.25))
            if item.isWrong {
                canvas.strokeRect(Rect(x: area.x - 2, y: area.y - 2, width: area.width + 4, height: area.height + 4), color: Palette.red)
            }
            guard drawCaptions else { continue }
            var text = item.caption
            while caption.width(of: text) > cellWidth - 2, text.count > 3 { text = String(text.dropLast(2)) + "…" }
            canvas.drawText(text, x: cx + cellWidth / 2, y: cy + tile + captionHeight, style: caption,
                            color: item.isWrong ? Palette.red : Palette.grey(0.8), anchor: .center)
        }
    }

    /// Nearest-neighbour upscaling of a grey image into `area` (only its part inside `clip`), ink
    /// dark on white; NaN pixels are white, values outside 0…1 clamped. An empty image draws nothing.
    private func drawImage(_ image: GreyImage, in area: Rect, clip: Rect, on canvas: Canvas) {
        guard image.width > 0, image.height > 0, image.values.count == image.width * image.height else { return }
        let levels = (0...20).map { Palette.grey(Double($0) / 20) }
        let shown = area.intersection(clip)
        guard !shown.isEmpty else { return }
        for y in shown.y..<shown.maxY {
            let sy = (y - area.y) * image.height / area.height
            let row = canvas.row(y)
            for x in shown.x..<shown.maxX {
                let v = image.values[sy * image.width + (x - area.x) * image.width / area.width]
                row[x] = levels[clampedInt(Double(v) * 20, 0...20, .toNearestOrAwayFromZero) ?? 0]
            }
        }
    }
}
