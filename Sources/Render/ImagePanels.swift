import Foundation

/// A small grey image, row-major, values in 0…1 (1 = ink).
public struct GreyImage: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major values in 0…1.
    public let values: [Float]

    /// An image; `values.count` must be `width × height`.
    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "GreyImage: \(values.count) values for \(width)×\(height)")
        self.width = width
        self.height = height
        self.values = values
    }
}

/// A labelled image in a grid: what it is, what the model says.
public struct LabelledImage: Sendable {
    /// The pixels.
    public var image: GreyImage
    /// The caption (the predicted class).
    public var caption: String
    /// Wrong predictions get a red frame and a red caption.
    public var isWrong: Bool

    /// A labelled image.
    public init(image: GreyImage, caption: String, isWrong: Bool) {
        self.image = image
        self.caption = caption
        self.isWrong = isWrong
    }
}

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
        let caption = TextStyle(font: metrics.small.font, pixelSize: min(10.5 * metrics.scale, Double(cellWidth) / 6.5))
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

/// A confusion matrix: rows are the true classes, columns the predicted ones, each cell shaded by
/// its share of the row and labelled with its count.
///
/// Many classes: cells shrink down to one pixel, counts are written only in cells large enough to
/// read them, and when names would overlap only every n-th class is named. When even one-pixel
/// cells do not fit (more classes than the plot has pixels across), only the first classes that
/// fit are shown, and the caption says "first N of K". Everything stays inside `frame`.
public struct ConfusionMatrixPanel: Sendable {
    /// Where the panel sits on the canvas.
    public let frame: Rect
    /// Text and length scale.
    public let metrics: PanelMetrics

    /// A panel in `frame`.
    public init(frame: Rect, font: Font, bold: Font) {
        self.frame = frame
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold)
    }

    /// Draws the `classNames.count`² `counts` (row-major) and `title`. Negative counts are drawn as 0.
    public func draw(counts: [Int], classNames: [String], title: String, on canvas: Canvas) {
        let k = classNames.count
        guard k > 0, counts.count == k * k else { return }
        canvas.fill(frame, Palette.background)
        canvas.drawText(title, x: frame.x + metrics.px(12), y: frame.y + metrics.px(21), style: metrics.title,
                        color: Palette.grey(0.88), fitting: frame.width - metrics.px(18))
        let label = metrics.tick
        let widest = classNames.map { label.width(of: $0) }.max() ?? 0
        let left = frame.x + min(metrics.px(120), widest + metrics.px(34))
        let top = frame.y + metrics.px(52)
        let bottomSpace = min(metrics.px(110), widest + metrics.px(30))
        let across = frame.maxX - left - metrics.px(10), down = frame.maxY - top - bottomSpace
        guard across > 0, down > 0 else { return }
        let shown = min(k, across, down)
        let cell = min(across / shown, down / shown)
        let gap = cell >= 4 ? 1 : 0
        let textColorLight = Palette.background, textColorDark = Palette.grey(0.85)
        let cellText = TextStyle(font: label.font, pixelSize: min(label.pixelSize, Double(cell) / 3.2))
        let writeCounts = cellText.pixelSize >= 5
        // Name every n-th class when names one cell apart would overlap.
        let nameStride = max(1, clampedInt((label.pixelSize * 1.1 / Double(cell)).rounded(.up), 1...k) ?? 1)
        for row in 0..<shown {
            // In Double: counts from a file may be hostile, and an Int sum could overflow.
            let total = max(1, (0..<k).reduce(0.0) { $0 + Double(max(0, counts[row * k + $1])) })
            for column in 0..<shown {
                let count = counts[row * k + column]
                let share = (Double(max(0, count)) / total).clamped(0, 1)
                let shade = clampedInt(pow(share, 0.6) * Double(Palette.shadesPerClass), 0...Palette.shadesPerClass,
                                       .toNearestOrAwayFromZero) ?? 0
                let rect = Rect(x: left + column * cell, y: top + row * cell, width: cell - gap, height: cell - gap)
                canvas.fill(rect, row == column ? Palette.classShade(2, shade) : Palette.classShade(3, shade))
                if count > 0, writeCounts {
                    canvas.drawText("\(count)", x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 + (clampedPixel(cellText.pixelSize / 2.8) ?? 0),
                                    style: cellText, color: shade > Palette.tintShades ? textColorLight : textColorDark, anchor: .center)
                }
            }
            if row % nameStride == 0 {
                canvas.drawText(classNames[row], x: left - metrics.px(6), y: top + row * cell + cell / 2 + metrics.px(4),
                                style: label, color: Palette.grey(0.75), anchor: .right)
            }
        }
        for column in Swift.stride(from: 0, to: shown, by: nameStride) {
            canvas.drawText(classNames[column], x: left + column * cell + cell / 2 + metrics.px(4), y: top + shown * cell + metrics.px(6),
                            style: label, color: Palette.grey(0.75), anchor: .right, angle: .pi / 2)
        }
        let caption = shown < k ? "true class (first \(shown) of \(k))" : "true class"
        canvas.drawText(caption, x: frame.x + metrics.px(12), y: top - metrics.px(6), style: metrics.small, color: Palette.grey(0.6))
        canvas.drawText("predicted class", x: frame.maxX - metrics.px(10), y: frame.maxY - metrics.px(8), style: metrics.small,
                        color: Palette.grey(0.6), anchor: .right)
    }
}
