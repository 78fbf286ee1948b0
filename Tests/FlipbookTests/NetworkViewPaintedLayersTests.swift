import Testing
import Foundation
import TestSupport
import FrameStore
import LinearAlgebra
import Neural
import Render
@testable import Flipbook

/// network.gif's frames with each hidden layer's maps painted straight from the pass's
/// activations (no unit copied out, dead units read there) against the frames drawn unit by
/// unit from the gathered values: the same bytes, for networks with live and dead units.
@Suite struct NetworkViewPaintedLayersTests {
    /// Two hidden relu layers (16 and 20 units; the second's shown units scattered), at every
    /// epoch of a short run, and with a unit of each layer killed (its weights and bias zeroed, so
    /// that it is zero over the whole plane): every frame's pixels as the plain path draws them.
    @Test func framesWithPaintedLayersEqualFramesDrawnUnitByUnit() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        var config = PipelineTests.smallConfig()
        config.hidden = [16, 20]
        config.epochs = 4
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        let (_, store, inside) = try InsideViewsTests.views(of: run)
        let view = try #require(inside.network)
        var compared = 0
        for epoch in store.frameEpochs {
            var network = try RunRecorder.network(of: try #require(try store.epoch(epoch)), in: store)
            for kill in [false, true] {
                if kill {
                    // Unit 3 of layer 1 and unit 5 of layer 2 never fire: zero weights into them, zero bias.
                    for (l, unit) in [(0, 3), (1, 5)] {
                        for i in 0..<network.layers[l].inputSize { network.layers[l].weight[i, unit] = 0 }
                        network.layers[l].bias[0, unit] = 0
                    }
                }
                let grid = try #require(inside.probes(network).grid)
                #expect(grid.wholeLayers.allSatisfy { $0 != nil }, "one block holds the grid: its layers kept whole")
                let painted = view.units(network, grid: grid)
                let plain = view.units(network, grid: grid, paintingLayers: false)
                #expect(painted[1].contains { $0.painted != nil } && plain[1].allSatisfy { $0.painted == nil })
                #expect(painted.map { $0.map(\.isDead) } == plain.map { $0.map(\.isDead) }, "epoch \(epoch) kill \(kill)")
                if kill { #expect(plain[1][3].isDead) }
                var canvases: [Canvas] = []
                for units in [painted, plain] {
                    let canvas = Canvas(copying: view.template)
                    view.diagram.drawFrame(on: canvas, title: view.title, units: units, connections: view.connections(network), keptInputs: view.template)
                    canvases.append(canvas)
                }
                var differing = 0
                for y in 0..<view.height { for x in 0..<view.width where canvases[0][x, y] != canvases[1][x, y] { differing += 1 } }
                #expect(differing == 0, "epoch \(epoch) kill \(kill): \(differing) pixels differ")
                compared += 1
            }
        }
        #expect(compared >= 2)
    }

    /// `nonzeroColumns` against `allZero` of each column: all +0, all −0, a NaN in the last row,
    /// a subnormal past the first few hundred rows, a value in the first row.
    @Test func nonzeroColumnsAgreeWithAllZero() {
        let rows = 1000, columns = 6
        var elements = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows { elements[r * columns + 1] = -0.0 }
        elements[(rows - 1) * columns + 2] = .nan
        elements[700 * columns + 3] = .leastNonzeroMagnitude
        elements[0 * columns + 4] = -3
        let layer = Matrix(rows: rows, columns: columns, elements: elements)
        let units = [0, 1, 2, 3, 4, 5, 3, 0]
        let expected = units.map { unit in !NetworkView.allZero((0..<rows).map { layer[$0, unit] }) }
        #expect(NetworkView.nonzeroColumns(layer, units) == expected)
        #expect(expected == [false, false, true, true, true, false, true, false])
    }
}
