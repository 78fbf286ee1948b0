/// Where labels may still go: the area they must stay inside and the rectangles earlier labels
/// took. A label is drawn only where it lies wholly inside and keeps `gap` pixels from every
/// label already placed, so no two labels overlap and none crosses a frame.
public struct LabelSpace: Sendable {
    /// The area every label must lie in.
    public let bounds: Rect
    /// The space kept between two labels.
    public let gap: Int
    /// The rectangles taken so far, first placed first.
    public private(set) var taken: [Rect]

    /// An empty space inside `bounds`; `taken` rectangles are already occupied.
    public init(bounds: Rect, gap: Int = 2, taken: [Rect] = []) {
        self.bounds = bounds
        self.gap = gap
        self.taken = taken
    }

    /// Whether `rect` lies inside the bounds and clear of every taken rectangle.
    public func isFree(_ rect: Rect) -> Bool {
        guard rect.x >= bounds.x, rect.y >= bounds.y, rect.maxX <= bounds.maxX, rect.maxY <= bounds.maxY else { return false }
        let grown = Rect(x: rect.x - gap, y: rect.y - gap, width: rect.width + 2 * gap, height: rect.height + 2 * gap)
        return taken.allSatisfy { grown.intersection($0).isEmpty }
    }

    /// Takes `rect` if it is free; returns whether it was.
    public mutating func take(_ rect: Rect) -> Bool {
        guard isFree(rect) else { return false }
        taken.append(rect)
        return true
    }

    /// Marks `rect` as taken whether or not it is free (a legend box, a marker).
    public mutating func occupy(_ rect: Rect) { taken.append(rect) }
}

extension TextStyle {
    /// The rectangle that `text` covers when drawn with its baseline at (x, baseline) and
    /// `anchor`: its advance wide, from the tallest glyphs' top to the descenders' bottom.
    public func box(of text: String, x: Int, baseline: Int, anchor: TextAnchor = .left) -> Rect {
        let width = width(of: text)
        let left = anchor == .left ? x : anchor == .center ? x - width / 2 : x - width
        let ascent = clampedPixel(pixelSize * 0.78, .up) ?? 0, descent = clampedPixel(pixelSize * 0.24, .up) ?? 0
        return Rect(x: left, y: baseline - ascent, width: width, height: ascent + descent)
    }
}
