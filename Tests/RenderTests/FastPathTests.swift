import Testing
import Foundation
@testable import Render

/// The inside views' fast paths against the drawing they replaced: segments stroked with
/// whole-pixel arithmetic and tight columns, unit-map colour tables kept between frames, and
/// rounding without libm must change no pixel.
@Suite struct FastPathTests {
    /// Random segments of every slope, thickness and opacity, some leaving the canvas or the
    /// clip: `strokeSegment` leaves exactly the pixels of the reference stroke (the code before
    /// the fast path, below), over a background that already holds strokes.
    @Test func segmentsEqualTheReferenceStroke() {
        var state: UInt64 = 11
        func random(_ range: ClosedRange<Double>) -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + (range.upperBound - range.lowerBound) * Double(state >> 11) / Double(1 << 53)
        }
        let fast = Canvas(width: 160, height: 120), reference = Canvas(width: 160, height: 120)
        let clip = Rect(x: 5, y: 8, width: 140, height: 100)
        for index in 0..<400 {
            let start = Point(random(-20...180), random(-20...140))
            // Long and short segments, whole-pixel ends (as the hidden space snaps them) and fractional ones.
            var end = Point(start.x + random(-90...90), start.y + random(-90...90))
            if index % 3 == 0 { end = Point(start.x + random(-4...4), start.y + random(-4...4)) }
            let (a, b) = index % 2 == 0 ? (Point(start.x.rounded(), start.y.rounded()), Point(end.x.rounded(), end.y.rounded())) : (start, end)
            let thickness = index % 4 == 0 ? 1 : random(0.3...6), opacity = index % 5 == 0 ? 1 : random(0.03...1)
            let color = Palette.classColor(index % 3)
            let area = index % 7 == 0 ? clip : nil
            fast.strokeSegment(from: a, to: b, thickness: thickness, color: color, opacity: opacity, clip: area)
            reference.referenceStroke(from: a, to: b, thickness: thickness, color: color, opacity: opacity, clip: area)
        }
        var differing = 0
        for y in 0..<120 { for x in 0..<160 where fast[x, y] != reference[x, y] { differing += 1 } }
        #expect(differing == 0, "\(differing) pixels differ from the reference stroke")
        #expect((0..<120).contains { y in (0..<160).contains { fast[$0, y] != Palette.background } }, "the segments drew something")
    }

    /// `roundedHalfAway` is `Float.rounded()` (ties away from zero) on ties, their neighbours and noise.
    @Test func roundingWithoutLibmIsSchoolRounding() {
        var values: [Float] = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 255.5, -255.5, 256, -256, 0.49999997, -0.49999997]
        for k in 0...512 {
            let tie = Float(k - 256) + 0.5
            values += [tie, tie.nextUp, tie.nextDown]
        }
        var state: UInt64 = 5
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Float(Int(state >> 40) - (1 << 23)) / 32768)
        }
        for value in values {
            #expect(UnitScaleTable.roundedHalfAway(value) == Int(value.rounded()), "\(value)")
        }
    }

    /// The kept table of a scale is the table made afresh, for scales drawn in turn, after the
    /// cache starts again, and for scales with NaN (never kept).
    @Test func keptUnitScaleTablesAreTheirScales() {
        var scales: [UnitScale] = [.diverging(center: 0, limit: 1), .diverging(center: 0.5, limit: 0.5), .ramp(classIndex: 2, limit: 1),
                                   .diverging(center: 0, limit: 3.25), .diverging(center: 0, limit: .nan), .ramp(classIndex: 0, limit: .infinity)]
        scales += (1...300).map { .diverging(center: 0, limit: Float($0) / 7) }
        for scale in scales + scales.reversed() + scales {
            #expect(UnitScaleTable.shared(scale).colors == UnitScaleTable(scale).colors, "\(scale)")
            #expect(UnitScaleTable.shared(scale).scale == scale || !scale.isFinite)
        }
    }
}

extension Canvas {
    /// `strokeSegment` as it was before its fast path (libm rounding for every column, loops over
    /// the whole reach): the reference the fast path must equal pixel for pixel.
    func referenceStroke(from start: Point, to end: Point, thickness: Double, color: UInt8, opacity: Double = 1, clip: Rect? = nil) {
        guard thickness > 0, thickness <= 1000, opacity > 0.02 else { return }
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty else { return }
        let table = BlendTable.shared.levels(toward: color, in: palette)
        let opacity = min(opacity, 1)
        guard let a = start.clampedToDrawable, let b = end.clampedToDrawable else { return }
        let steep = abs(b.y - a.y) > abs(b.x - a.x)
        let (p, q) = steep ? (Point(a.y, a.x), Point(b.y, b.x)) : (a, b)
        let majorRange = steep ? (area.y, area.maxY) : (area.x, area.maxX)
        let minorRange = steep ? (area.x, area.maxX) : (area.y, area.maxY)
        let half = thickness / 2, reach = half + 1
        let dMajor = q.x - p.x, dMinor = q.y - p.y
        let lengthSquared = max(dMajor * dMajor + dMinor * dMinor, 1e-12)
        let inverseLength = 1 / lengthSquared
        let slope = abs(dMajor) < 1e-12 ? 0 : dMinor / dMajor
        let span = reach * (1 + slope * slope).squareRoot()
        let cosine = 1 / (1 + slope * slope).squareRoot()
        let endZone = abs(dMajor) < 1e-12 ? 1 : (reach * abs(slope) + reach + 1) / abs(dMajor)
        guard let first = clampedPixel(min(p.x, q.x) - reach, .down), let last = clampedPixel(max(p.x, q.x) + reach, .up) else { return }
        let majorFrom = max(first, majorRange.0), majorTo = min(last, majorRange.1 - 1)
        guard majorFrom <= majorTo else { return }
        let top = Double(BlendTable.levelCount - 1) * opacity
        for major in majorFrom...majorTo {
            let m = Double(major) + 0.5
            let along = abs(dMajor) < 1e-12 ? 0 : ((m - p.x) / dMajor).clamped(0, 1)
            let centre = p.y + along * dMinor
            guard let low = clampedPixel(centre - span, .down), let high = clampedPixel(centre + span, .up) else { continue }
            let from = max(low, minorRange.0), to = min(high, minorRange.1 - 1)
            guard from <= to else { continue }
            let alongMajor = (m - p.x) * dMajor
            let interior = along > endZone && along < 1 - endZone
            for minor in from...to {
                let n = Double(minor) + 0.5
                let distance: Double
                if interior {
                    distance = abs(n - centre) * cosine
                } else {
                    let t = ((alongMajor + (n - p.y) * dMinor) * inverseLength).clamped(0, 1)
                    let ex = m - (p.x + t * dMajor), ey = n - (p.y + t * dMinor)
                    distance = (ex * ex + ey * ey).squareRoot()
                }
                let coverage = (half + 0.5 - distance).clamped(0, 1)
                let level = Int(coverage * top + 0.5)
                guard level > 0 else { continue }
                let pixel = steep ? row(major) + minor : row(minor) + major
                pixel.pointee = table[level << 8 | Int(pixel.pointee)]
            }
        }
    }
}
