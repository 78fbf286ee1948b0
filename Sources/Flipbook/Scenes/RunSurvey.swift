import FrameStore
import LinearAlgebra
import Neural
import Render

/// What the inside views fix once for a whole run, so that every frame is drawn on the same
/// scales: the units shown per layer, each layer's activation scale, each pair of layers'
/// weight scale, each layer's bias scale, the hidden-space projection and its axes.
///
/// The scales are the largest seen over up to `sampledFrames` recorded epochs spread over the
/// run (the first and last included); the units shown and the projection come from the last.
struct RunSurvey: Sendable {
    /// The most units a column shows.
    static let shownUnits = 32
    /// The most frames the scales are measured on.
    static let sampledFrames = 60

    /// The most inputs the network view shows.
    static let shownInputs = 8

    /// The inputs shown (by index, in order): all, or the `shownInputs` with the largest
    /// outgoing weights at the last epoch.
    let chosenInputs: [Int]
    /// The units shown of each hidden layer (by index, in order), and of the output layer.
    let chosen: [[Int]]
    let chosenOutputs: [Int]
    /// Per hidden layer: the activation that takes the strongest tint.
    let activationLimits: [Float]
    /// Per layer of weights (inputs → hidden 1, …, last hidden → output): the widest |weight|.
    let weightLimits: [Float]
    /// Per layer of biases (hidden 1, …, output): the strongest |bias|.
    let biasLimits: [Float]
    /// The last hidden layer's projection (nil without a hidden layer), fitted at `projectionEpoch`
    /// on `projectionRows` rows, and the plane rectangle its points stay in over the run.
    let projection: Projection?
    let projectionEpoch: Int
    let projectionRows: Int
    let hiddenDomain: PlaneRect

    /// The survey of the run in `store` over its frame epochs `frames` (not empty).
    init(scene: RunScene, store: FrameStoreReader, frames: [Int], last: Network<Float>) throws {
        chosen = Self.chooseUnits(last)
        chosenInputs = Self.strongest(Self.shownInputs, of: last.layers[0].weight)
        chosenOutputs = Array(0..<min(last.outputSize, Self.shownUnits))
        let lastEpoch = frames.last ?? 0
        projectionEpoch = lastEpoch
        (projection, projectionRows) = Self.projection(of: last, scene: scene, rows: Self.projectionRows(scene))
        var activation = [Float](repeating: 1e-6, count: chosen.count)
        var weight = [Float](repeating: 1e-6, count: last.layers.count)
        var bias = [Float](repeating: 1e-6, count: last.layers.count)
        var box: PlaneRect? = nil
        for epoch in Self.sample(frames) {
            guard let record = try store.epoch(epoch) else { continue }
            let network = try RunRecorder.network(of: record, in: store)
            Self.widen(&weight, &bias, network: network, chosen: chosen, outputs: chosenOutputs)
            if scene.kind == .boundary {
                let grid = LayerProbe(network: network, inputs: scene.gridInputs, chosen: chosen, projection: nil, rowsPerPass: scene.rowsPerPass)
                for (l, layer) in grid.units.enumerated() { activation[l] = max(activation[l], Self.typicalPeak(layer)) }
            }
            if let projection {
                let samples = LayerProbe(network: network, inputs: scene.shownInputs, chosen: [], projection: projection, rowsPerPass: scene.rowsPerPass)
                box = Self.union(box, samples.projected)
            }
        }
        activationLimits = activation
        weightLimits = weight
        biasLimits = bias
        hiddenDomain = RunScene.visible(PlaneRect.around(box.map { [($0.minX, $0.minY), ($0.maxX, $0.maxY)] } ?? [], padding: 0.06))
    }

    /// Up to `sampledFrames` of `frames`, evenly spread, the first and last included.
    static func sample(_ frames: [Int]) -> [Int] {
        guard frames.count > sampledFrames else { return frames }
        return (0..<sampledFrames).map { frames[$0 * (frames.count - 1) / (sampledFrames - 1)] }
    }

    /// Per hidden layer, every unit when it has at most 32, else the 32 with the largest
    /// outgoing weights (sum of |w|) in `network`, in their order in the layer.
    static func chooseUnits(_ network: Network<Float>) -> [[Int]] {
        (0..<max(0, network.layers.count - 1)).map { l in strongest(shownUnits, of: network.layers[l + 1].weight) }
    }

    /// The rows of `weight` (the units feeding it), every one when they are at most `count`,
    /// else the `count` with the largest sum of |w|, in their order.
    static func strongest(_ count: Int, of weight: Matrix<Float>) -> [Int] {
        guard weight.rows > count else { return Array(0..<weight.rows) }
        let strength = (0..<weight.rows).map { j in (0..<weight.columns).reduce(Float(0)) { $0 + (abs(weight[j, $1]).isFinite ? abs(weight[j, $1]) : 0) } }
        let ranked = strength.indices.sorted { strength[$0] != strength[$1] ? strength[$0] > strength[$1] : $0 < $1 }
        return ranked.prefix(count).sorted()
    }

    /// The most rows the projection is fitted on (a 100,000-sample run spent half its render
    /// fitting it on all 80,000 training points).
    static let mostProjectionRows = 4096

    /// The rows the projection is fitted on: the training points (2-D data), or every stored
    /// image (image data keeps only the test images it shows).
    static func projectionRows(_ scene: RunScene) -> [Int] {
        let training = scene.points.indices.filter { !scene.points[$0].isTest }
        return scene.kind == .boundary && !training.isEmpty ? training : Array(0..<scene.inputs.rows)
    }

    /// The last hidden layer's projection, fitted on `rows` of the samples (at an even stride when
    /// they are too many), and the number of rows it was fitted on.
    static func projection(of network: Network<Float>, scene: RunScene, rows all: [Int]) -> (Projection?, rows: Int) {
        guard network.layers.count >= 2, scene.inputs.rows > 0 else { return (nil, 0) }
        // At most 2²¹ activations of the widest layer at once (the fit uses no more), and at most
        // `mostProjectionRows` rows (the power iterations go over every row): rows at an even stride.
        let widest = max(1, network.sizes.max() ?? 1)
        let every = max(1, all.count * widest / (1 << 21) + 1, (all.count + mostProjectionRows - 1) / mostProjectionRows)
        let rows = Swift.stride(from: 0, to: all.count, by: every).map { all[$0] }
        let subset = Matrix(rows: rows.count, columns: scene.inputs.columns,
                            elements: rows.flatMap { scene.inputs.elements[($0 * scene.inputs.columns)..<(($0 + 1) * scene.inputs.columns)] })
        var hidden = subset
        for layer in network.layers.dropLast() { hidden = layer(hidden) }
        return (Projection.fitted(width: hidden.columns, to: hidden), rows.count)
    }

    /// A layer's typical peak: the third quartile of its units' largest |activation|, so that one
    /// unit's outlying corner does not wash out the others.
    static func typicalPeak(_ units: [[Float]]) -> Float {
        let peaks = units.map { values in values.reduce(Float(0)) { max($0, abs($1).isFinite ? abs($1) : 0) } }.sorted()
        guard !peaks.isEmpty else { return 0 }
        return peaks[(peaks.count - 1) * 3 / 4]
    }

    /// Widens the weight and bias limits to cover `network`'s shown connections and biases.
    static func widen(_ weight: inout [Float], _ bias: inout [Float], network: Network<Float>, chosen: [[Int]], outputs: [Int]) {
        for (l, layer) in network.layers.enumerated() {
            let sources = l == 0 ? Array(0..<layer.weight.rows) : chosen[l - 1]
            let targets = l < chosen.count ? chosen[l] : outputs
            for j in targets {
                let b = abs(layer.bias.elements[j])
                if b.isFinite { bias[l] = max(bias[l], b) }
                for i in sources {
                    let w = abs(layer.weight[i, j])
                    if w.isFinite { weight[l] = max(weight[l], w) }
                }
            }
        }
    }

    /// `box` grown to hold every finite point of `points`.
    static func union(_ box: PlaneRect?, _ points: [(x: Double, y: Double)]) -> PlaneRect? {
        var result = box
        for p in points where p.x.isFinite && p.y.isFinite {
            result = PlaneRect(minX: min(result?.minX ?? p.x, p.x), maxX: max(result?.maxX ?? p.x, p.x),
                               minY: min(result?.minY ?? p.y, p.y), maxY: max(result?.maxY ?? p.y, p.y))
        }
        return result
    }
}
