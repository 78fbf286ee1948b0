import Testing
import Foundation
@testable import Render

@Suite struct PaletteTests {
    @Test func everyEntryIsUniqueAndRampsDarkenTowardsTheClassColour() {
        let palette = Palette.standard
        #expect(palette.colors.count == 256)
        #expect(Set(palette.colors).count == 256)
        #expect(palette.colors[Int(Palette.background)] == RGB(255, 255, 255))
        for k in 0..<Palette.classCount {
            #expect(palette.colors[Int(Palette.classColor(k))] == Palette.classColors[k])
            let distances = (1...Palette.shadesPerClass).map { shade -> Int in
                let c = palette.colors[Int(Palette.classShade(k, shade))]
                return (255 - Int(c.r)) + (255 - Int(c.g)) + (255 - Int(c.b))
            }
            #expect(distances == distances.sorted() && Set(distances).count == distances.count)
        }
        #expect(Palette.classShade(3, 0) == Palette.background)
    }

    @Test func nearestNeverPicksTheTransparencyKey() {
        let palette = Palette.standard
        #expect(palette.nearest(RGB(254, 0, 254)) != Palette.transparent)
        #expect(palette.nearest(RGB(255, 255, 255)) == Palette.background)
        #expect(palette.nearest(Palette.classColors[1]) == Palette.classColor(1))
        #expect(palette.blend(Palette.background, toward: RGB(0, 0, 0), alpha: 1) == palette.nearest(RGB(0, 0, 0)))
        #expect(Palette.grey(0) != Palette.grey(1))
    }
}

@Suite struct DrawingTests {
    @Test func antiAliasedDiscHasASolidCoreAndBlendedEdge() {
        let canvas = Canvas(width: 20, height: 20)
        canvas.fillDisc(center: Point(10.5, 10.5), radius: 5, color: Palette.classColor(0))
        #expect(canvas[10, 10] == Palette.classColor(0))
        #expect(canvas[13, 10] == Palette.classColor(0))
        #expect(canvas[0, 0] == Palette.background)
        #expect(canvas[17, 10] == Palette.background)
        let edge = canvas[15, 10]     // pixel centre at distance 5: half covered
        #expect(edge != Palette.background && edge != Palette.classColor(0))
    }

    @Test func ticksAreRoundAndLabelsShort() {
        #expect(Axes.ticks(from: 0, to: 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Axes.ticks(from: -1.5, to: 1.5) == [-1.5, -1, -0.5, 0, 0.5, 1, 1.5])
        #expect(Axes.logTicks(from: 0.02, to: 0.8) == [0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5])
        #expect(Axes.label(0.5) == "0.5" && Axes.label(-1) == "−1" && Axes.label(200) == "200" && Axes.label(0) == "0")
    }

    @Test func dashesAlternateOnAndOff() {
        let dashes = LineChart.dashes([Point(0, 0), Point(100, 0)], on: 10, off: 5)
        #expect(dashes.count == 7)
        #expect(dashes[0].first == Point(0, 0) && dashes[0].last == Point(10, 0))
        #expect(dashes[1].first == Point(15, 0))
    }

    @Test func missingFontIsAClearError() {
        do {
            _ = try Font.locate("NoSuchFont.ttf")
            Issue.record("a missing font was found")
        } catch {
            #expect("\(error)".hasPrefix("cannot find the font NoSuchFont.ttf; looked in "))
        }
        #expect(throws: FontError.self) { try Font(path: "/nonexistent/font.ttf") }
    }
}

/// A decision-boundary panel over a field that says class 1 right of x = 0 and class 0 left of it.
@Suite struct BoundaryPanelTests {
    @Test func heatMapPointsAndBoundaryLandWhereTheyShould() throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        let grid = ValueField.gridPoints(columns: 32, rows: 32, domain: domain)
        let field = ValueField(columns: 32, rows: 32, domain: domain, kind: .binary,
                               values: grid.map { Float(1 / (1 + exp(-12 * $0.x))) })
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 240, height: 240), domain: domain,
                                  classNames: ["left", "right"], font: font, bold: bold)
        let canvas = Canvas(width: 240, height: 240)
        panel.drawBackground(on: canvas)
        let points = [ScatterPoint(x: -0.5, y: 0.5, classIndex: 0), ScatterPoint(x: 0.5, y: -0.5, classIndex: 1, isTest: true, isMisclassified: true)]
        panel.drawFrame(on: canvas, field: field, points: points, title: "Epoch 1")

        let leftFar = panel.pixel(-0.9, -0.9), rightFar = panel.pixel(0.9, 0.9)
        let leftColor = canvas[Int(leftFar.x), Int(leftFar.y)], rightColor = canvas[Int(rightFar.x), Int(rightFar.y)]
        let palette = Palette.standard
        let left = palette.colors[Int(leftColor)], right = palette.colors[Int(rightColor)]
        #expect(left.b > left.r, "class 0 side is blue-tinted: \(left)")
        #expect(right.r > right.b, "class 1 side is orange-tinted: \(right)")
        let trainCenter = panel.pixel(-0.5, 0.5)
        #expect(canvas[Int(trainCenter.x), Int(trainCenter.y)] == Palette.classColor(0))
        let testCenter = panel.pixel(0.5, -0.5)
        // Test points are hollow markers (class 1's a square): white, or nearly, in the middle.
        let hollow = palette.colors[Int(canvas[Int(testCenter.x), Int(testCenter.y)])]
        #expect(Int(hollow.r) + Int(hollow.g) + Int(hollow.b) > 600, "test points are hollow: \(hollow)")
        // The boundary line at x = 0 is darker than the white just beside it.
        let onBoundary = panel.pixel(0, 0.3)
        let line = palette.colors[Int(canvas[Int(onBoundary.x), Int(onBoundary.y)])]
        #expect(Int(line.r) + Int(line.g) + Int(line.b) < 600, "boundary pixel \(line)")
        // The title is drawn: some dark pixels in the title band.
        let titleBand = (0..<20).flatMap { y in (0..<240).map { canvas[$0, y] } }
        #expect(titleBand.contains { palette.colors[Int($0)].r < 80 })
    }
}

@Suite struct LayoutTests {
    @Test func gridsPlacePanelsRowByRow() {
        #expect(Layout.grid(count: 3, columns: 2, panel: 100) == [Rect(x: 0, y: 0, width: 100, height: 100),
                                                                  Rect(x: 100, y: 0, width: 100, height: 100),
                                                                  Rect(x: 0, y: 100, width: 100, height: 100)])
        #expect(Layout.canvasSize(count: 3, columns: 2, panel: 100) == (200, 200))
        let a = Canvas(width: 10, height: 10), b = Canvas(width: 10, height: 10)
        a.fill(a.bounds, Palette.classColor(0))
        b.fill(b.bounds, Palette.classColor(1))
        let both = Canvas(width: 20, height: 10)
        Layout.compose([a, b], columns: 2, into: both)
        #expect(both[3, 3] == Palette.classColor(0) && both[13, 3] == Palette.classColor(1))
    }
}
