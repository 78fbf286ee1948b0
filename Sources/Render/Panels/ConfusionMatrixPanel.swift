import Foundation

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

    /// The palette classes of the cells: blue for the diagonal (correct), dark orange off it.
    static let correct = 0, confused = 6

    /// A panel in `frame`.
    public init(frame: Rect, font: Font, bold: Font) {
        self.frame = frame
        metrics = PanelMetrics(size: frame.height, font: font, bold: bold)
    }

    /// Where the matrix of `classNames` goes: its left and top edges, how many classes it shows,
    /// the side of a cell, and whether the column names lie flat under it. Names lie flat when
    /// the widest fits a cell of the matrix as it would be with flat names; else they are turned
    /// upright (and the matrix leaves room for the widest). Nil when no cell fits.
    public func layout(_ classNames: [String]) -> (left: Int, top: Int, shown: Int, cell: Int, flatNames: Bool)? {
        let k = classNames.count, label = metrics.tick
        guard k > 0 else { return nil }
        let widest = classNames.map { label.width(of: $0) }.max() ?? 0
        let left = frame.x + min(metrics.px(120), widest + metrics.px(34))
        let top = frame.y + metrics.px(52)
        let flatSpace = metrics.px(30) + (clampedPixel(label.pixelSize, .up) ?? 0)
        let across = frame.maxX - left - metrics.px(10)
        let flat = widest + metrics.px(3) <= min(across / k, (frame.maxY - top - flatSpace) / k)
        let down = frame.maxY - top - (flat ? flatSpace : min(metrics.px(110), widest + metrics.px(30)))
        guard across > 0, down > 0 else { return nil }
        let shown = min(k, across, down)
        return (left, top, shown, min(across / shown, down / shown), flat)
    }

    /// Draws the `classNames.count`² `counts` (row-major) and `title`. Negative counts are drawn as 0.
    public func draw(counts: [Int], classNames: [String], title: String, on canvas: Canvas) {
        let k = classNames.count
        guard k > 0, counts.count == k * k else { return }
        canvas.fill(frame, Palette.background)
        canvas.drawText(title, x: frame.x + metrics.px(12), y: frame.y + metrics.px(21), style: metrics.title,
                        color: Palette.grey(0.88), fitting: frame.width - metrics.px(18))
        let label = metrics.tick
        guard let (left, top, shown, cell, flat) = layout(classNames) else { return }
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
                canvas.fill(rect, row == column ? Palette.classShade(Self.correct, shade) : Palette.classShade(Self.confused, shade))
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
            if flat {
                canvas.drawText(classNames[column], x: left + column * cell + cell / 2, y: top + shown * cell + metrics.px(4) + (clampedPixel(label.pixelSize, .up) ?? 0),
                                style: label, color: Palette.grey(0.75), anchor: .center)
            } else {
                canvas.drawText(classNames[column], x: left + column * cell + cell / 2 + metrics.px(4), y: top + shown * cell + metrics.px(6),
                                style: label, color: Palette.grey(0.75), anchor: .right, angle: .pi / 2)
            }
        }
        let caption = shown < k ? "true class (first \(shown) of \(k))" : "true class"
        canvas.drawText(caption, x: frame.x + metrics.px(12), y: top - metrics.px(6), style: metrics.small, color: Palette.grey(0.6))
        canvas.drawText("predicted class", x: frame.maxX - metrics.px(10), y: frame.maxY - metrics.px(8), style: metrics.small,
                        color: Palette.grey(0.6), anchor: .right)
    }
}
