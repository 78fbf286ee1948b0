import Testing
import Foundation
import LinearAlgebra
@testable import Render

/// The hidden space's frame is drawn by C kernels (session 14): kept segments of its bent lines
/// blended polyline by polyline (`flipbook_stroke_kept_segments`), its marks stamped in one
/// call (`flipbook_stamp_marks`), and its points snapped without libm. Each must give the very
/// pixels of the Swift definition it replaces.
@Suite struct HiddenSpaceKernelTests {
    /// Polylines through whole pixels, with vertices between pixels, NaN, infinite and huge
    /// vertices and jumps longer than the kept segments among them, across the clip and the
    /// canvas's edges: `strokeSegments(keptLevels: true)` leaves the pixels of each segment
    /// worked out in place by `Canvas.forEachLevel` (the definition), one after another.
    /// Run with the C kernels' vector variants and with their plain loops.
    @Test(arguments: [true, false]) func keptPolylinesAreTheirSegmentsWorkedOutInOrder(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var numbers = PointLayerTests.Numbers(state: 2026)
            let (width, height) = (120, 90)
            let kept = PointLayerTests.background(width: width, height: height, seed: 9)
            let direct = PointLayerTests.background(width: width, height: height, seed: 9)
            var segments = 0, keptSegments = 0
            for k in 0..<160 {
                var points: [Point] = []
                var current = Point(Double(Int(numbers.next() % 140) - 10), Double(Int(numbers.next() % 110) - 10))
                for n in 0..<(2 + Int(numbers.next() % 30)) {
                    points.append(current)
                    let step = numbers.next() % 40
                    let jump = step == 0 ? 40.0 : 1.0      // now and then beyond the longest kept run
                    current = Point(current.x + jump * Double(Int(numbers.next() % 25) - 12), current.y + Double(Int(numbers.next() % 25) - 12))
                    switch (k + n) % 53 {
                    case 7: current.x += 0.37                                   // between pixels
                    case 19: current = Point(.nan, current.y)
                    case 31: current = Point(current.x, 3e6)                     // clamped to the limit
                    case 43: current = Point(-.infinity, 12)
                    default: break
                    }
                    if current.x.isNaN || current.y.isInfinite || current.x.isInfinite || abs(current.y) > 1e6, n % 2 == 0 {
                        points.append(current)
                        current = Point(Double(Int(numbers.next() % 140) - 10), Double(Int(numbers.next() % 110) - 10))
                    }
                }
                let (thickness, opacity) = [(1.0, 0.75), (2.2, 1.0), (1.0, 0.3), (1.3, 0.75)][k % 4]
                let clip = k % 3 == 0 ? Rect(x: 9, y: 6, width: 95, height: 70) : nil
                let color = Palette.classColor(k % 5)
                kept.strokeSegments(points, thickness: thickness, color: color, opacity: opacity, clip: clip, keptLevels: true)
                let table = BlendTable.shared.levels(toward: color, in: direct.palette)
                let area = (clip ?? direct.bounds).intersection(direct.bounds)
                let style = SegmentStamps.shared.style(thickness: thickness, opacity: opacity)
                for (a, b) in zip(points, points.dropFirst()) {
                    guard let a = a.clampedToDrawable, let b = b.clampedToDrawable else { continue }
                    segments += 1
                    if style?.levels(from: a, to: b) != nil { keptSegments += 1 }
                    Canvas.forEachLevel(from: a, to: b, thickness: thickness, opacity: opacity, area: area) { x, y, level in
                        direct[x, y] = table[level << 8 | Int(direct[x, y])]
                    }
                }
            }
            #expect(keptSegments > segments / 2 && keptSegments < segments, "kept and worked-out segments: \(keptSegments) of \(segments)")
            let differences = PointLayerTests.differences(direct, kept)
            #expect(differences.isEmpty, "\(differences.count) pixels differ, first \(differences.prefix(5))")
        }
    }

    /// The panel's libm-free rounding is `rounded()` to the bit: ties both ways, their
    /// neighbours, signed zeros, values near 2⁵², huge, infinite and NaN values, and noise.
    @Test func snappingRoundsAsLibmDoes() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 0.49999999999999994, -0.49999999999999994, 1.5, -1.5, 2.5, -2.5,
                                0x1p52, -0x1p52, 0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p52 + 1, 0x1p53 + 2, 1e300, -1e300,
                                .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300]
        for k in -600...600 {
            let tie = Double(k) + 0.5
            values += [tie, tie.nextUp, tie.nextDown, Double(k), Double(k).nextUp, Double(k).nextDown]
        }
        var numbers = PointLayerTests.Numbers(state: 3)
        for _ in 0..<20_000 { values.append((numbers.unit() - 0.5) * pow(2, Double(numbers.next() % 60))) }
        for value in values {
            let fast = HiddenSpacePanel.roundedHalfAway(value), libm = value.rounded()
            #expect(fast.bitPattern == libm.bitPattern || (fast.isNaN && libm.isNaN), "\(value): \(fast) against \(libm)")
        }
    }

    /// A note copied from the panel's memo (`drawNote`) is the note drawn (`drawCaption`): the
    /// first time, again over the same pixels, over other pixels in its rows, in other caption
    /// rows, empty, and on a shorter canvas.
    @Test func aRememberedNoteIsTheNoteDrawn() throws {
        let (font, bold) = try testFonts()
        let size = 320, height = size + HiddenSpacePanel.captionHeight(size: size)
        let panel = HiddenSpacePanel(frame: Rect(x: 0, y: 0, width: size, height: height), domain: PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1),
                                     classNames: ["a", "b"], axisNames: ("h₁", "h₂"), font: font, bold: bold)
        let count = "12 of 800 training points at the origin (every unit zero)", none = "0 of 800 training points at the origin (every unit zero)"
        let tall = "ÅÉÇ Wg|ý 123 — a note long enough to be cut short with an ellipsis somewhere before its very end, surely"
        // (note, caption row, a blotch in the note's top row, canvas height)
        let cases: [(String, Int, Bool, Int)] = [(count, 1, false, height), (none, 1, false, height), (tall, 1, false, height),
                                                 (count, 1, false, height), (tall, 1, true, height), (tall, 1, false, height),
                                                 ("", 1, false, height), (none, 2, false, height), (none, 2, false, height - 6),
                                                 (tall, 3, false, height), (tall, 3, true, height)]
        for (k, (note, row, blotch, canvasHeight)) in cases.enumerated() {
            let rows = panel.noteRows(note, row: row)
            func canvas() -> Canvas {
                let canvas = Canvas(width: size, height: canvasHeight)
                panel.drawBackground(on: canvas, caption: ["hidden 2 · relu · 16 units"])
                if blotch {
                    // In the note's rows: the memo's pixels from before are not these (at these
                    // sizes the glyphs stay in the strip drawCaption fills, so the note is drawn over them).
                    for x in 0..<size { canvas[x, rows.upperBound - 2] = Palette.classColor(x / 7) }
                }
                return canvas
            }
            let remembered = canvas(), drawn = canvas()
            panel.drawNote(note, row: row, on: remembered)
            panel.drawCaption(note, row: row, on: drawn)
            let differences = PointLayerTests.differences(drawn, remembered)
            #expect(differences.isEmpty, "case \(k) (\(note.prefix(12))…) row \(row): \(differences.count) pixels differ, first \(differences.prefix(3))")
        }
    }
}
