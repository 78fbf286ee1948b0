import CKernels
import FrameStore
import LinearAlgebra
import Neural
import Render

/// `network.gif`: the network as a diagram (inputs, every hidden unit's map over the plane,
/// the output units, every connection and bias) beside the boundary panel and the loss chart.
///
/// Frame layout: the diagram on the left, two panels high; the boundary panel (the output as
/// the data sees it) at the top right; the loss chart, with a marker at the epoch, under it.
struct NetworkView: Sendable {
    /// The most hidden layers the diagram draws.
    static let maximumHiddenLayers = 4

    let scene: RunScene
    let survey: RunSurvey
    let diagram: NetworkDiagram
    let template: Canvas
    let size: Int
    /// Each hidden layer's activation, and the output's kind ("sigmoid", "softmax").
    let activations: [Activation]
    let outputName: String
    /// The input column's units (the grid's inputs, the same every frame), made once.
    let inputUnits: [NetworkDiagram.Unit]
    /// The frames' title ("Inside the network · 2 → 16 → 1"): every frame's network has the
    /// run's sizes.
    let title: String

    /// The view of `scene` at panel size `size`, or nil when the data has no input plane (not
    /// two features with classes) or the network has more than four hidden layers; its text
    /// sized for a picture of `textSize` pixels (`size` when nil).
    init?(scene: RunScene, survey: RunSurvey, network: Network<Float>, size: Int, font: Font, bold: Font, textSize: Int? = nil) {
        guard scene.kind == .boundary, network.layers.count - 1 <= Self.maximumHiddenLayers else { return nil }
        self.scene = scene
        self.survey = survey
        self.size = size
        activations = network.layers.dropLast().map(\.activation)
        outputName = network.loss == .binaryCrossEntropy ? "sigmoid" : network.loss == .softmaxCrossEntropy ? "softmax" : "identity"
        let inputs = survey.chosenInputs.map { DataPlane.shownName(scene.featureNames.indices.contains($0) ? scene.featureNames[$0] : "x\($0 + 1)") }
        let columns = Self.columns(network, inputs: inputs, chosen: survey.chosen, chosenOutputs: survey.chosenOutputs, outputName: outputName)
        let height = 2 * size
        let width = NetworkDiagram.width(for: columns, panelSize: size, height: height, font: font, bold: bold, textSize: textSize)
        diagram = NetworkDiagram(frame: Rect(x: 0, y: 0, width: width, height: height), panelSize: size, columns: columns,
                                 gridColumns: scene.fieldSize, gridRows: scene.fieldSize, font: font, bold: bold, textSize: textSize)
        template = Canvas(width: width + size, height: height)
        diagram.drawBackground(on: template)
        inputUnits = Self.inputUnits(scene.gridInputs, chosen: survey.chosenInputs)
        // The input units are the same in every frame: drawn once, on the template (where every
        // frame's unit area is painted anew), and copied from there.
        diagram.drawInputs(inputUnits, on: template)
        title = Self.title(network)
    }

    /// The input column's units: each chosen input over the grid, on one scale as wide as the
    /// largest finite |input|.
    static func inputUnits(_ inputs: Matrix<Float>, chosen: [Int]) -> [NetworkDiagram.Unit] {
        let inputLimit = max(inputs.elements.reduce(Float(0)) { max($0, abs($1).isFinite ? abs($1) : 0) }, 1e-6)
        return chosen.map { i in
            NetworkDiagram.Unit(values: (0..<inputs.rows).map { inputs[$0, i] }, scale: .diverging(center: 0, limit: inputLimit))
        }
    }

    /// "Inside the network · 2 → 16 → 1".
    static func title(_ network: Network<Float>) -> String {
        "Inside the network · " + network.sizes.map(String.init).joined(separator: " → ")
    }

    /// The layers of the run's networks.
    var layerCount: Int { activations.count + 1 }

    /// The frame's size.
    var width: Int { template.width }
    var height: Int { template.height }

    /// The columns: inputs, each hidden layer ("hidden 1 · relu · 16 units"), the outputs.
    static func columns(_ network: Network<Float>, inputs: [String], chosen: [[Int]], chosenOutputs: [Int], outputName: String) -> [NetworkDiagram.Column] {
        func units(_ shown: Int, of total: Int) -> String {
            shown == total ? "\(total) unit\(total == 1 ? "" : "s")" : "\(shown) of \(total) units"
        }
        let subtitle = inputs.count == network.inputSize ? "standardised" : "\(inputs.count) of \(network.inputSize) inputs"
        var columns = [NetworkDiagram.Column(title: "inputs", subtitle: subtitle, unitCount: inputs.count, unitLabels: inputs)]
        for (l, shown) in chosen.enumerated() {
            let layer = network.layers[l]
            columns.append(.init(title: "hidden \(l + 1)", subtitle: "\(layer.activation.name) · " + units(shown.count, of: layer.outputSize),
                                 unitCount: shown.count))
        }
        let outputs = network.outputSize
        columns.append(.init(title: "output", subtitle: "\(outputName) · " + units(chosenOutputs.count, of: outputs),
                             unitCount: chosenOutputs.count))
        return columns
    }

    /// The frame of `network` at `epoch`, whose pass over the grid is `grid`, with the epoch's
    /// boundary panel and loss chart pasted on the right.
    func draw(network: Network<Float>, grid: LayerProbe, prediction: Matrix<Float>? = nil, panel: Canvas?, metrics: Canvas) -> Canvas {
        // The template only where nothing paints over it whole: not under the diagram's title
        // line and units, nor under the pasted panel and chart.
        var painted = diagram.paintedEachFrame
        if let panel { painted.append(Rect(x: diagram.frame.width, y: 0, width: panel.width, height: panel.height)) }
        painted.append(Rect(x: diagram.frame.width, y: size, width: metrics.width, height: metrics.height))
        let canvas = Canvas(template: template, except: painted)
        drawDiagram(network: network, grid: grid, prediction: prediction, title: network.layers.count == layerCount ? title : Self.title(network),
                    on: canvas)
        if let panel { canvas.paste(panel, at: diagram.frame.width, 0) }
        canvas.paste(metrics, at: diagram.frame.width, size)
        return canvas
    }

    /// The diagram alone (the frame's left part) of `network`, titled `title`, on a canvas holding the template.
    func drawDiagram(network: Network<Float>, grid: LayerProbe, prediction: Matrix<Float>? = nil, title: String, on canvas: Canvas) {
        diagram.drawFrame(on: canvas, title: title, units: units(network, grid: grid, prediction: prediction), connections: connections(network),
                          keptInputs: grid.output.rows > 0 ? template : nil)
    }

    /// Every column's units for this frame; `paintingLayers` false draws each hidden unit from
    /// its own values (the plain path the tests hold the painted maps to).
    func units(_ network: Network<Float>, grid: LayerProbe, prediction: Matrix<Float>? = nil, paintingLayers: Bool = true) -> [[NetworkDiagram.Unit]] {
        var columns: [[NetworkDiagram.Unit]] = [grid.output.rows > 0 ? inputUnits
            : Self.inputUnits(Matrix(rows: 0, columns: scene.gridInputs.columns), chosen: survey.chosenInputs)]
        let hiddenLayers = grid.wholeLayers.count
        // Gathered only for layers the pass did not keep whole (`units` gathers them all).
        var gathered: [[[Float]]]? = nil
        for (l, shown) in survey.chosen.enumerated() where l < hiddenLayers {
            let layer = network.layers[l]
            let scale: UnitScale = activations[l] == .sigmoid ? .diverging(center: 0.5, limit: 0.5)
                : .diverging(center: 0, limit: survey.activationLimits[l])
            let biasScale = UnitScale.diverging(center: 0, limit: survey.biasLimits[l])
            // The layer's maps painted together from its activations (no unit copied out of them),
            // whether each unit is dead read there too.
            if paintingLayers, let whole = grid.wholeLayers[l],
               let maps = UnitMap.paintLayer(whole.elements, stride: whole.columns, units: shown, columns: diagram.gridColumns,
                                             rows: diagram.gridRows, scale: scale, width: diagram.unitSide, height: diagram.unitSide) {
                let live = activations[l] == .relu ? Self.nonzeroColumns(whole, shown) : []
                columns.append(shown.enumerated().map { k, unit in
                    NetworkDiagram.Unit(painted: maps, index: k, scale: scale, bias: layer.bias.elements[unit], biasScale: biasScale,
                                        isDead: activations[l] == .relu && !live[k])
                })
                continue
            }
            if gathered == nil { gathered = grid.units }
            columns.append(zip(shown, gathered![l]).map { unit, values in
                NetworkDiagram.Unit(values: values, scale: scale, bias: layer.bias.elements[unit], biasScale: biasScale,
                                    isDead: activations[l] == .relu && Self.allZero(values))
            })
        }
        columns.append(outputUnits(network, grid: grid, prediction: prediction))
        return columns
    }

    /// The output units: P(class 1) around ½ for one sigmoid unit, each class's probability in
    /// its own colour for more units (softmax or one sigmoid per class).
    /// `prediction`, when given, is that of `grid`'s output (computed once for the frame).
    func outputUnits(_ network: Network<Float>, grid: LayerProbe, prediction: Matrix<Float>? = nil) -> [NetworkDiagram.Unit] {
        let probabilities = prediction ?? network.loss.prediction(fromOutput: grid.output)
        let layer = network.layers[network.layers.count - 1]
        let biasScale = UnitScale.diverging(center: 0, limit: survey.biasLimits[network.layers.count - 1])
        return survey.chosenOutputs.map { k in
            // One column: the elements are its values, in order (the usual sigmoid output).
            let values = probabilities.columns == 1 ? probabilities.elements : (0..<probabilities.rows).map { probabilities[$0, k] }
            let scale: UnitScale = probabilities.columns == 1 ? .diverging(center: 0.5, limit: 0.5) : .ramp(classIndex: k, limit: 1)
            return NetworkDiagram.Unit(values: values, scale: scale, bias: layer.bias.elements[k], biasScale: biasScale)
        }
    }

    /// Whether each of `units` (columns of `layer`, all inside it) has a value that is not zero
    /// (either sign; NaN is one): `!allZero` of each unit's column.
    static func nonzeroColumns(_ layer: Matrix<Float>, _ units: [Int]) -> [Bool] {
        var nonzero = [UInt8](repeating: 0, count: units.count)
        layer.elements.withUnsafeBufferPointer { values in
            flipbook_columns_nonzero_f32(values.baseAddress!, layer.rows, layer.columns, units, units.count, &nonzero)
        }
        return nonzero.map { $0 != 0 }
    }

    /// Whether every value is zero (either sign; NaN is not), as `!values.contains { $0 != 0 }`,
    /// a few hundred values at a time with the bits of their magnitudes or-ed together (a loop
    /// the compiler makes vector), until a block holds one that is not.
    static func allZero(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { v in
            var start = 0
            while start < v.count {
                let end = min(start + 256, v.count)
                var bits: UInt32 = 0
                for i in start..<end { bits |= v[i].bitPattern & 0x7fff_ffff }
                if bits != 0 { return false }
                start = end
            }
            return true
        }
    }

    /// The connections between consecutive columns, on the survey's scales.
    func connections(_ network: Network<Float>) -> [NetworkDiagram.Connections] {
        network.layers.enumerated().map { l, layer in
            let sources = l == 0 ? survey.chosenInputs : survey.chosen[l - 1]
            let targets = l < survey.chosen.count ? survey.chosen[l] : survey.chosenOutputs
            var edges: [NetworkDiagram.Edge] = []
            edges.reserveCapacity(sources.count * targets.count)
            for (i, source) in sources.enumerated() {
                for (j, target) in targets.enumerated() {
                    edges.append(.init(from: i, to: j, weight: layer.weight[source, target]))
                }
            }
            return NetworkDiagram.Connections(edges: edges, limit: survey.weightLimits[l])
        }
    }
}

extension NetworkView: PictureFamily {
    static let viewName = "network"
    static let sentences = [
        "network.gif": "Inside the network: every hidden unit as a map of its activation over the same plane (columns by layer, one colour scale per layer for the whole run), connections orange for positive and blue for negative weights, wider and darker the larger they are, biases as the small squares on the units, beside the output's boundary and the loss.",
        "network_epoch_EPOCH.png": "Every unit, weight and bias of the network at epoch EPOCH.",
    ]

    /// The run's diagram (built with the hidden space, which shares its survey).
    init?(subject: RunSubject) {
        guard let view = subject.inside?.network else { return nil }
        self = view
    }

    /// Image data has `weights.gif` under this name instead; a stored field has no network.
    static func reasonNotDrawn(for subject: RunSubject, asked: Bool) -> String? {
        if subject.store.run.model != .network {
            return asked ? "this run stored fields, not networks: there is no network to look inside; skipping the network view" : nil
        }
        guard asked || subject.scene.kind == .boundary, subject.scene.kind != .images else { return nil }
        return "the network view needs classes (two features, or more through a plane) and at most \(maximumHiddenLayers) hidden layers (or image data, for weights.gif); skipping it"
    }

    var animation: AnimationShape? { AnimationShape(name: "network.gif", width: width, height: height) }
    var keyStillStem: String? { "network" }

    func frame(_ drawn: RunFrame) -> Canvas {
        guard let grid = drawn.probes?.grid, let network = drawn.model.network else { return Canvas(width: width, height: height) }
        return draw(network: network, grid: grid, prediction: drawn.probes?.gridPrediction, panel: drawn.panel?.canvas, metrics: drawn.metrics)
    }
}
