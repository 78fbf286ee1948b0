import Testing
import Foundation
@testable import Render

/// More classes than the palette has ramps: class k takes colour k mod `Palette.classCount`
/// everywhere, and nothing traps.
@Suite struct ManyClassesTests {
    @Test func classColoursWrapAroundThePalette() {
        for k in [0, 7, 8, 9, 255, 256, 299, 999, Int.max] {
            let wrapped = k % Palette.classCount
            #expect(Palette.classColor(k) == Palette.classColor(wrapped), "class \(k)")
            #expect(Palette.classDark(k) == Palette.classDark(wrapped), "class \(k)")
            #expect(Palette.classShade(k, 5) == Palette.classShade(wrapped, 5), "class \(k)")
        }
        // Negative indices are a caller's mistake, but they must not trap either.
        for k in [-1, -8, -299, Int.min] {
            _ = Palette.classColor(k)
            _ = Palette.classDark(k)
            _ = Palette.classShade(k, 3)
        }
        #expect(Palette.classShade(2, Int.max) == Palette.classColor(2) && Palette.classShade(2, Int.min) == Palette.background)
    }

    /// A 300-class field (a CSV with 300 labels reaches it) and points of class 299.
    @Test func heatMapWithThreeHundredClassesIsDrawnInWrappedColours() throws {
        let (font, bold) = try testFonts()
        let classes = 300
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        // Left half: class 299 is sure; right half: class 8.
        var values = [Float](repeating: 0, count: 4 * 4 * classes)
        for row in 0..<4 {
            for column in 0..<4 { values[(row * 4 + column) * classes + (column < 2 ? 299 : 8)] = 1 }
        }
        let field = ValueField(columns: 4, rows: 4, domain: domain, kind: .classes(classes), values: values)
        let names = (0..<classes).map(String.init)
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 240, height: 240), domain: domain, classNames: names, font: font, bold: bold)
        let canvas = Canvas(width: 400, height: 240)
        panel.drawBackground(on: canvas)
        let points = [ScatterPoint(x: -0.5, y: 0.5, classIndex: 299), ScatterPoint(x: 0.5, y: 0.5, classIndex: 299, isTest: true, isMisclassified: true)]
        panel.drawFrame(on: canvas, field: field, points: points, title: "300 classes")
        let palette = Palette.standard
        let sureLeft = panel.pixel(-0.9, -0.9)
        let leftRGB = palette.colors[Int(canvas[Int(sureLeft.x), Int(sureLeft.y)])]
        let class299 = Palette.classColors[299 % Palette.classCount]
        // A light tint of class 299's colour (9, light cyan): closer to it than to class 0's (blue).
        func distance(_ a: RGB, _ b: RGB) -> Int { abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b)) }
        #expect(distance(leftRGB, class299) < distance(leftRGB, Palette.classColors[0]), "\(leftRGB)")
        let train = panel.pixel(-0.5, 0.5)
        #expect(canvas[Int(train.x), Int(train.y)] == Palette.classColor(299))
        #expect(canvas[Int(train.x), Int(train.y)] == Palette.classColor(9))
        #expect(inked(canvas, Rect(x: 240, y: 0, width: 160, height: 240)) == 0, "the legend of 300 names stays in the frame")
    }

    /// A 300-class confusion matrix draws inside its frame (cells shrink; names and counts go when
    /// they cannot be read), and hostile counts do not trap.
    @Test func confusionMatrixOfThreeHundredClassesIsDrawnInsideItsFrame() throws {
        let (font, bold) = try testFonts()
        let k = 300
        var counts = [Int](repeating: 0, count: k * k)
        for i in 0..<k { counts[i * k + i] = 5; counts[i * k + (i + 1) % k] = 1 }
        let canvas = Canvas(width: 400, height: 400)
        let panel = ConfusionMatrixPanel(frame: Rect(x: 0, y: 0, width: 240, height: 240), font: font, bold: bold)
        panel.draw(counts: counts, classNames: (0..<k).map(String.init), title: "300 classes", on: canvas)
        #expect(inked(canvas, Rect(x: 0, y: 40, width: 240, height: 200)) > 1000)
        #expect(inked(canvas, Rect(x: 240, y: 0, width: 160, height: 400)) == 0, "nothing right of the frame")
        #expect(inked(canvas, Rect(x: 0, y: 240, width: 400, height: 160)) == 0, "nothing below the frame")
        // Hostile counts: negative, and a row whose sum overflows Int.
        var hostile = [Int](repeating: 1, count: 9)
        hostile[0] = Int.max; hostile[1] = Int.max; hostile[4] = -7
        panel.draw(counts: hostile, classNames: ["a", "b", "c"], title: "hostile", on: canvas)
    }
}
