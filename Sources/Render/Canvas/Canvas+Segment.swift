import Foundation

extension Canvas {
    /// An anti-aliased straight segment with round ends, blended over what is there at `opacity`
    /// (0…1). It visits only the pixels near the line (length × thickness, not the bounding box)
    /// and blends through a table of 32 coverage levels, so hundreds of long edges per frame stay
    /// cheap. NaN ends draw nothing; huge ones are clamped.
    public func strokeSegment(from start: Point, to end: Point, thickness: Double, color: UInt8, opacity: Double = 1,
                              clip: Rect? = nil) {
        guard thickness > 0, thickness <= 1000, opacity > 0.02 else { return }
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty else { return }
        BlendTable.shared.levels(toward: color, in: palette).withUnsafeBufferPointer { table in
            stroke(from: start, to: end, thickness: thickness, table: table, opacity: min(opacity, 1), area: area)
        }
    }

    /// Each segment of the polyline through `points` as `strokeSegment` draws it (the joints are
    /// blended twice), with one look-up of the blending table for the whole line.
    public func strokeSegments(_ points: [Point], thickness: Double, color: UInt8, opacity: Double = 1, clip: Rect? = nil) {
        guard points.count >= 2, thickness > 0, thickness <= 1000, opacity > 0.02 else { return }
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty else { return }
        BlendTable.shared.levels(toward: color, in: palette).withUnsafeBufferPointer { table in
            for (a, b) in zip(points, points.dropFirst()) {
                stroke(from: a, to: b, thickness: thickness, table: table, opacity: min(opacity, 1), area: area)
            }
        }
    }

    /// One segment, blended through `table` (`BlendTable` levels) into `area` (on the canvas). A
    /// short segment between whole pixels (a hidden space's bent lines are made of them) is
    /// blended from its levels worked out once (`SegmentStamps`): the same levels, since they
    /// are worked out relative to the segment's start.
    private func stroke(from start: Point, to end: Point, thickness: Double, table: UnsafeBufferPointer<UInt8>, opacity: Double,
                        area: Rect) {
        guard let a = start.clampedToDrawable, let b = end.clampedToDrawable else { return }
        if let stamp = SegmentStamps.shared.levels(from: a, to: b, thickness: thickness, opacity: opacity) {
            let x0 = Int(a.x), y0 = Int(a.y)
            for level in stamp {
                let x = x0 + Int(level.dx), y = y0 + Int(level.dy)
                guard x >= area.x, x < area.maxX, y >= area.y, y < area.maxY else { continue }
                let pixel = row(y) + x
                pixel.pointee = table[Int(level.level) << 8 | Int(pixel.pointee)]
            }
            return
        }
        Self.forEachLevel(from: a, to: b, thickness: thickness, opacity: opacity, area: area) { x, y, level in
            let pixel = row(y) + x
            pixel.pointee = table[level << 8 | Int(pixel.pointee)]
        }
    }

    /// Calls `body` with the column, row and blending level (1…31, of `BlendTable`) of each pixel
    /// of `area` that the segment from `a` to `b` (finite, drawable) changes, each pixel once.
    /// Worked out relative to the whole pixel at or before `a`: a segment moved by whole pixels
    /// gives the same levels at the moved pixels.
    @inline(__always)
    static func forEachLevel(from a: Point, to b: Point, thickness: Double, opacity: Double, area: Rect, _ body: (Int, Int, Int) -> Void) {
        let ox = floorPixel(a.x), oy = floorPixel(a.y)
        let a = Point(a.x - Double(ox), a.y - Double(oy)), b = Point(b.x - Double(ox), b.y - Double(oy))
        let area = Rect(x: area.x - ox, y: area.y - oy, width: area.width, height: area.height)
        // Walk the longer axis; (major, minor) is (x, y) for a shallow line, (y, x) for a steep one.
        let steep = abs(b.y - a.y) > abs(b.x - a.x)
        let (p, q) = steep ? (Point(a.y, a.x), Point(b.y, b.x)) : (a, b)
        let majorRange = steep ? (area.y, area.maxY) : (area.x, area.maxX)
        let minorRange = steep ? (area.x, area.maxX) : (area.y, area.maxY)
        let half = thickness / 2, reach = half + 1
        let dMajor = q.x - p.x, dMinor = q.y - p.y
        let lengthSquared = max(dMajor * dMajor + dMinor * dMinor, 1e-12)
        let inverseLength = 1 / lengthSquared
        let slope = abs(dMajor) < 1e-12 ? 0 : dMinor / dMajor
        let cosine = 1 / (1 + slope * slope).squareRoot()
        // Columns within the band's reach of an end (as a fraction of the major extent) take the exact distance.
        let endZone = abs(dMajor) < 1e-12 ? 1 : (reach * abs(slope) + reach + 1) / abs(dMajor)
        // Every coordinate here is within ±(pixelLimit + reach · √2): whole pixels by conversion, not libm.
        let first = floorPixel(min(p.x, q.x) - reach), last = ceilingPixel(max(p.x, q.x) + reach)
        let majorFrom = max(first, majorRange.0), majorTo = min(last, majorRange.1 - 1)
        guard majorFrom <= majorTo else { return }
        let top = Double(BlendTable.levelCount - 1) * opacity
        // A pixel changes only at a level of at least 1, a coverage of at least ½ / top: nearer than
        // `changing` to the segment, so nearer than `changing` / cos θ along the minor axis to the
        // column's centre (the line there, or the end beyond an end): the columns' loops take only
        // the pixels whose centres lie that near (with a margin far above rounding), and a pixel
        // whose squared distance is beyond `changing` takes no square root.
        let changing = half + 0.5 - 0.5 / top + 1e-6
        let covered = changing / cosine
        let changingSquared = changing * changing
        for major in majorFrom...majorTo {
            let m = Double(major) + 0.5
            let along = abs(dMajor) < 1e-12 ? 0 : ((m - p.x) / dMajor).clamped(0, 1)
            let centre = p.y + along * dMinor
            let alongMajor = (m - p.x) * dMajor
            // Away from the ends, the distance to the line is the minor offset times cos θ.
            let interior = along > endZone && along < 1 - endZone
            let low = ceilingPixel(centre - covered - 0.5), high = floorPixel(centre + covered - 0.5)
            let from = max(low, minorRange.0), to = min(high, minorRange.1 - 1)
            guard from <= to else { continue }
            for minor in from...to {
                let n = Double(minor) + 0.5
                let distance: Double
                if interior {
                    distance = abs(n - centre) * cosine
                } else {
                    let t = ((alongMajor + (n - p.y) * dMinor) * inverseLength).clamped(0, 1)
                    let ex = m - (p.x + t * dMajor), ey = n - (p.y + t * dMinor)
                    let squared = ex * ex + ey * ey
                    guard squared <= changingSquared else { continue }
                    distance = squared.squareRoot()
                }
                let coverage = (half + 0.5 - distance).clamped(0, 1)
                let level = Int(coverage * top + 0.5)
                guard level > 0 else { continue }
                if steep { body(minor + ox, major + oy, level) } else { body(major + ox, minor + oy, level) }
            }
        }
    }

    /// ⌊value⌋ for a finite value well inside `Int`'s range.
    @inline(__always)
    static func floorPixel(_ value: Double) -> Int {
        let whole = Int(value)
        return Double(whole) > value ? whole - 1 : whole
    }

    /// ⌈value⌉ for a finite value well inside `Int`'s range.
    @inline(__always)
    static func ceilingPixel(_ value: Double) -> Int {
        let whole = Int(value)
        return Double(whole) < value ? whole + 1 : whole
    }
}

/// For each palette colour drawn with `strokeSegment`: the colour every palette index becomes
/// when that colour is blended over it at each of `levelCount` coverages (level 0 leaves it).
final class BlendTable: @unchecked Sendable {
    static let shared = BlendTable()
    static let levelCount = 32
    private let lock = NSLock()
    private var tables: [UInt8: [UInt8]] = [:]

    /// The table of `color`: entry `level << 8 | index` is `index` blended towards `color` at `level / 31`.
    func levels(toward color: UInt8, in palette: Palette) -> [UInt8] {
        lock.withLock {
            if let table = tables[color] { return table }
            let rgb = palette.colors[Int(color)]
            var table = [UInt8](repeating: 0, count: Self.levelCount << 8)
            for level in 0..<Self.levelCount {
                let alpha = Double(level) / Double(Self.levelCount - 1)
                for index in 0..<256 {
                    table[level << 8 | index] = level == 0 ? UInt8(index) : palette.blend(UInt8(index), toward: rgb, alpha: alpha)
                }
            }
            tables[color] = table
            return table
        }
    }
}

/// The levels of short segments between whole pixels, each worked out once and kept by its run
/// and rise, thickness and opacity (a hidden space's bent lines repeat the same few hundred
/// from frame to frame): the pixels relative to the segment's start and their blending levels.
final class SegmentStamps: @unchecked Sendable {
    static let shared = SegmentStamps()
    /// The longest run or rise kept, and the thickest segment, in pixels.
    static let longest = 48.0, thickest = 8.0
    /// How many segments are kept before the store starts again.
    static let most = 8192

    /// A pixel relative to the segment's start, and its level.
    struct Level: Sendable {
        let dx: Int16, dy: Int16, level: UInt8
    }

    private struct Key: Hashable {
        let dx: Int32, dy: Int32
        let thickness: UInt64, opacity: UInt64
    }

    private let lock = NSLock()
    private var kept: [Key: [Level]] = [:]

    /// The levels of the segment from `a` to `b` (drawable points) as `Canvas.forEachLevel` gives
    /// them, relative to `a`; nil unless both ends are whole pixels, the segment short and thin.
    func levels(from a: Point, to b: Point, thickness: Double, opacity: Double) -> [Level]? {
        guard a.x.rounded(.down) == a.x, a.y.rounded(.down) == a.y, b.x.rounded(.down) == b.x, b.y.rounded(.down) == b.y,
              abs(b.x - a.x) <= Self.longest, abs(b.y - a.y) <= Self.longest, thickness <= Self.thickest else { return nil }
        let key = Key(dx: Int32(b.x - a.x), dy: Int32(b.y - a.y), thickness: thickness.bitPattern, opacity: opacity.bitPattern)
        if let levels = lock.withLock({ kept[key] }) { return levels }
        var levels: [Level] = []
        let reach = Int(Self.longest + Self.thickest) + 4
        Canvas.forEachLevel(from: Point(0, 0), to: Point(b.x - a.x, b.y - a.y), thickness: thickness, opacity: opacity,
                            area: Rect(x: -reach, y: -reach, width: 2 * reach, height: 2 * reach)) { x, y, level in
            levels.append(Level(dx: Int16(x), dy: Int16(y), level: UInt8(level)))
        }
        lock.withLock {
            if kept.count >= Self.most { kept.removeAll(keepingCapacity: true) }
            kept[key] = levels
        }
        return levels
    }
}
