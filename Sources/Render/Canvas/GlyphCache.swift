import CGD
import Foundation

/// One character drawn once: how much ink covers each pixel, where the pixels sit relative to
/// the pen and the baseline, and how far the character moves the pen.
struct Glyph: Sendable {
    /// Bitmap size.
    let width: Int
    let height: Int
    /// Bitmap's left edge relative to the pen.
    let left: Int
    /// Bitmap's top edge relative to the baseline (negative: above it).
    let top: Int
    /// Ink coverage 0…255, row-major.
    let coverage: [UInt8]
    /// Pen advance in pixels (fractional, as FreeType lays text out).
    let advance: Double
}

/// Characters rendered once per font and size through FreeType (`gdImageStringFT` on a
/// truecolour scratch image), then copied wherever they are drawn. FreeType's hinting
/// interpreter runs on every libgd text call, which made titles the costliest part of a frame.
final class GlyphCache: @unchecked Sendable {
    /// The cache every canvas shares.
    static let shared = GlyphCache()

    private let lock = NSLock()
    /// Each font and size's glyphs.
    private var tables: [StyleKey: GlyphTable] = [:]

    /// A font and a size (its bits: one size, one table).
    private struct StyleKey: Hashable {
        let path: String
        let size: UInt64
    }

    /// The largest text size drawn, in pixels (larger sizes, and NaN, give empty glyphs).
    static let largestPixelSize = 1000.0

    /// The glyph of `character` in `style`, rendering it on first use; an empty glyph for a size
    /// that cannot be drawn (see `TextStyle.isDrawable`).
    func glyph(_ character: Character, style: TextStyle) -> Glyph {
        table(for: style).glyph(character)
    }

    /// The glyphs of `style`: looked up once for a line of text, then character by character
    /// without building a key string for each.
    func table(for style: TextStyle) -> GlyphTable {
        let key = StyleKey(path: style.font.path, size: style.pixelSize.bitPattern)
        return lock.withLock {
            if let table = tables[key] { return table }
            let table = GlyphTable(style: style, cache: self)
            tables[key] = table
            return table
        }
    }

    /// One font at one size: its glyphs, rendered on first use (ASCII in an array, others by character).
    final class GlyphTable: @unchecked Sendable {
        let style: TextStyle
        private let cache: GlyphCache
        private let lock = NSLock()
        private var ascii = [Glyph?](repeating: nil, count: 128)
        private var others: [Character: Glyph] = [:]

        init(style: TextStyle, cache: GlyphCache) {
            (self.style, self.cache) = (style, cache)
        }

        /// The glyph of `character`, rendered on first use; empty when the size cannot be drawn.
        func glyph(_ character: Character) -> Glyph {
            guard style.isDrawable else { return Glyph(width: 0, height: 0, left: 0, top: 0, coverage: [], advance: 0) }
            lock.lock()
            defer { lock.unlock() }
            if let code = character.asciiValue {
                if let glyph = ascii[Int(code)] { return glyph }
                let glyph = cache.render(String(character), style: style)
                ascii[Int(code)] = glyph
                return glyph
            }
            if let glyph = others[character] { return glyph }
            let glyph = cache.render(String(character), style: style)
            others[character] = glyph
            return glyph
        }
    }

    private func render(_ text: String, style: TextStyle) -> Glyph {
        _ = fontCacheReady
        let em = (clampedInt(style.pixelSize, 0...Int(Self.largestPixelSize), .up) ?? 0) + 2
        let (width, height, penX, baseline) = (4 * em, 3 * em, em, 2 * em)
        guard let image = gdImageCreateTrueColor(Int32(width), Int32(height)) else {
            return Glyph(width: 0, height: 0, left: 0, top: 0, coverage: [], advance: 0)
        }
        defer { gdImageDestroy(image) }
        gdImageFilledRectangle(image, 0, 0, Int32(width - 1), Int32(height - 1), 0xFFFFFF)
        var box = [Int32](repeating: 0, count: 8)
        _ = text.withCString { string in
            style.font.path.withCString { path in
                gdImageStringFT(image, &box, 0x000000, UnsafeMutablePointer(mutating: path), style.points, 0,
                                Int32(penX), Int32(baseline), UnsafeMutablePointer(mutating: string))
            }
        }
        // The ink's bounding box in the scratch image.
        var minX = width, maxX = -1, minY = height, maxY = -1
        for y in 0..<height {
            let row = image.pointee.tpixels[y]!
            for x in 0..<width where row[x] & 0xFF != 0xFF {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        var coverage: [UInt8] = []
        if maxX >= 0 {
            for y in minY...maxY {
                let row = image.pointee.tpixels[y]!
                for x in minX...maxX { coverage.append(255 - UInt8(row[x] & 0xFF)) }
            }
        }
        return Glyph(width: max(0, maxX - minX + 1), height: max(0, maxY - minY + 1),
                     left: maxX >= 0 ? minX - penX : 0, top: maxY >= 0 ? minY - baseline : 0,
                     coverage: coverage, advance: advance(of: text, style: style))
    }

    /// The pen advance of one character, from libgd's per-character positions ("xshow") of the
    /// character followed by a space.
    private func advance(of text: String, style: TextStyle) -> Double {
        var extra = gdFTStringExtra()
        extra.flags = gdFTEX_XSHOW
        var box = [Int32](repeating: 0, count: 8)
        let failed = (text + " ").withCString { string in
            style.font.path.withCString { path in
                gdImageStringFTEx(nil, &box, 0, UnsafeMutablePointer(mutating: path), style.points, 0, 0, 0,
                                  UnsafeMutablePointer(mutating: string), &extra)
            }
        } != nil
        defer { if let shown = extra.xshow { gdFree(shown) } }
        if !failed, let shown = extra.xshow,
           let first = String(cString: shown).split(separator: " ").first, let value = Double(first) {
            return value
        }
        return Double(box[2] - box[0])
    }
}

extension Canvas {
    /// Draws `text` from the glyph cache with the left end of its baseline at (x, y).
    func drawCachedText(_ text: String, x: Int, y: Int, style: TextStyle, color: UInt8) {
        let rgb = palette.colors[Int(color)]
        var pen = Double(clampedPixel(x))
        let y = clampedPixel(y)
        let glyphs = GlyphCache.shared.table(for: style)
        for character in text {
            let glyph = glyphs.glyph(character)
            let left = (clampedPixel(pen, .toNearestOrAwayFromZero) ?? 0) + glyph.left, top = y + glyph.top
            for gy in 0..<glyph.height {
                let py = top + gy
                guard py >= 0, py < height else { continue }
                let pixels = row(py)
                for gx in 0..<glyph.width {
                    let px = left + gx
                    let ink = glyph.coverage[gy * glyph.width + gx]
                    guard px >= 0, px < width, ink > 4 else { continue }
                    pixels[px] = ink >= 250 ? color : palette.blend(pixels[px], toward: rgb, alpha: Double(ink) / 255)
                }
            }
            pen += glyph.advance
        }
    }
}
