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
    /// blended twice), with one look-up of the blending table for the whole line. With
    /// `keptLevels`, each short segment between whole pixels is blended from the levels kept for
    /// its run and rise at this thickness and opacity (`SegmentStamps`): the same pixels, without
    /// working them out again (for lines redrawn every frame, such as the hidden space's).
    public func strokeSegments(_ points: [Point], thickness: Double, color: UInt8, opacity: Double = 1, clip: Rect? = nil,
                               keptLevels: Bool = false) {
        guard points.count >= 2, thickness > 0, thickness <= 1000, opacity > 0.02 else { return }
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty else { return }
        let kept = keptLevels ? SegmentStamps.shared.style(thickness: thickness, opacity: min(opacity, 1)) : nil
        BlendTable.shared.levels(toward: color, in: palette).withUnsafeBufferPointer { table in
            guard let kept else {
                for (a, b) in zip(points, points.dropFirst()) {
                    stroke(from: a, to: b, thickness: thickness, table: table, opacity: min(opacity, 1), area: area)
                }
                return
            }
            // The points as whole pixels (Int32.min where one is not), for the kernel that blends
            // kept segments (CKernels `flipbook_stroke_kept_segments`) until one is not kept:
            // that one is stroked here, and the kernel goes on after it.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * points.count) { whole in
                for (k, point) in points.enumerated() {
                    let pixel = SegmentStamps.wholePixel(point)
                    (whole[2 * k], whole[2 * k + 1]) = pixel ?? (Int32.min, Int32.min)
                }
                var k = 0
                while k + 1 < points.count {
                    k += kept.stroke(on: self, whole.baseAddress! + 2 * k, count: points.count - k, area: area, table: table)
                    guard k + 1 < points.count else { break }
                    stroke(from: points[k], to: points[k + 1], thickness: thickness, table: table, opacity: min(opacity, 1), area: area, kept: kept)
                    k += 1
                }
            }
        }
    }

    /// One segment, blended through `table` (`BlendTable` levels) into `area` (on the canvas); from
    /// `kept` levels (of this thickness and opacity) when it is short and between whole pixels.
    private func stroke(from start: Point, to end: Point, thickness: Double, table: UnsafeBufferPointer<UInt8>, opacity: Double,
                        area: Rect, kept: SegmentStamps.Style? = nil) {
        guard let a = start.clampedToDrawable, let b = end.clampedToDrawable else { return }
        if let kept, let levels = kept.levels(from: a, to: b) {
            let x0 = Int(a.x), y0 = Int(a.y)
            for level in levels {
                let x = x0 + Int(level.dx), y = y0 + Int(level.dy)
                guard x >= area.x, x < area.maxX, y >= area.y, y < area.maxY else { continue }
                let pixel = row(y) + x
                pixel.pointee = table[Int(level.level) << 8 | Int(pixel.pointee)]
            }
            return
        }
        paint(from: a, to: b, thickness: thickness, table: table, opacity: opacity, area: area)
    }

    /// The segment from `a` to `b` (finite, drawable) blended through `table` into `area`, by a C
    /// kernel (CKernels `flipbook_stroke_segment`: the Swift loop's overflow and conversion checks
    /// per pixel were most of an edge's cost). Like `forEachLevel` (the Swift definition, which
    /// kept levels are made with) it works from a `SegmentWalk`, with the same operations:
    /// `SegmentStampTests` and `FastPathTests` hold the two to the same pixels.
    private func paint(from a: Point, to b: Point, thickness: Double, table: UnsafeBufferPointer<UInt8>, opacity: Double, area: Rect) {
        guard let w = SegmentWalk(from: a, to: b, thickness: thickness, opacity: opacity, area: area) else { return }
        // The kernel visits the pixels `forEachLevel` visits (nearer than its `changing` to the segment).
        flipbook_stroke_segment(image.pointee.pixels, w.steep ? 1 : 0, w.steep ? w.oy : w.ox, w.steep ? w.ox : w.oy,
                                w.majorFrom, w.majorTo, w.minorRange.0, w.minorRange.1 - 1, w.p.x, w.p.y, w.dMajor, w.dMinor,
                                w.inverseLength, w.cosine, w.endZone, w.half, w.top, table.baseAddress!)
    }

    /// Calls `body` with the column, row and blending level (1…31, of `BlendTable`) of each pixel
    /// of `area` that the segment from `a` to `b` (finite, drawable) changes, each pixel once.
    /// Worked out relative to the whole pixel at or before `a`: a segment moved by whole pixels
    /// gives the same levels at the moved pixels.
    @inline(__always)
    static func forEachLevel(from a: Point, to b: Point, thickness: Double, opacity: Double, area: Rect, _ body: (Int, Int, Int) -> Void) {
        guard let w = SegmentWalk(from: a, to: b, thickness: thickness, opacity: opacity, area: area) else { return }
        let (ox, oy, steep, p, minorRange) = (w.ox, w.oy, w.steep, w.p, w.minorRange)
        let (half, dMajor, dMinor, inverseLength, cosine, endZone, top) = (w.half, w.dMajor, w.dMinor, w.inverseLength, w.cosine, w.endZone, w.top)
        let (majorFrom, majorTo) = (w.majorFrom, w.majorTo)
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

/// What a segment's pixels are worked out from, shared by the C kernel that paints them and
/// `Canvas.forEachLevel`: the segment relative to the whole pixel (`ox`, `oy`) at or before its
/// start, walked along its longer axis ((major, minor) is (x, y) for a shallow line, (y, x) for a
/// steep one), the columns it can reach inside the area, and its slope's terms.
struct SegmentWalk {
    let ox: Int, oy: Int
    let steep: Bool
    /// The start in (major, minor) coordinates, relative to (ox, oy).
    let p: Point
    let minorRange: (Int, Int)
    let majorFrom: Int, majorTo: Int
    let half: Double, dMajor: Double, dMinor: Double, inverseLength: Double, cosine: Double
    /// Columns within the band's reach of an end (as a fraction of the major extent) take the exact distance.
    let endZone: Double
    /// The blending level of full coverage at this opacity.
    let top: Double

    /// The walk of the segment from `a` to `b` (finite, drawable) over `area`; nil when no column of it is inside.
    @inline(__always)
    init?(from a: Point, to b: Point, thickness: Double, opacity: Double, area: Rect) {
        let ox = Canvas.floorPixel(a.x), oy = Canvas.floorPixel(a.y)
        let a = Point(a.x - Double(ox), a.y - Double(oy)), b = Point(b.x - Double(ox), b.y - Double(oy))
        let area = Rect(x: area.x - ox, y: area.y - oy, width: area.width, height: area.height)
        let steep = abs(b.y - a.y) > abs(b.x - a.x)
        let (p, q) = steep ? (Point(a.y, a.x), Point(b.y, b.x)) : (a, b)
        let majorRange = steep ? (area.y, area.maxY) : (area.x, area.maxX)
        let half = thickness / 2, reach = half + 1
        let dMajor = q.x - p.x, dMinor = q.y - p.y
        let slope = abs(dMajor) < 1e-12 ? 0 : dMinor / dMajor
        // Every coordinate here is within ±(pixelLimit + reach · √2): whole pixels by conversion, not libm.
        let first = Canvas.floorPixel(min(p.x, q.x) - reach), last = Canvas.ceilingPixel(max(p.x, q.x) + reach)
        let majorFrom = max(first, majorRange.0), majorTo = min(last, majorRange.1 - 1)
        guard majorFrom <= majorTo else { return nil }
        (self.ox, self.oy, self.steep, self.p) = (ox, oy, steep, p)
        minorRange = steep ? (area.x, area.maxX) : (area.y, area.maxY)
        (self.majorFrom, self.majorTo, self.half, self.dMajor, self.dMinor) = (majorFrom, majorTo, half, dMajor, dMinor)
        inverseLength = 1 / max(dMajor * dMajor + dMinor * dMinor, 1e-12)
        cosine = 1 / (1 + slope * slope).squareRoot()
        endZone = abs(dMajor) < 1e-12 ? 1 : (reach * abs(slope) + reach + 1) / abs(dMajor)
        top = Double(BlendTable.levelCount - 1) * opacity
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

/// The levels of short segments between whole pixels, worked out once per thickness and opacity
/// for every run and rise up to `longest` pixels (a hidden space's bent lines are made of such
/// segments, redrawn every frame): each segment's pixels relative to its start and their
/// blending levels, as `Canvas.forEachLevel` gives them.
final class SegmentStamps: @unchecked Sendable {
    static let shared = SegmentStamps()
    /// The longest run or rise kept, and the thickest segment, in pixels.
    static let longest = 32, thickest = 8.0
    /// How many thicknesses and opacities are kept (others are worked out segment by segment).
    static let mostStyles = 8

    /// A pixel relative to the segment's start, and its level (the C kernel's type).
    typealias Level = flipbook_segment_level

    /// `point` as a whole pixel when it is one within ±`pixelLimit` (what the kept levels are
    /// looked up for: `Style.levels(from:to:)` takes such a pair), else nil (NaN, infinite, huge
    /// or between pixels). Without libm: an exact conversion and back.
    @inline(__always)
    static func wholePixel(_ point: Point) -> (Int32, Int32)? {
        let limit = Double(pixelLimit)
        guard abs(point.x) <= limit, abs(point.y) <= limit else { return nil }
        let x = Int32(point.x), y = Int32(point.y)
        guard Double(x) == point.x, Double(y) == point.y else { return nil }
        return (x, y)
    }

    /// One thickness and opacity's segments, every run and rise from −`longest` to `longest`;
    /// immutable once made, so frames read it on every core without a lock.
    final class Style: @unchecked Sendable {
        private let levels: UnsafeMutableBufferPointer<Level>
        /// Where each run and rise's levels start (and, one further, end): index (rise + longest) × side + run + longest.
        private let starts: UnsafeMutableBufferPointer<Int32>
        /// Each run and rise's smallest and largest dx, then dy (0, -1, 0, -1 when it has no pixel).
        private let boxes: UnsafeMutableBufferPointer<Int16>
        private static let side = 2 * SegmentStamps.longest + 1

        init(thickness: Double, opacity: Double) {
            let longest = SegmentStamps.longest, reach = longest + Int(SegmentStamps.thickest) + 4
            var levels: [Level] = [], starts: [Int32] = [], boxes: [Int16] = []
            for rise in -longest...longest {
                for run in -longest...longest {
                    starts.append(Int32(levels.count))
                    var box: [Int16] = [.max, .min, .max, .min]
                    Canvas.forEachLevel(from: Point(0, 0), to: Point(Double(run), Double(rise)), thickness: thickness, opacity: opacity,
                                        area: Rect(x: -reach, y: -reach, width: 2 * reach, height: 2 * reach)) { x, y, level in
                        levels.append(Level(dx: Int16(x), dy: Int16(y), level: UInt8(level)))
                        box = [min(box[0], Int16(x)), max(box[1], Int16(x)), min(box[2], Int16(y)), max(box[3], Int16(y))]
                    }
                    boxes += box[0] <= box[1] ? box : [0, -1, 0, -1]
                }
            }
            starts.append(Int32(levels.count))
            self.levels = .allocate(capacity: max(1, levels.count))
            _ = self.levels.initialize(from: levels)
            self.starts = .allocate(capacity: starts.count)
            _ = self.starts.initialize(from: starts)
            self.boxes = .allocate(capacity: boxes.count)
            _ = self.boxes.initialize(from: boxes)
        }

        deinit {
            levels.deallocate()
            starts.deallocate()
            boxes.deallocate()
        }

        /// Blends the kept segments of the polyline through `count` points (`points`: x, y pairs
        /// of whole pixels, x Int32.min where a point is not one) into `area` of `canvas` through
        /// `table`, in order, up to the first segment not kept; returns how many it blended.
        func stroke(on canvas: Canvas, _ points: UnsafePointer<Int32>, count: Int, area: Rect, table: UnsafeBufferPointer<UInt8>) -> Int {
            flipbook_stroke_kept_segments(canvas.image.pointee.pixels, area.x, area.y, area.maxX, area.maxY, points, count,
                                          levels.baseAddress!, starts.baseAddress!, boxes.baseAddress!, SegmentStamps.longest,
                                          table.baseAddress!)
        }

        /// The levels of the segment from `a` to `b` (drawable points), relative to `a`; nil unless
        /// both are whole pixels no more than `longest` apart on either axis.
        @inline(__always)
        func levels(from a: Point, to b: Point) -> Slice<UnsafeMutableBufferPointer<Level>>? {
            let longest = Double(SegmentStamps.longest)
            guard a.x.rounded(.down) == a.x, a.y.rounded(.down) == a.y, b.x.rounded(.down) == b.x, b.y.rounded(.down) == b.y,
                  abs(b.x - a.x) <= longest, abs(b.y - a.y) <= longest else { return nil }
            let index = (Int(b.y - a.y) + SegmentStamps.longest) * Self.side + Int(b.x - a.x) + SegmentStamps.longest
            return levels[Int(starts[index])..<Int(starts[index + 1])]
        }
    }

    private struct Key: Hashable {
        let thickness: UInt64, opacity: UInt64
    }

    private let lock = NSLock()
    private var styles: [Key: Style] = [:]

    /// The kept segments of `thickness` and `opacity` (0…1), made on first use; nil for a segment
    /// thicker than `thickest` or once `mostStyles` are kept.
    func style(thickness: Double, opacity: Double) -> Style? {
        guard thickness > 0, thickness <= Self.thickest, opacity > 0, opacity <= 1 else { return nil }
        let key = Key(thickness: thickness.bitPattern, opacity: opacity.bitPattern)
        return lock.withLock {
            if let style = styles[key] { return style }
            guard styles.count < Self.mostStyles else { return nil }
            let style = Style(thickness: thickness, opacity: opacity)
            styles[key] = style
            return style
        }
    }
}
