import Testing
import Foundation
import TestSupport
import CKernels
import FrameStore
import LinearAlgebra
import Neural
import Render
@testable import Flipbook

/// The inside views' survey, measured on every core from each unit's peak straight off the
/// layers: the very limits and rectangle a survey measured epoch after epoch, from the pass's
/// kept units, gives.
@Suite struct RunSurveyTests {
    /// Each column's largest finite |value| (`flipbook_column_peaks_f32`), with AVX2 and without,
    /// against the Swift loop: NaN and infinities skipped, peaks kept from before, any width.
    @Test(arguments: [true, false])
    func columnPeaksAreTheLargestFiniteMagnitudes(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var state: UInt64 = 12345
            func next() -> Float {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1000
            }
            for (rows, columns) in [(1, 1), (7, 8), (33, 16), (5, 19), (100, 3), (0, 9)] {
                var values = (0..<(rows * columns)).map { _ in next() }
                for k in stride(from: 3, to: values.count, by: 11) { values[k] = [.nan, .infinity, -.infinity, -0.0][k % 4] }
                let before = (0..<columns).map { Float($0 % 3 == 0 ? 400 : 0) }
                var peaks = before
                values.withUnsafeBufferPointer { v in
                    peaks.withUnsafeMutableBufferPointer { flipbook_column_peaks_f32(v.baseAddress!, rows, columns, $0.baseAddress!) }
                }
                let expected = (0..<columns).map { c in
                    (0..<rows).reduce(before[c]) { peak, r in
                        let a = abs(values[r * columns + c])
                        return a.isFinite ? max(peak, a) : peak
                    }
                }
                #expect(peaks == expected, "\(rows) × \(columns), vector kernels \(vectorKernels)")
            }
        }
    }

    /// A run of more frames than are sampled (so several groups measured at once): the survey's
    /// activation, weight and bias limits and its hidden-space rectangle against the ones found
    /// one sampled epoch after another, from the grid pass's kept units as the views keep them.
    @Test func theSurveyIsTheOneMeasuredEpochByEpoch() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        var config = PipelineTests.smallConfig()
        config.hidden = [16, 20, 3]
        config.epochs = 75
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        let (scene, store, inside) = try InsideViewsTests.views(of: run)
        let survey = inside.survey
        let sampled = RunSurvey.sample(store.frameEpochs)
        #expect(sampled.count == RunSurvey.sampledFrames && sampled.count > 2 * RunSurvey.measuredAtOnce)
        let projection = try #require(survey.projection)
        var activation = [Float](repeating: 1e-6, count: survey.chosen.count)
        var weight = [Float](repeating: 1e-6, count: 4), bias = [Float](repeating: 1e-6, count: 4)
        var box: PlaneRect? = nil
        for epoch in sampled {
            let network = try RunRecorder.network(of: try #require(try store.epoch(epoch)), in: store)
            RunSurvey.widen(&weight, &bias, network: network, chosen: survey.chosen, outputs: survey.chosenOutputs)
            let grid = LayerProbe(network: network, inputs: scene.gridInputs, chosen: survey.chosen, projection: nil, rowsPerPass: scene.rowsPerPass)
            for (l, units) in grid.units.enumerated() { activation[l] = max(activation[l], RunSurvey.typicalPeak(units)) }
            let samples = LayerProbe(network: network, inputs: scene.shownInputs, chosen: [], projection: projection, rowsPerPass: scene.rowsPerPass)
            box = RunSurvey.union(box, samples.projected)
        }
        #expect(activation.count == 3 && activation.allSatisfy { $0 > 1e-6 })
        #expect(survey.activationLimits == activation)
        #expect(survey.weightLimits == weight)
        #expect(survey.biasLimits == bias)
        let domain = RunScene.visible(PlaneRect.around(box.map { [($0.minX, $0.minY), ($0.maxX, $0.maxY)] } ?? [], padding: 0.06))
        #expect(survey.hiddenDomain == domain)
    }
}

/// The hidden space's projection of a block's rows (CKernels, four rows at a time) against
/// `Projection.project` row by row: the same bits, listed rows or every row, zero rows found.
@Suite struct ProjectedRowsTests {
    @Test func blockProjectionIsTheRowByRowProjection() {
        var state: UInt64 = 99
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 3000
            return value < 0 ? 0 : value   // ReLU-like: many zeros
        }
        for columns in [3, 16, 21] {
            let rows = 23
            var values = (0..<(rows * columns)).map { _ in next() }
            for c in 0..<columns { values[5 * columns + c] = 0; values[6 * columns + c] = c == 2 ? .nan : 0; values[7 * columns + c] = -0.0 }
            let data = Matrix(rows: rows, columns: columns, elements: values.map { $0.isNaN ? 1 : $0 })
            let projection = Projection.fitted(width: columns, to: data)
            guard case .principal = projection.method else { Issue.record("\(projection.method)"); continue }
            for listed in [nil, [0, 5, 6, 7, 8, 9, 10, 22], [3], [4, 7, 1, 1, 20]] as [[Int]?] {
                let count = listed?.count ?? rows
                var points = [(x: Double, y: Double)](repeating: (-1, -1), count: count), zero = [Bool](repeating: false, count: count)
                values.withUnsafeBufferPointer { v in
                    points.withUnsafeMutableBufferPointer { p in
                        zero.withUnsafeMutableBufferPointer { z in
                            projection.project(v.baseAddress!, columns: columns, rows: listed, count: count, into: p.baseAddress!, allZero: z.baseAddress!)
                        }
                    }
                }
                for k in 0..<count {
                    let r = listed?[k] ?? k
                    let row = Array(values[(r * columns)..<((r + 1) * columns)])
                    let expected = row.withUnsafeBufferPointer { projection.project($0) }
                    func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern }
                    #expect(same(points[k].x, expected.x) && same(points[k].y, expected.y), "\(columns) columns, row \(r)")
                    #expect(zero[k] == !row.contains { $0 != 0 }, "\(columns) columns, row \(r)")
                }
            }
            #expect(values.withUnsafeBufferPointer { v in
                var z = [false]
                var p = [(x: 0.0, y: 0.0)]
                projection.project(v.baseAddress!, columns: columns, rows: [5], count: 1, into: &p, allZero: &z)
                return z[0]
            }, "a row of zeros is at the origin")
        }
    }
}
