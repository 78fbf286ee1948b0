import Testing
import LinearAlgebra
import Foundation
@testable import Render
import CGD

/// The inside views' fast paths against the drawing they replaced: segments stroked with
/// whole-pixel arithmetic and tight columns, unit-map colour tables kept between frames, and
/// rounding without libm must change no pixel.
@Suite struct FastPathTests {
    /// Random segments of every slope, thickness and opacity, some leaving the canvas or the
    /// clip: `strokeSegment` leaves exactly the pixels of the reference stroke (the code before
    /// the fast path, below), over a background that already holds strokes.
    /// Run with the C kernels' vector variants and with their plain loops (`VectorKernels`).
    @Test(arguments: [true, false]) func segmentsEqualTheReferenceStroke(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
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

    /// Unit maps (painted by CKernels, eight pixels at a time with AVX2) against the plain loop
    /// written from `UnitScale`'s definition: bilinear values (horizontal first), the scale's
    /// fraction clamped to ±1, 256 × it rounded half away from zero into the 513 colours, NaN the
    /// background. Maps of every width around a multiple of eight, both kinds of scale, values
    /// with NaN, infinities and exact ties, and maps half off the canvas.
    /// Run with the C kernels' vector variants and with their plain loops (`VectorKernels`).
    @Test(arguments: [true, false]) func unitMapsEqualThePlainLoop(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var state: UInt64 = 17
            func random() -> Float {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int(state >> 40) - (1 << 23)) / Float(1 << 22)
            }
            let scales: [UnitScale] = [.diverging(center: 0, limit: 1.7), .diverging(center: 0.5, limit: 0.5), .ramp(classIndex: 1, limit: 2),
                                       .diverging(center: 0, limit: 0.25)]
            let canvas = Canvas(width: 120, height: 90)
            var checked = 0
            for (index, side) in [5, 8, 9, 15, 16, 17, 31, 44, 45].enumerated() {
                let columns = 3 + index % 5, rows = 2 + index % 4
                var values = (0..<(columns * rows)).map { _ in random() }
                if index % 3 == 0 { values[1] = .nan }
                if index % 4 == 1 { values[columns] = .infinity; values[0] = -.infinity }
                // Exact ties of the rounding, (2k + 1)/512 of the limit of one of the scales below (a
                // power of two: the fraction is exact), where levels k and k + 1 differ in colour: a
                // constant map is its value at every pixel (v + (v − v) · w = v), so every pixel is a tie.
                if index % 2 == 0 {
                    let (tieScale, limit): (UnitScale, Float) = index % 4 == 0 ? (.diverging(center: 0, limit: 0.25), 0.25)
                        : (.ramp(classIndex: 1, limit: 2), 2)
                    let tieColors = UnitScaleTable(tieScale).colors
                    var k = index * 37 % 200
                    while tieColors[256 + k] == tieColors[257 + k] { k += 1 }
                    values = values.map { _ in Float(2 * k + 1) / 512 * limit }
                }
                for scale in scales {
                    let rect = index % 3 == 2 ? Rect(x: -side / 2, y: 90 - side / 2, width: side, height: side)
                        : Rect(x: 3 + index * 9, y: 2 + index * 7, width: side, height: side)
                    UnitMap.draw(values, columns: columns, rows: rows, scale: scale, on: canvas, in: rect)
                    let (center, limit): (Float, Float) = switch scale {
                    case .diverging(let center, let limit): (center, limit)
                    case .ramp(_, let limit): (0, limit)
                    }
                    let colors = UnitScaleTable(scale).colors
                    let xs = HeatMap.interpolation(count: rect.width, gridPoints: columns)
                    let ys = HeatMap.interpolation(count: rect.height, gridPoints: rows)
                    let visible = rect.intersection(canvas.bounds)
                    for y in visible.y..<visible.maxY {
                        for x in visible.x..<visible.maxX {
                            let (i, wx) = xs[x - rect.x], (j, wy) = ys[y - rect.y]
                            let v = { (row: Int, column: Int) in values[row * columns + column] }
                            let top = v(j, i) + (v(j, i + 1) - v(j, i)) * wx
                            let bottom = v(j + 1, i) + (v(j + 1, i + 1) - v(j + 1, i)) * wx
                            let t = (top + (bottom - top) * wy - center) / limit
                            let expected = t.isNaN ? Palette.background : colors[Int((min(max(t, -1), 1) * 256).rounded()) + 256]
                            #expect(canvas[x, y] == expected, "side \(side) \(scale) pixel \(x - rect.x), \(y - rect.y)")
                            checked += 1
                        }
                    }
                }
            }
            #expect(checked > 10_000)
        }
    }

    /// A canvas's palette, set directly, is the palette `gdImageColorAllocate` makes colour by
    /// colour on a new image (what libgd's PNG writer and every blend read).
    @Test func aCanvasPaletteIsLibgdsOwnAllocation() throws {
        let canvas = Canvas(width: 3, height: 2)
        let reference = try #require(gdImageCreate(3, 2))
        defer { gdImageDestroy(reference) }
        for color in Palette.standard.colors { gdImageColorAllocate(reference, Int32(color.r), Int32(color.g), Int32(color.b)) }
        let image = canvas.image.pointee, expected = reference.pointee
        #expect(image.colorsTotal == expected.colorsTotal)
        func entries<T>(_ tuple: T) -> [Int32] { withUnsafeBytes(of: tuple) { Array($0.bindMemory(to: Int32.self)) } }
        #expect(entries(image.red) == entries(expected.red))
        #expect(entries(image.green) == entries(expected.green))
        #expect(entries(image.blue) == entries(expected.blue))
        #expect(entries(image.alpha) == entries(expected.alpha))
        #expect(entries(image.open) == entries(expected.open))
        #expect(image.transparent == expected.transparent)
    }

    /// A frame's canvas made from its template holds the template everywhere but in the holes
    /// (overlapping, touching, partly off the canvas), whatever is painted there afterwards.
    @Test func aCanvasFromATemplateHoldsItOutsideTheHoles() {
        let template = Canvas(width: 50, height: 40)
        for y in 0..<40 { for x in 0..<50 { template[x, y] = UInt8((x * 7 + y * 13) % 251) } }
        let holes = [Rect(x: 5, y: 5, width: 10, height: 10), Rect(x: 12, y: 8, width: 10, height: 20), Rect(x: 22, y: 8, width: 3, height: 3),
                     Rect(x: 40, y: -5, width: 20, height: 12), Rect(x: 0, y: 35, width: 50, height: 10)]
        let canvas = Canvas(template: template, except: holes)
        for y in 0..<40 {
            for x in 0..<50 where !holes.contains(where: { $0.x <= x && x < $0.maxX && $0.y <= y && y < $0.maxY }) {
                #expect(canvas[x, y] == template[x, y], "pixel \(x), \(y)")
            }
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
