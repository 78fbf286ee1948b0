import CKernels
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
        // The sampled epochs are measured a few at a time on every core (their networks read from
        // the store first, in order) and the measures joined by maxima, which no order changes.
        var activation = [Float](repeating: 1e-6, count: chosen.count)
        var weight = [Float](repeating: 1e-6, count: last.layers.count)
        var bias = [Float](repeating: 1e-6, count: last.layers.count)
        var box: PlaneRect? = nil
        let sampled = Self.sample(frames)
        let (shown, outputs, fitted) = (chosen, chosenOutputs, projection)
        for part in stride(from: 0, to: sampled.count, by: Self.measuredAtOnce) {
            let networks = try sampled[part..<min(part + Self.measuredAtOnce, sampled.count)].compactMap { epoch in
                try store.epoch(epoch).map { try RunRecorder.network(of: $0, in: store) }
            }
            let measures = concurrentMap(networks.count) { k in
                Self.measure(networks[k], scene: scene, chosen: shown, outputs: outputs, projection: fitted)
            }
            for measure in measures {
                for l in measure.activation.indices where l < activation.count { activation[l] = max(activation[l], measure.activation[l]) }
                weight = zip(weight, measure.weight).map { max($0, $1) }
                bias = zip(bias, measure.bias).map { max($0, $1) }
                if let found = measure.box { box = Self.union(box, [(found.minX, found.minY), (found.maxX, found.maxY)]) }
            }
        }
        activationLimits = activation
        weightLimits = weight
        biasLimits = bias
        hiddenDomain = RunScene.visible(PlaneRect.around(box.map { [($0.minX, $0.minY), ($0.maxX, $0.maxY)] } ?? [], padding: 0.06))
    }

    /// How many sampled networks are held at once (each measured on its own core).
    static let measuredAtOnce = 8

    /// What one sampled network shows: per hidden layer its typical peak over the grid (2-D data;
    /// else none), its shown weights' and biases' largest magnitudes per layer (from 1e-6), and
    /// the rectangle its projected samples fill.
    struct Measure: Sendable {
        var activation: [Float], weight: [Float], bias: [Float]
        var box: PlaneRect?
    }

    /// The measure of `network`, whose shown units are `chosen` and shown outputs `outputs`.
    static func measure(_ network: Network<Float>, scene: RunScene, chosen: [[Int]], outputs: [Int], projection: Projection?) -> Measure {
        var weight = [Float](repeating: 1e-6, count: network.layers.count)
        var bias = [Float](repeating: 1e-6, count: network.layers.count)
        widen(&weight, &bias, network: network, chosen: chosen, outputs: outputs)
        let activation = scene.kind == .boundary
            ? typicalPeaks(of: network, inputs: scene.gridInputs, chosen: chosen, rowsPerPass: scene.rowsPerPass) : []
        let box = projection.flatMap { projection in
            union(nil, LayerProbe(network: network, inputs: scene.shownInputs, chosen: [], projection: projection,
                                  rowsPerPass: scene.rowsPerPass).projected)
        }
        return Measure(activation: activation, weight: weight, bias: bias, box: box)
    }

    /// Per hidden layer l, the `typicalPeak` of its units `chosen[l]` over `inputs` (a unit the
    /// layer lacks peaks at 0), by the pass `LayerProbe` makes (the same blocks of `rowsPerPass`
    /// rows, so the same numbers), each unit's peak taken straight from the layer's activations.
    static func typicalPeaks(of network: Network<Float>, inputs: Matrix<Float>, chosen: [[Int]], rowsPerPass: Int) -> [Float] {
        let hidden = max(0, network.layers.count - 1)
        var peaks = (0..<min(hidden, chosen.count)).map { [Float](repeating: 0, count: network.layers[$0].outputSize) }
        network.forwardInBlocks(inputs, rowsPerPass: rowsPerPass) { _, activations in
            for l in peaks.indices {
                let layer = activations[l + 1]
                layer.elements.withUnsafeBufferPointer { values in
                    peaks[l].withUnsafeMutableBufferPointer { peak in
                        flipbook_column_peaks_f32(values.baseAddress!, layer.rows, layer.columns, peak.baseAddress!)
                    }
                }
            }
        }
        return peaks.indices.map { l in typicalPeak(chosen[l].map { $0 < peaks[l].count ? peaks[l][$0] : 0 }) }
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
        typicalPeak(units.map { values in values.reduce(Float(0)) { max($0, abs($1).isFinite ? abs($1) : 0) } })
    }

    /// The third quartile of units' largest finite |activation| (`peaks`, one per unit).
    static func typicalPeak(_ peaks: [Float]) -> Float {
        let peaks = peaks.sorted()
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
