/// A legend's items laid out left to right in rows that wrap at a right edge: each item a
/// marker (or none) and its text.
public struct Legend: Sendable {
    /// One entry: its text, and the width of its marker (0 for text alone).
    public struct Item: Sendable, Equatable {
        /// What the entry says.
        public var text: String
        /// The marker's width in pixels, left of the text.
        public var markerWidth: Int

        /// An entry.
        public init(_ text: String, markerWidth: Int) {
            self.text = text
            self.markerWidth = markerWidth
        }
    }

    /// An item where it is drawn: its marker's centre, its text as shown and that text's rectangle.
    public struct Placed: Sendable {
        /// The item's index in the legend.
        public var index: Int
        /// The marker's centre (its baseline's middle height when it has none).
        public var marker: Point
        /// The text as drawn (cut short with "…" when it is wider than a row).
        public var label: String
        /// Where the text goes: the baseline is `textRect.maxY`, `textRect.height` one line.
        public var textRect: Rect
    }

    /// Most classes a legend names; beyond, the rest are counted ("and 5 more").
    public static let mostClasses = 20

    /// The legend's entries for `names`: every name up to `mostClasses`, then "and N more".
    public static func classEntries(_ names: [String]) -> (names: ArraySlice<String>, more: String?) {
        guard names.count > mostClasses else { return (names[...], nil) }
        return (names.prefix(mostClasses), "and \(names.count - mostClasses) more")
    }

    /// The items, placed.
    public let placed: [Placed]
    /// How many rows they take.
    public let rows: Int

    /// `items` in `style` from `x` to no further than `right`, the first row's baseline at
    /// `baseline`, rows `rowHeight` apart, `gap` between items and `markerGap` between a marker
    /// and its text. An item wider than a whole row is cut short with "…".
    public init(_ items: [Item], style: TextStyle, x: Int, right: Int, baseline: Int, rowHeight: Int, gap: Int, markerGap: Int) {
        var placed: [Placed] = []
        var cursor = x, row = 0
        let lineHeight = clampedPixel(style.pixelSize * 1.2, .up) ?? 0
        for (index, item) in items.enumerated() {
            let lead = item.markerWidth > 0 ? item.markerWidth + markerGap : 0
            var width = lead + style.width(of: item.text)
            if cursor > x, cursor + width > right {
                row += 1
                cursor = x
            }
            var text = item.text
            if cursor + width > right {
                text = style.elided(text, to: right - cursor - lead)
                width = lead + style.width(of: text)
            }
            let y = baseline + row * rowHeight
            placed.append(Placed(index: index, marker: Point(Double(cursor) + Double(item.markerWidth) / 2, Double(y) - style.pixelSize / 3),
                                 label: text, textRect: Rect(x: cursor + lead, y: y - lineHeight, width: width - lead, height: lineHeight)))
            cursor += width + gap
        }
        self.placed = placed
        rows = items.isEmpty ? 0 : row + 1
    }
}
