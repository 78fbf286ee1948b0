import Testing
import Foundation
@testable import Render

/// The hidden-space panel stamps its marks (`MarkStamp`): drawn once about a whole pixel, then
/// copied and blended at each point. What that could break is the pixels, which must be those
/// drawing the marks there gives — at the canvas's edges too, where a stamp is clipped.
@Suite struct MarkStampTests {
    typealias Numbers = PointLayerTests.Numbers

    /// Every kind of mark a panel stamps, and a disc with a second rim, about `center`.
    static func draw<Writer: PixelWriter>(kind: Int, shape: MarkerShape, radius: Double, color: UInt8, on canvas: Canvas, at center: Point,
                                          into writer: inout Writer) {
        switch kind {
        case 0: canvas.fillMarker(shape, center: center, radius: radius, color: color, outline: Palette.background, outlineWidth: 1.1,
                                  into: &writer)
        case 1:
            canvas.fillMarker(shape, center: center, radius: radius + 1.1, color: Palette.background, outline: Palette.background,
                              outlineWidth: 0, into: &writer)
            canvas.strokeMarker(shape, center: center, radius: radius, thickness: 1.9, color: color, into: &writer)
        case 2: canvas.strokeCircle(center: center, radius: radius + 3.2, thickness: 1.7, color: Palette.mistake, into: &writer)
        default: canvas.fillDisc(center: center, radius: radius, color: color, outline: Palette.grey(0.3), outlineWidth: 0.8, into: &writer)
        }
    }

    @Test(arguments: [3.7, 2.1, 7.4])
    func aStampGivesThePixelsDrawingGivesAtEveryWholePixelAndEdge(radius: Double) {
        let (width, height) = (40, 30)
        // Centres inside, on and beyond every edge and corner, and far away.
        let places = [(20, 15), (0, 0), (width, height), (0, height), (width, 0), (-3, 12), (width + 2, 7), (11, -4), (17, height + 3),
                      (1, 1), (width - 1, height - 1), (2, height - 2), (width - 3, 1), (-50, 10), (10, 1000)]
        for kind in 0..<4 {
            for (k, shape) in MarkerShape.allCases.enumerated() {
                let color = Palette.classColor(k)
                let stamp = MarkStamp.of(palette: .standard, reach: 1.5 * radius + 6) { canvas, center, writer in
                    Self.draw(kind: kind, shape: shape, radius: radius, color: color, on: canvas, at: center, into: &writer)
                }
                for (n, (x, y)) in places.enumerated() {
                    let seed = UInt64(1 + kind * 1000 + k * 50 + n)
                    let drawn = PointLayerTests.background(width: width, height: height, seed: seed)
                    var writer = CanvasWriter(canvas: drawn)
                    Self.draw(kind: kind, shape: shape, radius: radius, color: color, on: drawn, at: Point(Double(x), Double(y)), into: &writer)
                    let stamped = PointLayerTests.background(width: width, height: height, seed: seed)
                    stamp.stamp(on: stamped, x: x, y: y)
                    let differences = PointLayerTests.differences(drawn, stamped)
                    #expect(differences.isEmpty, "kind \(kind), \(shape) at (\(x), \(y)): \(differences.count) pixels differ, first \(differences.prefix(3))")
                }
            }
        }
    }

    /// The hidden-space panel's points (its stamps) against the same points drawn one by one as
    /// a boundary panel draws them: training points, test points over them, rings over both.
    @Test(arguments: [(480, 2), (200, 10), (700, 3)])
    func theHiddenSpacePanelsStampedPointsAreThePointsDrawnOneByOne(size: Int, classes: Int) throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        let height = size + HiddenSpacePanel.captionHeight(size: size)
        let panel = HiddenSpacePanel(frame: Rect(x: 0, y: 0, width: size, height: height), domain: domain, classNames: (0..<classes).map { "c\($0)" },
                                     axisNames: ("h₁", "h₂"), font: font, bold: bold)
        var numbers = Numbers(state: UInt64(size * 31 + classes))
        // Points over the plot and beyond it (those off the plot are not drawn), a class without
        // a stamp, and a point at no place.
        var points = (0..<600).map { k in
            ScatterPoint(x: 2.3 * numbers.unit() - 1.15, y: 2.3 * numbers.unit() - 1.15, classIndex: k % (classes + 1), isTest: k % 4 == 0,
                         isMisclassified: numbers.unit() < 0.3)
        }
        points += [ScatterPoint(x: .nan, y: 0, classIndex: 0), ScatterPoint(x: -1, y: 1, classIndex: 1, isMisclassified: true),
                   ScatterPoint(x: 1, y: -1, classIndex: 0, isTest: true, isMisclassified: true)]
        let stamped = PointLayerTests.background(width: size, height: height, seed: 7)
        panel.drawPoints(points, on: stamped)
        let drawn = PointLayerTests.background(width: size, height: height, seed: 7)
        let plot = panel.boundary.plot, radius = 3.7 * panel.boundary.metrics.scale
        let inside = points.map { panel.snapped($0.x, $0.y) }.enumerated().filter { _, p in
            p.x >= Double(plot.x) && p.x <= Double(plot.maxX) && p.y >= Double(plot.y) && p.y <= Double(plot.maxY)
        }
        for (i, p) in inside where !points[i].isTest { panel.boundary.drawTrainPoint(on: drawn, at: p, classIndex: points[i].classIndex, radius: radius) }
        for (i, p) in inside where points[i].isTest { panel.boundary.drawTestPoint(on: drawn, at: p, classIndex: points[i].classIndex, radius: radius) }
        for (i, p) in inside where points[i].isMisclassified { panel.boundary.drawMistake(on: drawn, at: p, radius: radius) }
        let differences = PointLayerTests.differences(drawn, stamped)
        #expect(differences.isEmpty, "\(differences.count) pixels differ, first \(differences.prefix(5))")
        #expect(inside.count > 300 && inside.count < points.count, "points on and off the plot: \(inside.count)")
    }
}

/// A frame started from its template (`Canvas(copying:)`) is the canvas made and copied the long
/// way: the same pixels and the same libgd palette (what libgd's own writers read).
@Suite struct CanvasCopyTests {
    /// libgd's palette of `canvas`: its size and each colour's components, alpha and whether it is free.
    static func gdPalette(_ canvas: Canvas) -> [Int32] {
        var values = [canvas.image.pointee.colorsTotal]
        for var table in [canvas.image.pointee.red, canvas.image.pointee.green, canvas.image.pointee.blue, canvas.image.pointee.alpha,
                          canvas.image.pointee.open] {
            withUnsafeBytes(of: &table) { values += $0.bindMemory(to: Int32.self) }
        }
        return values
    }

    @Test func aCopiedCanvasIsTheCanvasMadeThenCopied() {
        let template = PointLayerTests.background(width: 37, height: 23, seed: 5)
        let made = Canvas(width: 37, height: 23)
        made.copyPixels(from: template)
        let copied = Canvas(copying: template)
        #expect(copied.width == 37 && copied.height == 23)
        #expect(PointLayerTests.differences(made, copied).isEmpty)
        #expect(Self.gdPalette(made) == Self.gdPalette(copied))
        #expect(made.libgdPNGData() == copied.libgdPNGData())
        // The copy is its own: drawing on it leaves the template alone.
        copied[3, 4] = Palette.mistake
        #expect(template[3, 4] != Palette.mistake || made[3, 4] == Palette.mistake)
        #expect(made[3, 4] == template[3, 4])
    }
}

/// Text measured and drawn through a style's glyph table is text drawn glyph by glyph: the same
/// widths, and the same pixels, for ASCII and other characters, at sizes made one after another.
@Suite struct GlyphTableTests {
    @Test func aStylesTableGivesEachCharactersOwnGlyph() throws {
        let (font, bold) = try testFonts()
        #expect(GlyphCache.shared.glyph("W", style: TextStyle(font: font, pixelSize: 14)).coverage
                != GlyphCache.shared.glyph("W", style: TextStyle(font: bold, pixelSize: 14)).coverage, "a table per font")
        for size in [11.0, 13.5, 13.5 * 0.95, 21] {
            let style = TextStyle(font: font, pixelSize: size)
            let text = "Epoch 240 · loss 0.048 · 99.0 % — PC₁ h₂ …"
            let table = GlyphCache.shared.table(for: style)
            #expect(table === GlyphCache.shared.table(for: TextStyle(font: font, pixelSize: size)), "one table per font and size")
            for character in text {
                // The character rendered alone, in a cache of its own.
                let glyph = table.glyph(character), alone = GlyphCache().glyph(character, style: style)
                #expect(glyph.coverage == alone.coverage && glyph.advance == alone.advance && glyph.left == alone.left && glyph.top == alone.top,
                        "\(character) at \(size)")
            }
            let sum = text.reduce(0.0) { $0 + table.glyph($1).advance }
            #expect(style.width(of: text) == Int(sum.rounded(.toNearestOrAwayFromZero)))
            // A glyph of another size is not this size's.
            #expect(table.glyph("W").width != GlyphCache.shared.table(for: TextStyle(font: font, pixelSize: size * 2)).glyph("W").width)
        }
    }
}

/// Short segments between whole pixels are blended from levels kept by their run and rise
/// (`SegmentStamps`); the levels must be those the segment worked out in place gives, wherever
/// it lies, cut by the clip and the canvas's edges as it would be.
@Suite struct SegmentStampTests {
    @Test func aKeptSegmentGivesThePixelsWorkedOutInPlace() {
        var numbers = PointLayerTests.Numbers(state: 77)
        let (width, height) = (90, 70)
        let stamped = PointLayerTests.background(width: width, height: height, seed: 3)
        let direct = PointLayerTests.background(width: width, height: height, seed: 3)
        let painted = PointLayerTests.background(width: width, height: height, seed: 3)
        var used = 0
        for k in 0..<600 {
            // The same few runs and rises again and again, at places inside, across and beyond the edges.
            let a = Point(Double(Int(numbers.next() % 110) - 10), Double(Int(numbers.next() % 90) - 10))
            // Runs and rises up to the longest kept and beyond it (those are worked out in place).
            let d = Point(Double(Int(numbers.next() % 13) - 6) * (k % 4 == 0 ? 6 : 1), Double(Int(numbers.next() % 13) - 6))
            let b = Point(a.x + d.x, a.y + d.y)
            // Thicknesses and opacities, two of them one thickness at two opacities.
            let (thickness, opacity) = [(1.0, 0.75), (2.2, 1.0), (1.0, 0.3), (0.6, 0.4)][k % 4]
            let clip = k % 5 == 0 ? Rect(x: 7, y: 5, width: 60, height: 50) : nil
            let color = Palette.classColor(k % 4)
            if SegmentStamps.shared.style(thickness: thickness, opacity: opacity)?.levels(from: a, to: b) != nil { used += 1 }
            stamped.strokeSegments([a, b], thickness: thickness, color: color, opacity: opacity, clip: clip, keptLevels: true)
            painted.strokeSegments([a, b], thickness: thickness, color: color, opacity: opacity, clip: clip)
            let table = BlendTable.shared.levels(toward: color, in: direct.palette)
            Canvas.forEachLevel(from: a, to: b, thickness: thickness, opacity: opacity, area: (clip ?? direct.bounds).intersection(direct.bounds)) { x, y, level in
                direct[x, y] = table[level << 8 | Int(direct[x, y])]
            }
        }
        #expect(used > 450 && used < 600, "segments between whole pixels are kept: \(used)")
        let differences = PointLayerTests.differences(direct, stamped)
        #expect(differences.isEmpty, "\(differences.count) pixels differ, first \(differences.prefix(5))")
        // The C kernel that paints segments in the canvas's own coordinates gives the same pixels.
        let paintedDifferences = PointLayerTests.differences(direct, painted)
        #expect(paintedDifferences.isEmpty, "painted: \(paintedDifferences.count) pixels differ, first \(paintedDifferences.prefix(5))")
    }

    /// Moving a segment by whole pixels moves its levels and changes none of them.
    @Test func levelsWorkedOutInPlaceMoveWithTheSegment() {
        for (d, thickness, opacity) in [(Point(13, 5), 1.0, 0.75), (Point(-7, 29), 2.2, 1.0), (Point(3, -3), 0.6, 0.4), (Point(40, 1), 1.0, 0.75)] {
            func levels(at a: Point) -> [String] {
                var found: [String] = []
                Canvas.forEachLevel(from: a, to: Point(a.x + d.x, a.y + d.y), thickness: thickness, opacity: opacity,
                                    area: Rect(x: -2000, y: -2000, width: 4000, height: 4000)) { x, y, level in
                    found.append("\(x - Int(a.x)),\(y - Int(a.y)):\(level)")
                }
                return found
            }
            let home = levels(at: Point(0, 0))
            #expect(!home.isEmpty)
            for place in [Point(1, 1), Point(317, 211), Point(-45, 999), Point(1023, 7)] {
                #expect(levels(at: place) == home, "\(d) at \(place)")
            }
        }
    }
}
