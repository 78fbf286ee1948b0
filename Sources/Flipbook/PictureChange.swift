import Foundation
import LinearAlgebra
import Neural

/// How far a run's picture moves between recorded epochs, for `FrameChoice`: the mean absolute
/// change of the network's outputs on a fixed probe — the decision field on a coarse grid of the
/// plane, the fitted curve along x, the predicted probabilities of the stored test images, or of
/// the first samples for data with no picture of its own.
struct PictureChange {
    /// The inputs whose outputs stand for the picture.
    let probe: Matrix<Float>

    /// Every `gridStep`-th grid point of the field across and down (a 12 × 12 grid of the 96 × 96).
    static let gridStep = 8
    /// The most samples probed for data with no picture.
    static let largestProbe = 256

    /// The probe of `scene`'s kind of picture.
    init(scene: RunScene) {
        switch scene.kind {
        case .boundary:
            let side = scene.fieldSize, columns = scene.gridInputs.columns
            let rows = stride(from: 0, to: side, by: Self.gridStep).flatMap { y in
                stride(from: 0, to: side, by: Self.gridStep).map { x in y * side + x }
            }
            probe = Self.rows(rows, of: scene.gridInputs, columns: columns)
        case .curve:
            probe = Self.rows(Array(stride(from: 0, to: scene.curveInputs.rows, by: Self.gridStep)), of: scene.curveInputs,
                              columns: scene.curveInputs.columns)
        case .images, .lossOnly:
            probe = Self.rows(Array(0..<min(scene.inputs.rows, Self.largestProbe)), of: scene.inputs, columns: scene.inputs.columns)
        }
    }

    private static func rows(_ indices: [Int], of matrix: Matrix<Float>, columns: Int) -> Matrix<Float> {
        Matrix(rows: indices.count, columns: columns,
               elements: indices.flatMap { matrix.elements[($0 * columns)..<(($0 + 1) * columns)] })
    }

    /// For each of `epochs`, how far the outputs moved since the epoch before it (0 for the
    /// first), the networks evaluated on every core; `network(epoch)` gives an epoch's network.
    func movement(of epochs: [Int], scene: RunScene, network: @Sendable (Int) throws -> Network<Float>) throws -> [Double] {
        let outputs = SlotBuffer<[Float]>(count: epochs.count)
        let failure = FirstError()
        let probe = self.probe
        DispatchQueue.concurrentPerform(iterations: epochs.count) { index in
            do {
                outputs[index] = scene.outputs(of: try network(epochs[index]), for: probe, predict: true).elements
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }
        return epochs.indices.map { index in
            index == 0 ? 0 : Self.distance(outputs[index - 1] ?? [], outputs[index] ?? [])
        }
    }

    /// The mean absolute difference of two output vectors (non-finite values count as no move).
    static func distance(_ a: [Float], _ b: [Float]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        var sum = 0.0
        for (x, y) in zip(a, b) {
            let d = Double(abs(x - y))
            if d.isFinite { sum += d }
        }
        return sum / Double(a.count)
    }
}
