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
    /// first); `networks(epochs)` gives epochs' networks. The networks are read a batch at a time
    /// (one read of the store each) and evaluated on every core; only their outputs are kept.
    func movement(of epochs: [Int], scene: RunScene, networks: ([Int]) throws -> [Network<Float>]) throws -> [Double] {
        var outputs: [[Float]] = []
        outputs.reserveCapacity(epochs.count)
        for start in stride(from: 0, to: epochs.count, by: Self.batch) {
            let batch = try networks(Array(epochs[start..<min(start + Self.batch, epochs.count)]))
            let evaluated = SlotBuffer<[Float]>(count: batch.count)
            let probe = self.probe
            DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                evaluated[index] = scene.outputs(of: batch[index], for: probe, predict: true).elements
            }
            outputs += (0..<batch.count).map { evaluated[$0] ?? [] }
        }
        return epochs.indices.map { index in
            index == 0 ? 0 : Self.distance(outputs[index - 1], outputs[index])
        }
    }

    /// The networks read from the store at once.
    static let batch = 32

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
