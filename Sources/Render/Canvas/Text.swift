import CGD
import Foundation

/// How a line of text sits on its anchor point.
public enum TextAnchor: Sendable {
    /// The anchor is the left end of the baseline.
    case left
    /// The anchor is the middle of the baseline.
    case center
    /// The anchor is the right end of the baseline.
    case right
}

/// A font at a size in pixels, drawing anti-aliased text through FreeType (`gdImageStringFT`).
public struct TextStyle: Sendable {
    /// The font file.
    public var font: Font
    /// The height of an em, in pixels.
    public var pixelSize: Double

    /// A style of `font` at `pixelSize`.
    public init(font: Font, pixelSize: Double) {
        self.font = font
        self.pixelSize = pixelSize
    }

    /// libgd measures sizes in points at 96 dpi.
    var points: Double { pixelSize * 72 / 96 }

    /// The width of `text` in pixels: the sum of its characters' advances, as it is drawn.
    public func width(of text: String) -> Int {
        let glyphs = GlyphCache.shared.table(for: self)
        return clampedPixel(text.reduce(0.0) { $0 + glyphs.glyph($1).advance }, .toNearestOrAwayFromZero) ?? 0
    }

    /// `text` fitted into `maxWidth` pixels: this style shrunk in 5 % steps, down to `smallest`
    /// of its size, until the text fits; if it is still too wide at that size, the text cut at
    /// the end with "…" (nothing at all when not even "…" fits).
    public func fitted(_ text: String, into maxWidth: Int, smallest: Double = 0.8) -> (text: String, style: TextStyle) {
        var style = self
        while style.width(of: text) > maxWidth, style.pixelSize * 0.95 >= pixelSize * smallest - 1e-9 {
            style.pixelSize *= 0.95
        }
        return (style.elided(text, to: maxWidth), style)
    }

    /// `text` if it fits `maxWidth`, else its longest beginning that fits followed by "…" (no
    /// space before it), or "" when not even "…" fits.
    public func elided(_ text: String, to maxWidth: Int) -> String {
        guard width(of: text) > maxWidth else { return text }
        var kept = Substring(text)
        while !kept.isEmpty {
            kept.removeLast()
            let trimmed = kept.reversed().drop { $0 == " " || $0 == "·" }.reversed()
            let candidate = String(trimmed) + "…"
            if width(of: candidate) <= maxWidth { return candidate }
        }
        return width(of: "…") <= maxWidth ? "…" : ""
    }

    /// Whether text of this size can be drawn: a finite size of at least a tenth of a pixel and at
    /// most `GlyphCache.largestPixelSize`. Other sizes draw nothing.
    var isDrawable: Bool { pixelSize >= 0.1 && pixelSize <= GlyphCache.largestPixelSize }
}

/// libgd's font cache must be set up once before text is drawn from several threads.
let fontCacheReady: Bool = gdFontCacheSetup() == 0

extension Canvas {
    /// Draws `text` at (x, y) within `maxWidth`: shrunk (down to 80 % of its size) until it
    /// fits, else cut short with "…" (see `TextStyle.fitted`). Anchored left, nothing runs past
    /// `x + maxWidth`; anchored right, nothing before `x − maxWidth`.
    public func drawText(_ text: String, x: Int, y: Int, style: TextStyle, color: UInt8, fitting maxWidth: Int, anchor: TextAnchor = .left) {
        let fitted = style.fitted(text, into: maxWidth)
        drawText(fitted.text, x: x, y: y, style: fitted.style, color: color, anchor: anchor)
    }

    /// Draws `text` with its baseline anchored at (x, y); `angle` in radians, counter-clockwise
    /// (a non-finite angle counts as 0). Positions are clamped to ±`pixelLimit`.
    /// Returns libgd's error text if the font could not be used.
    @discardableResult
    public func drawText(_ text: String, x: Int, y: Int, style: TextStyle, color: UInt8,
                         anchor: TextAnchor = .left, angle: Double = 0) -> String? {
        _ = fontCacheReady
        guard !text.isEmpty, style.isDrawable else { return nil }
        let x = clampedPixel(x), y = clampedPixel(y), angle = angle.isFinite ? angle : 0
        var dx = 0
        if anchor != .left {
            let w = style.width(of: text)
            dx = anchor == .center ? w / 2 : w
        }
        if angle == 0 {
            drawCachedText(text, x: x - dx, y: y, style: style, color: color)
            return nil
        }
        // Rotated text goes through FreeType directly; the anchor moves along the text direction.
        let ox = clampedPixel(Double(-dx) * cos(angle), .toNearestOrAwayFromZero) ?? 0
        let oy = clampedPixel(Double(dx) * sin(angle), .toNearestOrAwayFromZero) ?? 0
        var box = [Int32](repeating: 0, count: 8)
        let error = text.withCString { string in
            style.font.path.withCString { path in
                gdImageStringFT(image, &box, Int32(color), UnsafeMutablePointer(mutating: path), style.points, angle,
                                Int32(x + ox), Int32(y + oy), UnsafeMutablePointer(mutating: string))
            }
        }
        return error.map { String(cString: $0) }
    }
}
