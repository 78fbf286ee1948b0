import Testing
import Foundation
@testable import Render

@Suite struct NetworkDiagramTests {
    /// Two columns of one unit each, joined by one connection of `weight` on a scale of 1.
    static func drawOneEdge(weight: Float) throws -> (Canvas, NetworkDiagram) {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let columns = [NetworkDiagram.Column(title: "a", subtitle: "", unitCount: 1),
                       NetworkDiagram.Column(title: "b", subtitle: "", unitCount: 1)]
        let width = NetworkDiagram.width(for: columns, panelSize: 480, height: 600, font: font, bold: bold)
        let diagram = NetworkDiagram(frame: Rect(x: 0, y: 0, width: width, height: 600), panelSize: 480, columns: columns,
                                     gridColumns: 2, gridRows: 2, font: font, bold: bold)
        let canvas = Canvas(width: width, height: 600)
        diagram.drawBackground(on: canvas)
        let unit = NetworkDiagram.Unit(values: [0, 0, 0, 0], scale: .diverging(center: 0, limit: 1))
        diagram.drawFrame(on: canvas, title: "one edge", units: [[unit], [unit]],
                          connections: [.init(edges: [.init(from: 0, to: 0, weight: weight)], limit: 1)])
        return (canvas, diagram)
    }

    /// The pixel halfway along the connection between the two units.
    static func midpoint(_ diagram: NetworkDiagram) -> (x: Int, y: Int) {
        let a = diagram.unitRects[0][0], b = diagram.unitRects[1][0]
        return ((a.maxX + b.x) / 2, a.y + a.height / 2)
    }

    @Test func aPositiveWeightIsOrangeAndANegativeOneBlue() throws {
        let (positive, diagram) = try Self.drawOneEdge(weight: 1)
        let middle = Self.midpoint(diagram)
        #expect(positive[middle.x, middle.y] == Palette.classColor(1))
        let (negative, _) = try Self.drawOneEdge(weight: -2.5)
        #expect(negative[middle.x, middle.y] == Palette.classColor(0))
    }

    @Test func aWeakEdgeIsFaintAndThin() throws {
        let (weak, diagram) = try Self.drawOneEdge(weight: 0.05)
        let middle = Self.midpoint(diagram)
        let color = weak.palette.colors[Int(weak[middle.x, middle.y])]
        #expect(color.r > 235 && color.g > 235 && color.b > 235, "\(color) should be near white")
        #expect(weak[middle.x, middle.y + 3] == Palette.background, "a weak edge is about a pixel wide")
        let strong = NetworkDiagram.edgeStyle(weight: 1, limit: 1, scale: 1), faint = NetworkDiagram.edgeStyle(weight: 0.05, limit: 1, scale: 1)
        #expect(strong.thickness > 4 * faint.thickness && strong.opacity > 10 * faint.opacity)
    }

    @Test func wideLayersWrapSoThatNoMapIsUnder40PixelsAt480() throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        for units in [1, 8, 16, 32] {
            let columns = [NetworkDiagram.Column(title: "inputs", subtitle: "", unitCount: 2),
                           NetworkDiagram.Column(title: "hidden 1", subtitle: "", unitCount: units),
                           NetworkDiagram.Column(title: "output", subtitle: "", unitCount: 1)]
            let width = NetworkDiagram.width(for: columns, panelSize: 480, height: 960, font: font, bold: bold)
            let diagram = NetworkDiagram(frame: Rect(x: 0, y: 0, width: width, height: 960), panelSize: 480, columns: columns,
                                         gridColumns: 2, gridRows: 2, font: font, bold: bold)
            #expect(diagram.unitSide >= 40, "\(units) units: maps of \(diagram.unitSide) px")
            let rects = diagram.unitRects.flatMap { $0 }
            #expect(rects.allSatisfy { $0.maxX <= width && $0.maxY <= 960 && $0.y >= 0 }, "\(units) units fit the frame")
            for (i, a) in rects.enumerated() {
                for b in rects[(i + 1)...] { #expect(a.intersection(b).isEmpty, "\(units) units: maps overlap") }
            }
        }
    }

    /// Input units drawn once on the template (`drawInputs`) and copied into each frame
    /// (`keptInputs`) give the frame drawn in full, pixel for pixel: the copies hold the maps and
    /// their outlines over the ends of the thick connections that start under them.
    @Test func inputsKeptOnTheTemplateGiveTheFrameDrawnInFull() throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let columns = [NetworkDiagram.Column(title: "inputs", subtitle: "", unitCount: 2, unitLabels: ["x₁", "x₂"]),
                       NetworkDiagram.Column(title: "hidden", subtitle: "", unitCount: 5),
                       NetworkDiagram.Column(title: "output", subtitle: "", unitCount: 1)]
        let width = NetworkDiagram.width(for: columns, panelSize: 480, height: 700, font: font, bold: bold)
        let diagram = NetworkDiagram(frame: Rect(x: 0, y: 0, width: width, height: 700), panelSize: 480, columns: columns,
                                     gridColumns: 6, gridRows: 6, font: font, bold: bold)
        var state: UInt64 = 9
        func values() -> [Float] {
            (0..<36).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int(state >> 40) - (1 << 23)) / Float(1 << 23)
            }
        }
        let inputs = (0..<2).map { _ in NetworkDiagram.Unit(values: values(), scale: .diverging(center: 0, limit: 1)) }
        let units = [inputs, (0..<5).map { _ in NetworkDiagram.Unit(values: values(), scale: .diverging(center: 0, limit: 1), bias: 0.3) },
                     [NetworkDiagram.Unit(values: values(), scale: .diverging(center: 0.5, limit: 0.5), bias: -0.2)]]
        let connections = [NetworkDiagram.Connections(edges: (0..<10).map { .init(from: $0 % 2, to: $0 / 2, weight: Float($0 % 3) - 1.2) }, limit: 1),
                           NetworkDiagram.Connections(edges: (0..<5).map { .init(from: $0, to: 0, weight: Float($0) - 2.5) }, limit: 1)]
        let plain = Canvas(width: width, height: 700), template = Canvas(width: width, height: 700)
        diagram.drawBackground(on: plain)
        diagram.drawBackground(on: template)
        diagram.drawInputs(inputs, on: template)
        diagram.drawFrame(on: plain, title: "full", units: units, connections: connections)
        let kept = Canvas(template: template, except: diagram.paintedEachFrame)
        diagram.drawFrame(on: kept, title: "full", units: units, connections: connections, keptInputs: template)
        var differing = 0
        for y in 0..<700 { for x in 0..<width where plain[x, y] != kept[x, y] { differing += 1 } }
        #expect(differing == 0, "\(differing) pixels differ")
        let input = diagram.unitRects[0][0]
        #expect(Set((input.x..<input.maxX).map { kept[$0, input.y + input.height / 2] }).count > 3, "the input maps were drawn")
    }

    @Test func aUnitMapPaintsItsValuesWhereTheyAre() throws {
        // Values 0 on the left grid column, 1 on the right: the left half white, the right half orange.
        let canvas = Canvas(width: 40, height: 40)
        UnitMap.draw([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], columns: 4, rows: 3, scale: .diverging(center: 0, limit: 1), on: canvas,
                     in: Rect(x: 0, y: 0, width: 40, height: 40))
        let strongOrange = Set((20...Palette.shadesPerClass).map { Palette.classShade(1, $0) })
        for y in 0..<40 {
            #expect(canvas[5, y] == Palette.background)
            #expect(strongOrange.contains(canvas[39, y]))
        }
        // NaN paints the background; a grid of the wrong size leaves the square blank.
        UnitMap.draw([Float](repeating: .nan, count: 4), columns: 2, rows: 2, scale: .ramp(classIndex: 2, limit: 1), on: canvas,
                     in: Rect(x: 0, y: 0, width: 40, height: 40))
        #expect(canvas[39, 20] == Palette.background)
    }

    @Test func aSegmentCoversItsLineAndNothingFarFromIt() {
        let canvas = Canvas(width: 100, height: 100)
        canvas.strokeSegment(from: Point(10, 10), to: Point(90, 60), thickness: 3, color: Palette.classColor(2))
        for x in stride(from: 12, through: 88, by: 4) {
            let y = 10 + (Double(x) + 0.5 - 10) * 50 / 80
            #expect(canvas[x, Int(y)] == Palette.classColor(2), "on the line at x = \(x)")
            #expect(canvas[x, Int(y) + 5] == Palette.background, "5 px off the line at x = \(x)")
        }
        canvas.strokeSegment(from: Point(.nan, 1), to: Point(50, 50), thickness: 3, color: Palette.red)
        canvas.strokeSegment(from: Point(-1e300, 1e300), to: Point(50, 50), thickness: 3, color: Palette.red, clip: Rect(x: 0, y: 0, width: 10, height: 10))
    }
}
