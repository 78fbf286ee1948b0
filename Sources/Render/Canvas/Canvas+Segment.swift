import CKernels
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

    /// One segment, blended through `table` (`BlendTable` levels) into `area` (on the canvas).
    private func stroke(from start: Point, to end: Point, thickness: Double, table: UnsafeBufferPointer<UInt8>, opacity: Double,
                        area: Rect) {
        guard let a = start.clampedToDrawable, let b = end.clampedToDrawable else { return }
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
        let first = Self.floorPixel(min(p.x, q.x) - reach), last = Self.ceilingPixel(max(p.x, q.x) + reach)
        let majorFrom = max(first, majorRange.0), majorTo = min(last, majorRange.1 - 1)
        guard majorFrom <= majorTo else { return }
        let top = Double(BlendTable.levelCount - 1) * opacity
        // A pixel with coverage is nearer than half + ½ to the segment, so nearer than (half + ½) / cos θ
        // along the minor axis to the column's centre (the line there, or the end beyond an end): the
        // columns' loops start and end there (with a margin far above rounding), not at the reach.
        let covered = (half + 0.5) / cosine + 1e-6
        // The pixels in C (CKernels), the same operations in the same order: the Swift loop's
        // overflow and conversion checks were most of an edge's cost.
        flipbook_stroke_segment(image.pointee.pixels, steep ? 1 : 0, majorFrom, majorTo, minorRange.0, minorRange.1 - 1,
                                p.x, p.y, dMajor, dMinor, inverseLength, cosine, endZone, half, covered, top, table.baseAddress!)
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
