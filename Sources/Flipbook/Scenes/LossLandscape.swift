import Datasets
import Foundation
import FrameStore
import LinearAlgebra
import Neural
import Render

/// A run's loss landscape, computed once: the training loss over a grid of a plane in parameter
/// space (`LandscapePlane`), the path of the recorded parameters on that plane, the training
/// examples the loss was measured on, and Goodfellow et al.'s cut along the straight line from
/// the initial to the final parameters. Pure data: it knows nothing of pixels.
struct LossLandscape: Sendable {
    /// The training and test loss along θ(α) = (1 − α) θ_from + α θ_final.
    struct Interpolation: Sendable {
        let alphas: [Double]
        let train: [Double]
        let test: [Double]
        /// True when θ_from is the initial parameters; false when the store keeps none and the
        /// line starts from the first recorded epoch's.
        let fromInitial: Bool
        /// The epoch θ_from was recorded at, when it is not the initial parameters.
        let fromEpoch: Int
    }

    let plane: LandscapePlane
    /// The grid's coordinates along each direction, increasing.
    let alpha: [Double]
    let beta: [Double]
    /// The training loss at every grid point, row by row: `loss[i * alpha.count + j]` at
    /// center + alpha[j] · directions[0] + beta[i] · directions[1].
    let loss: [Float]
    /// The initial parameters' point on the plane, when the store keeps them.
    let start: (alpha: Double, beta: Double)?
    /// Every recorded frame's point, in training order, and its place on the epoch axis.
    let path: [(alpha: Double, beta: Double)]
    let pathEpochs: [Double]
    /// The rows of the stored data set the loss was measured on, and how many training examples
    /// the run trained on (more than the store keeps when it keeps a sample of them).
    let samples: [Int]
    let trainingCount: Int
    let interpolation: Interpolation?
    /// The loss of any parameters on those examples: what every grid point holds.
    let evaluator: LossEvaluator

    /// The most training examples the surface is measured on; larger sets are subsampled.
    static let maximumSamples = 4096
    /// The seed of the subsample.
    static let sampleSeed: UInt64 = 0
    /// The interpolation's α from −0.5 to 1.5 in steps of 0.025.
    static let interpolationAlphas = (0...80).map { -0.5 + Double($0) * 0.025 }

    /// The landscape of `scene`'s run over a plane of `kind` with `gridSize` points a side, from
    /// the points of `path`: the initial parameters first when `hasStart`, then every recorded
    /// frame's (at epoch-axis places `epochs`), read a block at a time; `final` and `first` are
    /// the networks of its last and first points. Nil when the plane cannot be made (a path that
    /// never moves).
    init?(scene: RunScene, data: StoredDataset, path: ParameterPath, hasStart: Bool, final: Network<Float>, first: Network<Float>,
          epochs: [Double], kind: LandscapePlaneKind, gridSize: Int) throws {
        let center = final.parameters.flatMap(\.elements)
        let planeOrNil: LandscapePlane? = switch kind {
        case .trajectory: try LandscapePlane.trajectory(path, center: center)
        case .random: LandscapePlane.random(at: center, layerSizes: final.sizes)
        }
        guard let plane = planeOrNil else { return nil }
        self.plane = plane
        let points = try plane.coordinates(along: path)
        start = hasStart ? points.first : nil
        self.path = Array(points.dropFirst(hasStart ? 1 : 0))
        pathEpochs = epochs
        trainingCount = data.trainedOn
        (samples, evaluator) = Self.trainingLoss(of: final, data: data, scene: scene)
        (alpha, beta) = Self.extent(of: points, kind: kind, gridSize: gridSize)
        loss = Self.surface(plane, alpha: alpha, beta: beta, evaluator: evaluator)
        interpolation = Self.interpolation(from: first, fromInitial: hasStart, fromEpoch: Int((epochs.first ?? 0).rounded(.up)),
                                           to: final, train: evaluator, data: data, scene: scene)
    }

    /// The rows of the training examples the surface is measured on (at most `maximumSamples`,
    /// stratified), and the loss of networks shaped as `template` on them.
    static func trainingLoss(of template: Network<Float>, data: StoredDataset, scene: RunScene) -> (rows: [Int], evaluator: LossEvaluator) {
        let training = data.isTest.indices.filter { !data.isTest[$0] }
        let rows = subsample(training, labels: data.labels.isEmpty ? nil : data.labels.map(Int.init), limit: maximumSamples)
        return (rows, LossEvaluator(template: template, examples: examples(rows, of: data, scene: scene, outputs: template.outputSize),
                                    rowsPerPass: scene.rowsPerPass))
    }

    /// The loss at every point of the grid `alpha` × `beta` of `plane`, row by row (`beta`), on every core.
    static func surface(_ plane: LandscapePlane, alpha: [Double], beta: [Double], evaluator: LossEvaluator) -> [Float] {
        concurrentMap(beta.count) { i in
            alpha.map { evaluator.loss(plane.parameters(alpha: $0, beta: beta[i])) }
        }.flatMap { $0 }
    }

    /// The grid: `gridSize` points along each direction, covering the path (and the start) with
    /// a margin of 15 % of its longer side on every side; a random plane at least −1…1 on both.
    static func extent(of points: [(alpha: Double, beta: Double)], kind: LandscapePlaneKind, gridSize: Int) -> ([Double], [Double]) {
        let alphas = points.map(\.alpha), betas = points.map(\.beta)
        var (a0, a1, b0, b1) = (alphas.min() ?? 0, alphas.max() ?? 0, betas.min() ?? 0, betas.max() ?? 0)
        var span = max(a1 - a0, b1 - b0)
        if !(span > 0) || !span.isFinite { span = 1 }
        (a0, a1, b0, b1) = (a0 - 0.15 * span, a1 + 0.15 * span, b0 - 0.15 * span, b1 + 0.15 * span)
        if kind == .random { (a0, a1, b0, b1) = (min(a0, -1), max(a1, 1), min(b0, -1), max(b1, 1)) }
        let axis = { (low: Double, high: Double) in (0..<gridSize).map { low + (high - low) * Double($0) / Double(gridSize - 1) } }
        return (axis(a0, a1), axis(b0, b1))
    }

    /// `rows`, or at most `limit` of them chosen with seed `sampleSeed`, stratified by `labels`
    /// (each class keeps its share, remainders to the largest fractions), in increasing order.
    static func subsample(_ rows: [Int], labels: [Int]?, limit: Int) -> [Int] {
        guard rows.count > limit else { return rows }
        var generator = SeededGenerator(seed: sampleSeed)
        let groups = Dictionary(grouping: rows) { labels?[$0] ?? 0 }.sorted { $0.key < $1.key }.map(\.value)
        let shares = groups.map { Double($0.count) * Double(limit) / Double(rows.count) }
        var quotas = shares.map { Int($0) }
        let byRemainder = shares.indices.sorted { shares[$0] - Double(quotas[$0]) > shares[$1] - Double(quotas[$1]) }
        for index in byRemainder.prefix(limit - quotas.reduce(0, +)) { quotas[index] += 1 }
        var chosen: [Int] = []
        for (group, quota) in zip(groups, quotas) {
            var shuffled = group
            generator.shuffle(&shuffled)
            chosen += shuffled.prefix(quota)
        }
        return chosen.sorted()
    }

    /// The examples of stored rows `rows` as training saw them: standardised inputs, and targets
    /// as `TrainingRun` makes them (0/1 or one-hot for classes, the values for regression).
    static func examples(_ rows: [Int], of data: StoredDataset, scene: RunScene, outputs: Int) -> Examples<Float> {
        let part = data.rows(rows)
        let inputs = Standardization(mean: data.mean, deviation: data.deviation)
            .apply(Matrix(rows: rows.count, columns: data.featureCount, elements: part.features))
        if scene.isRegression {
            return Examples(inputs: inputs, targets: Matrix(rows: rows.count, columns: 1, elements: part.targets))
        }
        return Examples(inputs: inputs, labels: part.labels.map(Int.init), outputSize: outputs)
    }

    /// The training and test loss along the line from `from` to `final`, on every core.
    static func interpolation(from: Network<Float>, fromInitial: Bool, fromEpoch: Int, to final: Network<Float>, train: LossEvaluator,
                              data: StoredDataset, scene: RunScene) -> Interpolation {
        let testRows = subsample(data.isTest.indices.filter { data.isTest[$0] }, labels: data.labels.isEmpty ? nil : data.labels.map(Int.init),
                                 limit: maximumSamples)
        let test = LossEvaluator(template: final, examples: examples(testRows, of: data, scene: scene, outputs: final.outputSize),
                                 rowsPerPass: scene.rowsPerPass)
        let (a, b) = (from.parameters.flatMap(\.elements), final.parameters.flatMap(\.elements))
        let losses = concurrentMap(interpolationAlphas.count) { index in
            let t = interpolationAlphas[index]
            let point = zip(a, b).map { Float((1 - t) * Double($0) + t * Double($1)) }
            return (Double(train.loss(point)), testRows.isEmpty ? Double.nan : Double(test.loss(point)))
        }
        return Interpolation(alphas: interpolationAlphas, train: losses.map(\.0), test: losses.map(\.1), fromInitial: fromInitial,
                             fromEpoch: fromEpoch)
    }

    /// How a grid of losses is coloured: from its lowest to its highest finite value, on a log
    /// scale when the highest is ten times the lowest or more.
    static func colourScale(of loss: [Float]) -> (low: Float, high: Float, logScale: Bool) {
        let finite = loss.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
        return (low, high, low > 0 && high / low >= 10)
    }

    /// The grid's rows from the top of a picture (the largest β) down.
    static func topDown(_ loss: [Float], columns: Int) -> [Float] {
        stride(from: loss.count - columns, through: 0, by: -columns).flatMap { loss[$0..<($0 + columns)] }
    }

    /// The plane rectangle the grid `alpha` × `beta` spans.
    static func domain(alpha: [Double], beta: [Double]) -> PlaneRect {
        PlaneRect(minX: alpha[0], maxX: alpha[alpha.count - 1], minY: beta[0], maxY: beta[beta.count - 1])
    }

    /// `landscape.npz`: the plane, the grid, the losses, the path and the samples, for NumPy.
    func archive() -> [NumPyArchive.Array] {
        let row = { (name: String, values: [Double]) in
            NumPyArchive.Array(name: name, shape: [values.count], matrix: Matrix(rows: 1, columns: values.count, elements: values))
        }
        let size = plane.center.count
        var arrays = [
            NumPyArchive.Array(name: "directions", shape: [2, size], matrix: Matrix(rows: 2, columns: size, elements: plane.directions[0] + plane.directions[1])),
            NumPyArchive.Array(name: "center", shape: [size], matrix: Matrix(rows: 1, columns: size, elements: plane.center)),
            row("alpha", alpha), row("beta", beta),
            NumPyArchive.Array(name: "loss", shape: [beta.count, alpha.count], matrix: Matrix(rows: beta.count, columns: alpha.count, elements: loss)),
        ]
        if let start { arrays.append(row("start", [start.alpha, start.beta])) }
        arrays.append(NumPyArchive.Array(name: "path", shape: [path.count, 2],
                                         matrix: Matrix(rows: path.count, columns: 2, elements: path.flatMap { [$0.alpha, $0.beta] })))
        arrays.append(row("path_epochs", pathEpochs))
        if let ratios = plane.explainedVarianceRatio { arrays.append(row("explained_variance_ratio", ratios)) }
        arrays.append(NumPyArchive.Array(name: "samples", integers: samples.map(Int64.init)))
        return arrays
    }
}

/// The mean loss of networks shaped as a template on fixed examples: one batched forward pass
/// per parameter vector (in blocks of rows for wide layers).
struct LossEvaluator: Sendable {
    let template: Network<Float>
    let examples: Examples<Float>
    let rowsPerPass: Int

    /// The loss of the template's network with flat parameters `flat` (W1, b1, W2, b2, …); NaN without examples.
    func loss(_ flat: [Float]) -> Float {
        guard examples.count > 0 else { return .nan }
        var network = template
        var offset = 0
        for index in network.layers.indices {
            let (rows, columns) = (network.layers[index].weight.rows, network.layers[index].weight.columns)
            network.layers[index].weight = Matrix(rows: rows, columns: columns, elements: Array(flat[offset..<offset + rows * columns]))
            offset += rows * columns
            network.layers[index].bias = Matrix(rows: 1, columns: columns, elements: Array(flat[offset..<offset + columns]))
            offset += columns
        }
        return network.loss.evaluate(output: output(of: network), targets: examples.targets).value
    }

    /// The network's raw output for every example, at most `rowsPerPass` rows at a time.
    private func output(of network: Network<Float>) -> Matrix<Float> {
        let inputs = examples.inputs
        guard inputs.rows > rowsPerPass else { return network(inputs) }
        var blocks: [Matrix<Float>] = []
        for start in stride(from: 0, to: inputs.rows, by: rowsPerPass) {
            blocks.append(network(inputs.gatheringRows(start..<min(start + rowsPerPass, inputs.rows))))
        }
        return Matrix(stackingRowsOf: blocks)
    }
}
