import Testing
@testable import Render

/// The density layer: a pixel per place that holds points, coloured by its points' classes and
/// darker where they are more, drawn over the heat map's tints but not over its boundary line.
@Suite struct DensityLayerTests {
    /// A 10 × 10 plot at (5, 5), one plane unit a pixel.
    static let plot = Rect(x: 5, y: 5, width: 10, height: 10)
    static func pixel(_ x: Double, _ y: Double) -> Point { Point(5 + x, 5 + y) }

    static func points(_ spots: [(x: Double, y: Double, classIndex: Int, count: Int)]) -> [ScatterPoint] {
        spots.flatMap { spot in (0..<spot.count).map { _ in ScatterPoint(x: spot.x, y: spot.y, classIndex: spot.classIndex) } }
    }

    @Test func eachPixelTakesItsPointsClassAndDarkensWithTheirNumber() {
        let layer = DensityLayer(points: Self.points([(1.5, 1.5, 0, 1), (3.5, 1.5, 1, 40), (6.5, 2.5, 1, 2), (30, 30, 0, 5)]),
                                 plot: Self.plot, pixel: Self.pixel)
        #expect(layer.count == 3, "the point outside the plot is left out")
        let cell = Dictionary(uniqueKeysWithValues: layer.cells.map { ("\($0.x),\($0.y)", $0.color) })
        let blue = DensityLayer.levels(0), orange = DensityLayer.levels(1)
        #expect(cell["6,6"] == blue.first, "one point: the lightest level, of its class")
        #expect(cell["8,6"] == orange.last, "the densest pixel: the darkest level")
        let middle = try? #require(cell["11,7"].flatMap { orange.firstIndex(of: $0) })
        #expect(middle.map { $0 > 0 && $0 < orange.count - 1 } == true)
        // Every level is at least as strong as the heat map's strongest tint.
        #expect(blue.allSatisfy { $0 > Palette.classShade(0, Palette.tintShades) })
    }

    @Test func aMixedPixelIsAStippleOfItsClassesInTheirProportions() {
        // 64 pixels each holding 3 points of class 0 and 1 of class 2.
        var spots: [(x: Double, y: Double, classIndex: Int, count: Int)] = []
        for i in 0..<64 {
            let x = Double(i % 8) + 0.5, y = Double(i / 8) + 0.5
            spots += [(x, y, 0, 3), (x, y, 2, 1)]
        }
        let layer = DensityLayer(points: Self.points(spots), plot: Self.plot, pixel: Self.pixel)
        let classOf = layer.cells.map { cell in DensityLayer.levels(0).contains(cell.color) ? 0 : DensityLayer.levels(2).contains(cell.color) ? 2 : -1 }
        #expect(!classOf.contains(-1))
        let green = classOf.filter { $0 == 2 }.count
        #expect(green >= 8 && green <= 26, "\(green) of 64 pixels of the class that is a quarter of each")
        // The stipple is fixed: the same points give the same pixels.
        #expect(DensityLayer(points: Self.points(spots), plot: Self.plot, pixel: Self.pixel).cells == layer.cells)
    }

    @Test func itCoversTheHeatMapsTintsButNotItsBoundaryLine() {
        let canvas = Canvas(width: 20, height: 20)
        canvas.fill(Rect(x: 0, y: 0, width: 20, height: 20), Palette.classShade(1, 12))
        canvas[6, 6] = Palette.grey(0.8)
        canvas[7, 6] = Palette.background
        let layer = DensityLayer(points: Self.points([(1.5, 1.5, 0, 1), (2.5, 1.5, 0, 1), (3.5, 1.5, 0, 1)]), plot: Self.plot, pixel: Self.pixel)
        layer.draw(on: canvas)
        #expect(canvas[6, 6] == Palette.grey(0.8), "the boundary's line stays")
        #expect(canvas[7, 6] == DensityLayer.levels(0).last && canvas[8, 6] == DensityLayer.levels(0).last)
        #expect(canvas[9, 6] == Palette.classShade(1, 12))
    }
}
