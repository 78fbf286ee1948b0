import Foundation
import FrameStore
import Neural
import Render

/// `hidden_space.gif`: the samples as the last hidden layer sees them, through the run's one
/// fixed projection, with a grid of the input plane bent by the network (2-D data); for image
/// data, the shown test images' activations.
struct HiddenSpaceView: Sendable {
    /// Every how many grid points a line of the input plane is drawn.
    static let lineEvery = 8

    let scene: RunScene
    let survey: RunSurvey
    let panel: HiddenSpacePanel
    let template: Canvas
    /// The caption's first lines: the layer and how it is projected.
    let how: [String]
    /// Whether the layer is ReLU (its zero rows are counted).
    let countsOrigin: Bool
    /// The grid points the lines go through (`projectedGridPoints`), the only ones projected.
    let projectedGridPoints: [Int]
    /// Each line's points as places in `projectedGridPoints` (so in the grid pass's `projected`).
    let lineSlots: [[Int]]
    /// The caption row of the frame's note: under the wrapped lines of `how` (wrapped once, not per frame).
    let noteRow: Int

    /// The view of `scene` (2-D data or images) whose last hidden layer `survey` projects; nil
    /// for other data or a network without a hidden layer.
    init?(scene: RunScene, survey: RunSurvey, network: Network<Float>, size: Int, font: Font, bold: Font) {
        guard scene.kind == .boundary || scene.kind == .images, let projection = survey.projection,
              let layer = network.layers.dropLast().last else { return nil }
        self.scene = scene
        self.survey = survey
        let height = size + HiddenSpacePanel.captionHeight(size: size)
        let names: (String, String) = switch projection.method {
        case .own: ("h₁", "h₂")
        case .line: ("h₁", "")
        case .principal: ("PC₁", "PC₂")
        }
        panel = HiddenSpacePanel(frame: Rect(x: 0, y: 0, width: size, height: height), domain: survey.hiddenDomain,
                                 classNames: scene.classNames, axisNames: names, font: font, bold: bold, mistakeLabel: scene.sample.mistakeLabel)
        template = Canvas(width: size, height: height)
        countsOrigin = layer.activation == .relu
        projectedGridPoints = Self.projectedGridPoints(scene.fieldSize)
        let slot = Dictionary(uniqueKeysWithValues: projectedGridPoints.enumerated().map { ($1, $0) })
        lineSlots = Self.lineGridPoints(scene.fieldSize).map { line in line.map { slot[$0] ?? 0 } }
        how = Self.describe(projection, layer: layer, index: network.layers.count - 1, survey: survey, images: scene.kind == .images)
        panel.drawBackground(on: template, caption: how)
        noteRow = panel.captionRows(how).count
    }

    /// "hidden 2 · relu · 16 units, on its first two principal components" and how they were found.
    static func describe(_ projection: Projection, layer: Dense<Float>, index: Int, survey: RunSurvey, images: Bool) -> [String] {
        let name = "hidden \(index) · \(layer.activation.name) · \(layer.outputSize) unit\(layer.outputSize == 1 ? "" : "s")"
        switch projection.method {
        case .own: return [name + ", in its own coordinates (h₁, h₂)"]
        case .line: return [name + ", along its one axis"]
        case .principal(let variance):
            let data = images ? "the \(survey.projectionRows) stored test images" : "\(survey.projectionRows) training points"
            return [name + ", on its first two principal components",
                    String(format: "PCA of %@ at epoch %d (%.0f %% of the variance), fixed for the run",
                           data, survey.projectionEpoch, 100 * variance)]
        }
    }

    /// The frame at `epoch`: `samples` is the pass over the samples, `grid` over the field's grid
    /// (2-D data), `marked` the drawn points with their mistakes ringed (2-D data) when already worked out.
    func draw(network: Network<Float>, samples: LayerProbe, grid: LayerProbe?, title: String,
              marked: [ScatterPoint]? = nil) -> Canvas {
        let canvas = Canvas(copying: template)
        var points: [ScatterPoint]
        if scene.kind == .boundary, let marked {
            points = marked
        } else {
            let predicted = network.predictedClasses(fromOutput: samples.output)
            points = scene.kind == .boundary ? scene.markedPoints(predicted: predicted).points : imagePoints(predicted)
        }
        for i in points.indices where i < samples.projected.count {
            (points[i].x, points[i].y) = samples.projected[i]
        }
        let note = countsOrigin ? Self.originNote(points: points, allZero: samples.allZero, images: scene.kind == .images,
                                                  sampled: !scene.sample.isEverything) : nil
        panel.drawFrame(on: canvas, lines: grid.map(lines) ?? [], points: points, title: title, note: note, noteRow: noteRow)
        return canvas
    }

    /// "12 of 800 training points at the origin (every unit zero)": the drawn training points
    /// (`points`, every image) whose last hidden layer is zero in every unit (`allZero`, one per
    /// point). When the points are a sample of many (`sampled`), they are counted among the
    /// drawn ones only, and the note says "shown" (a true count would cost a pass over every point each frame).
    static func originNote(points: [ScatterPoint], allZero: [Bool], images: Bool, sampled: Bool) -> String {
        let training = points.indices.filter { !points[$0].isTest || images }
        let zero = training.filter { $0 < allZero.count && allZero[$0] }.count
        let shown = sampled ? "shown " : ""
        return "\(zero) of \(training.count) \(images ? "images" : shown + "training points") at the origin (every unit zero)"
    }

    /// The shown test images as points of their class, their mistakes marked.
    func imagePoints(_ predicted: [Int]) -> [ScatterPoint] {
        scene.labels.indices.map { i in
            ScatterPoint(x: 0, y: 0, classIndex: scene.labels[i], isTest: false,
                         isMisclassified: i < predicted.count && predicted[i] != scene.labels[i])
        }
    }

    /// Every `lineEvery`-th row and column of the field's grid (and the last), through the
    /// projection, each drawn through every third grid point (smooth enough at a third of the cost).
    func lines(_ grid: LayerProbe) -> [[(x: Double, y: Double)]] {
        guard grid.projected.count == projectedGridPoints.count else { return [] }
        return lineSlots.map { line in line.map { grid.projected[$0] } }
    }

    /// The grid points (row-major indices into an `n × n` grid) the lines go through: the rows'
    /// lines, then the columns'.
    static func lineGridPoints(_ n: Int) -> [[Int]] {
        guard n >= 1 else { return [] }
        let picks = Array(stride(from: 0, to: n - 1, by: lineEvery)) + [n - 1]
        let along = Array(stride(from: 0, to: n - 1, by: 3)) + [n - 1]
        return picks.map { r in along.map { r * n + $0 } } + picks.map { c in along.map { $0 * n + c } }
    }

    /// The points of the `n × n` grid a line goes through, in increasing order: only those are
    /// projected (a tenth of the grid at the default size).
    static func projectedGridPoints(_ n: Int) -> [Int] {
        Set(lineGridPoints(n).joined()).sorted()
    }
}

extension HiddenSpaceView: PictureFamily {
    static let viewName = "hidden"
    static let sentences = [
        "hidden_space.gif": "The data as the last hidden layer sees it, through one projection fixed for the run, with a grid of the input plane carried through the network: the layer bends and folds the plane until the classes come apart.",
        "hidden_space_epoch_EPOCH.png": "The last hidden layer's view of the data at epoch EPOCH.",
    ]

    /// The run's hidden space (built with the network diagram, which shares its survey).
    init?(subject: RunSubject) {
        guard let view = subject.inside?.hidden else { return nil }
        self = view
    }

    static func reasonNotDrawn(for subject: RunSubject, asked: Bool) -> String? {
        guard asked else { return nil }
        return subject.store.run.model != .network
            ? "this run stored fields, not networks: there is no network to look inside; skipping the hidden-space view"
            : "the hidden-space view needs two input features with classes, or images, and a hidden layer; skipping it"
    }

    var animation: AnimationShape? { AnimationShape(name: "hidden_space.gif", width: template.width, height: template.height) }
    var keyStillStem: String? { "hidden_space" }

    func frame(_ drawn: RunFrame) -> Canvas {
        guard let samples = drawn.probes?.samples, let network = drawn.model.network else {
            return Canvas(width: template.width, height: template.height)
        }
        return draw(network: network, samples: samples, grid: drawn.probes?.grid, title: drawn.title, marked: drawn.probes?.marked?.points)
    }
}
