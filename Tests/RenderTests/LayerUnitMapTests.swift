import Testing
import Foundation
import LinearAlgebra
@testable import Render

/// A layer's unit maps painted together from its row-major activations (`UnitMap.paintLayer`,
/// CKernels' `flipbook_layer_unit_maps_f32`) against each unit's map drawn alone from its own
/// values (`UnitMap.draw`, itself held to the plain loop by FastPathTests), and the network
/// diagram's frame with such maps and its unit area filled around the units' squares against
/// the same frame drawn from each unit's values over a unit area filled whole.
@Suite struct LayerUnitMapTests {
    /// A fixed sequence of numbers in about ±2, with a few NaNs, infinities, ±0 and values far
    /// past any limit.
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = Float(Int(state >> 40) - (1 << 23)) / Float(1 << 22)
            switch i % 97 {
            case 5: return .nan
            case 11: return .infinity
            case 23: return -.infinity
            case 31: return -0.0
            case 41: return 0
            case 53: return 1e30
            default: return v
            }
        }
    }

    /// Every map of `paintLayer` equals the unit's own map pixel for pixel: eight consecutive
    /// units (AVX2 eight at a time), scattered ones and a short run (one at a time), grids wider
    /// than high, maps not square, up- and down-sampled; with the vector kernels and without.
    @Test(arguments: [true, false]) func paintedMapsEqualEachUnitDrawnAlone(vectorKernels: Bool) throws {
        try VectorKernels.with(allowed: vectorKernels) {
            let stride = 21
            let cases: [(columns: Int, rows: Int, width: Int, height: Int)] = [(96, 96, 44, 44), (7, 5, 37, 29), (2, 2, 9, 16), (30, 41, 64, 8)]
            let scales: [UnitScale] = [.diverging(center: 0, limit: 1.3), .diverging(center: 0.5, limit: 0.5), .ramp(classIndex: 1, limit: 2),
                                       .ramp(classIndex: 0, limit: 0.25)]
            let units = [Array(3..<11), Array(11..<21), [0, 20, 2, 7, 7, 1], Array(0..<21)]
            for (n, shape) in cases.enumerated() {
                for scale in scales {
                    var values = Self.values(shape.columns * shape.rows * stride, seed: UInt64(n + 1))
                    // Every unit but the first three constant at an exact tie of the rounding where the
                    // colour changes, for scales whose limit is a power of two (the fraction is exact; a
                    // constant map is its value at every pixel, v + (v − v) · w = v): any other order of
                    // the arithmetic, or another rounding, moves some off the tie.
                    if case .ramp(_, let limit) = scale {
                        let colors = UnitScaleTable(scale).colors
                        var k = 0
                        for unit in 3..<stride {
                            k = (k + 37) % 250
                            while colors[256 + k] == colors[257 + k] { k = (k + 1) % 255 }
                            for point in 0..<(shape.columns * shape.rows) { values[point * stride + unit] = Float(2 * k + 1) / 512 * limit }
                        }
                    }
                    for chosen in units {
                        let maps = try #require(UnitMap.paintLayer(values, stride: stride, units: chosen, columns: shape.columns, rows: shape.rows,
                                                                   scale: scale, width: shape.width, height: shape.height))
                        #expect(maps.count == chosen.count && maps.width == shape.width && maps.height == shape.height)
                        for (k, unit) in chosen.enumerated() {
                            let own = (0..<(shape.columns * shape.rows)).map { values[$0 * stride + unit] }
                            // Whole, and half off the canvas (clipped the same way).
                            for rect in [Rect(x: 3, y: 2, width: shape.width, height: shape.height),
                                         Rect(x: -shape.width / 2, y: 40 - shape.height / 2, width: shape.width, height: shape.height)] {
                                let alone = Canvas(width: 80, height: 40), painted = Canvas(width: 80, height: 40)
                                UnitMap.draw(own, columns: shape.columns, rows: shape.rows, scale: scale, on: alone, in: rect)
                                UnitMap.draw(maps, index: k, on: painted, in: rect)
                                var differing = 0
                                for y in 0..<40 { for x in 0..<80 where alone[x, y] != painted[x, y] { differing += 1 } }
                                #expect(differing == 0, "\(shape) \(scale) unit \(unit) in \(rect): \(differing) pixels differ")
                            }
                        }
                    }
                }
            }
        }
    }

    /// What `paintLayer` refuses, as `draw` would paint blank: a grid under 2 × 2, a block of the
    /// wrong size, a unit outside the block.
    @Test func paintLayerRefusesWhatDrawPaintsBlank() {
        let values = [Float](repeating: 1, count: 4 * 4 * 3)
        #expect(UnitMap.paintLayer(values, stride: 3, units: [0, 2], columns: 4, rows: 4, scale: .ramp(classIndex: 0, limit: 1), width: 5, height: 5) != nil)
        #expect(UnitMap.paintLayer(values, stride: 3, units: [3], columns: 4, rows: 4, scale: .ramp(classIndex: 0, limit: 1), width: 5, height: 5) == nil)
        #expect(UnitMap.paintLayer(values, stride: 3, units: [-1], columns: 4, rows: 4, scale: .ramp(classIndex: 0, limit: 1), width: 5, height: 5) == nil)
        #expect(UnitMap.paintLayer(values, stride: 4, units: [0], columns: 4, rows: 4, scale: .ramp(classIndex: 0, limit: 1), width: 5, height: 5) == nil)
        #expect(UnitMap.paintLayer(values, stride: 24, units: [0], columns: 2, rows: 1, scale: .ramp(classIndex: 0, limit: 1), width: 5, height: 5) == nil)
    }

    /// A three-column diagram (2 inputs, 11 hidden units, 2 outputs; one hidden unit dead; every
    /// output drawn, then one missing) drawn twice: its hidden maps painted together, on a canvas whose unit area
    /// holds junk (every pixel a hole the frame must paint: `drawFrame` leaves the units' squares
    /// unfilled), against each unit drawn from its values on a canvas that held the background.
    /// The same pixels everywhere.
    @Test func aFrameWithPaintedMapsEqualsTheFrameDrawnUnitByUnit() throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let columns = [NetworkDiagram.Column(title: "inputs", subtitle: "", unitCount: 2, unitLabels: ["x₁", "x₂"]),
                       NetworkDiagram.Column(title: "hidden 1", subtitle: "", unitCount: 11),
                       NetworkDiagram.Column(title: "output", subtitle: "", unitCount: 2)]
        let (gridColumns, gridRows, stride) = (12, 10, 13)
        let width = NetworkDiagram.width(for: columns, panelSize: 480, height: 700, font: font, bold: bold)
        let diagram = NetworkDiagram(frame: Rect(x: 0, y: 0, width: width, height: 700), panelSize: 480, columns: columns,
                                     gridColumns: gridColumns, gridRows: gridRows, font: font, bold: bold)
        let block = Self.values(gridColumns * gridRows * stride, seed: 9)
        let chosen = Array(1..<12)
        let scale = UnitScale.diverging(center: 0, limit: 1.1), biasScale = UnitScale.diverging(center: 0, limit: 0.7)
        let maps = try #require(UnitMap.paintLayer(block, stride: stride, units: chosen, columns: gridColumns, rows: gridRows, scale: scale,
                                                   width: diagram.unitSide, height: diagram.unitSide))
        let inputs = (0..<2).map { i in NetworkDiagram.Unit(values: Self.values(gridColumns * gridRows, seed: 20 + UInt64(i)), scale: scale) }
        let output = NetworkDiagram.Unit(values: Self.values(gridColumns * gridRows, seed: 30), scale: .ramp(classIndex: 0, limit: 1), bias: 0.2,
                                         biasScale: biasScale)
        func hidden(painted: Bool) -> [NetworkDiagram.Unit] {
            chosen.enumerated().map { k, unit in
                let dead = k == 4, bias = Float(k) / 10 - 0.5
                return painted ? NetworkDiagram.Unit(painted: maps, index: k, scale: scale, bias: bias, biasScale: biasScale, isDead: dead)
                    : NetworkDiagram.Unit(values: (0..<(gridColumns * gridRows)).map { block[$0 * stride + unit] }, scale: scale, bias: bias,
                                          biasScale: biasScale, isDead: dead)
            }
        }
        let connections = (0..<2).map { c in
            NetworkDiagram.Connections(edges: (0..<(c == 0 ? 2 : 11)).flatMap { i in
                (0..<(c == 0 ? 11 : 2)).map { j in NetworkDiagram.Edge(from: i, to: j, weight: Float((i * 7 + j * 3) % 11) / 5 - 1) }
            }, limit: 1)
        }
        // Both outputs drawn (the unit area's bands worked out once), and one (worked out for the frame).
        for outputs in [[output, output], [output]] {
            let plain = Canvas(width: width, height: 700), fast = Canvas(width: width, height: 700)
            diagram.drawBackground(on: plain)
            diagram.drawBackground(on: fast)
            for rect in diagram.paintedEachFrame {
                for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { fast[x, y] = UInt8(truncatingIfNeeded: x * 31 + y * 17) } }
            }
            diagram.drawFrame(on: plain, title: "plain", units: [inputs, hidden(painted: false), outputs], connections: connections)
            diagram.drawFrame(on: fast, title: "plain", units: [inputs, hidden(painted: true), outputs], connections: connections)
            var differing = 0
            for y in 0..<700 { for x in 0..<width where plain[x, y] != fast[x, y] { differing += 1 } }
            #expect(differing == 0, "\(outputs.count) outputs: \(differing) pixels differ")
        }
    }
}
