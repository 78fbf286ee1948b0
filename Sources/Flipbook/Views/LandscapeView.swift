import Foundation
import FrameStore
import Neural
import Render

/// The loss landscape: `landscape.gif` (the training loss over a plane through the final
/// parameters, the optimizer's path walking over it, the loss curves beside it in step), its
/// stills at the key epochs, `landscape.png` with the whole path, `interpolation.png` (the loss
/// along the straight line from the initial to the final parameters) and `landscape.npz`.
///
/// The surface is computed once per run (`LossLandscape`); a frame only draws the path.
struct LandscapeView: PictureFamily {
    static let viewName = "landscape"
    static let sentences = [
        "landscape.gif": "The training loss over a plane in parameter space through the final parameters (the deeper the blue, the lower; contour lines), the optimizer's path walking over it from its start (ring) to the current epoch (red), beside the loss curves.",
        "landscape_epoch_EPOCH.png": "The loss landscape and the optimizer's path up to epoch EPOCH.",
        "landscape.png": "The loss landscape with the optimizer's whole path, the key epochs marked on it.",
        "interpolation.png": "The training and test loss along the straight line from the initial (α = 0) to the final parameters (α = 1), and beyond.",
        "landscape.npz": "The loss landscape for NumPy: directions, center, alpha, beta, loss (loss[i, j] at center + alpha[j] · directions[0] + beta[i] · directions[1]), start, path, path_epochs, explained_variance_ratio, samples.",
    ]

    let landscape: LossLandscape
    let panel: LandscapePanel
    /// The panel's surface, axes and caption, drawn once.
    let template: Canvas
    let size: Int
    let scene: RunScene
    /// Each recorded frame's timeline place → its point's index in the path.
    let pathIndex: [Int: Int]
    let font: Font
    let bold: Font

    init?(subject: RunSubject) throws {
        guard Self.problem(with: subject) == nil else { return nil }
        let settings = subject.pictures
        let key = "landscape \(settings.landscapePlane.rawValue) \(settings.landscapeGrid)"
        guard let landscape = try subject.computed.value(key, { try Self.compute(subject) }) else { return nil }
        self.landscape = landscape
        (scene, size, font, bold) = (subject.scene, settings.size, subject.font, subject.bold)
        pathIndex = Dictionary(subject.positions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let (alpha, beta) = (landscape.alpha, landscape.beta)
        let panel = LandscapePanel(frame: Rect(x: 0, y: 0, width: size, height: size), domain: LossLandscape.domain(alpha: alpha, beta: beta),
                                   axisNames: landscape.plane.kind == .trajectory ? ("α: PC 1", "β") : ("α", "β"), font: font, bold: bold)
        self.panel = panel
        let (low, high, logScale) = LossLandscape.colourScale(of: landscape.loss)
        template = Canvas(width: size, height: size)
        panel.drawBackground(on: template, values: LossLandscape.topDown(landscape.loss, columns: alpha.count), columns: alpha.count,
                             rows: beta.count, low: low, high: high, logScale: logScale,
                             caption: Self.caption(landscape, scene: subject.scene, logScale: logScale, low: low, high: high))
    }

    /// The landscape of `subject`'s run as its settings ask, from every recorded frame's
    /// parameters and the initial ones when the store keeps them (read a block at a time).
    static func compute(_ subject: RunSubject) throws -> LossLandscape? {
        let store = subject.store, scene = subject.scene
        guard let last = subject.positions.last, let firstPosition = subject.positions.first else { return nil }
        let initial = store.run.initialParameters.isEmpty ? nil
            : try RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters")
        let frames = subject.positions.map { ParameterPath.Point.frame(store, Moment(epoch: scene.timeline[$0].epoch, step: scene.timeline[$0].step)) }
        let path = ParameterPath(points: (initial == nil ? [] : [.initial(store)]) + frames)
        let ends = try subject.networks(at: [firstPosition, last])
        return try LossLandscape(scene: scene, data: store.run.dataset, path: path, hasStart: initial != nil, final: ends[1],
                                 first: initial ?? ends[0], epochs: subject.positions.map(scene.position(at:)),
                                 kind: subject.pictures.landscapePlane, gridSize: subject.pictures.landscapeGrid)
    }

    /// The most multiply-adds the surface may take when the landscape is drawn by default (about
    /// a second on two cores); a larger one is drawn only when `--views` asks for it.
    static let defaultWork = 50_000_000_000.0

    /// The multiply-adds of the surface: a forward pass of every grid point over the examples.
    static func work(of subject: RunSubject) -> Double {
        let store = subject.store, grid = Double(subject.pictures.landscapeGrid)
        let examples = min(store.run.dataset.trainingRows.count, LossLandscape.maximumSamples)
        return grid * grid * Double(examples) * Double(store.run.architecture.parameterCount)
    }

    /// Why `subject` has no landscape, or nil when it has one.
    static func problem(with subject: RunSubject) -> String? {
        let store = subject.store
        guard store.run.model == .network else {
            return "this run stored fields, not parameters: there is no loss landscape to draw; skipping the landscape view"
        }
        if case .diverged(let epoch) = store.run.status {
            return "training diverged at epoch \(epoch): its parameters ran off any surface, so no loss landscape is drawn"
        }
        guard subject.positions.count >= 2 else {
            return "the loss landscape needs at least two recorded epochs with parameters (this run has \(subject.positions.count)); skipping it"
        }
        guard store.run.dataset.isTest.contains(false) else {
            return "the store keeps no training examples (an image store written before schema 4 keeps only the test images its pictures show): there is no loss landscape to draw; skipping it"
        }
        let asked = subject.pictures.views?.contains { $0.rawValue == viewName } ?? false
        if !asked, work(of: subject) > defaultWork {
            return String(format: "the loss landscape of this network would take %.2g multiply-adds (a %d × %d grid of forward passes): it is drawn only when asked for (--views landscape, a smaller --landscape-grid)",
                          work(of: subject), subject.pictures.landscapeGrid, subject.pictures.landscapeGrid)
        }
        return nil
    }

    /// Diverged, too short and too large runs are said always; a run of fields or without
    /// training examples only when the view was asked for.
    static func reasonNotDrawn(for subject: RunSubject, asked: Bool) -> String? {
        guard let problem = problem(with: subject) else { return nil }
        let alwaysSaid: Bool = if case .diverged = subject.store.run.status { true }
            else { subject.positions.count < 2 || (subject.store.run.dataset.isTest.contains(false) && work(of: subject) > defaultWork) }
        return asked || (alwaysSaid && subject.store.run.model == .network) ? problem : nil
    }

    /// The caption: how the plane was made, what the loss was measured on, and the colour scale.
    static func caption(_ landscape: LossLandscape, scene: RunScene, logScale: Bool, low: Float, high: Float) -> [String] {
        let plane = landscape.plane
        return caption(kind: plane.kind, explained: plane.explainedVarianceRatio, secondIsRandom: plane.secondDirectionIsRandom,
                       points: landscape.path.count + (landscape.start == nil ? 0 : 1), samples: landscape.samples.count,
                       trainingCount: landscape.trainingCount, logScale: logScale, low: low, high: high)
    }

    /// The caption's two lines from what they say: the plane (its kind, the share of the path's
    /// variance each direction explains, whether the second is random, the path's points), the
    /// examples the loss is measured on (`samples` of `trainingCount`) and the colour scale.
    static func caption(kind: LandscapePlaneKind, explained: [Double]?, secondIsRandom: Bool, points: Int, samples: Int,
                        trainingCount: Int, logScale: Bool, low: Float, high: Float) -> [String] {
        let first: String
        switch kind {
        case .trajectory:
            let ratios = (explained ?? [0, 0]).map { String(format: "%.1f %%", 100 * $0) }
            first = secondIsRandom
                ? "PCA of the path (\(points) points): α explains \(ratios[0]) of its variance; β random, ⟂ α"
                : "PCA of the path (\(points) points): α explains \(ratios[0]), β \(ratios[1]) of its variance"
        case .random:
            first = "Two random filter-normalised directions (seed \(LandscapePlane.seed)); the path's shadow on them"
        }
        // Each line fits a 480-pixel panel whole (TitleFitTests): Fashion-MNIST's sample is
        // "4096 of 60000 examples (stratified)".
        let examples = samples < trainingCount ? "\(samples) of \(trainingCount) examples (stratified)" : "all \(trainingCount) training examples"
        let scale = String(format: "%@ scale %.3g … %.3g", logScale ? "log" : "linear", low, high)
        return [first, "Training loss on \(examples); \(scale)"]
    }

    var animation: AnimationShape? { AnimationShape(name: "landscape.gif", width: 2 * size, height: size) }
    var keyStillStem: String? { "landscape" }

    func frame(_ drawn: RunFrame) -> Canvas {
        let canvas = framePanel(upTo: drawn.position.flatMap { pathIndex[$0] }, position: drawn.position)
        canvas.paste(drawn.metrics, at: size, 0)
        return canvas
    }

    /// A frame's canvas with the panel drawn: the path up to point `index` (nil: only the start,
    /// before training), titled with timeline record `position`.
    private func framePanel(upTo index: Int?, position: Int?, labels: [(x: Double, y: Double, text: String)] = []) -> Canvas {
        let canvas = Canvas(width: 2 * size, height: size)
        canvas.paste(template, at: 0, 0)
        var points = landscape.start.map { [(x: $0.alpha, y: $0.beta)] } ?? []
        if let index { points += landscape.path[...index].map { (x: $0.alpha, y: $0.beta) } }
        let label = position.map(scene.epochLabel(at:)) ?? "before training"
        let loss = position.map { scene.timeline[$0].trainLoss }
        let title = "Loss landscape · " + (position == nil ? label : "epoch \(label)") + (loss.map { $0.isFinite ? String(format: " · train loss %.3f", $0) : "" } ?? "")
        panel.drawFrame(on: canvas, paths: [LandscapePanel.Path(points: points, color: Palette.classColor(1), labels: labels)], title: title)
        return canvas
    }

    /// `landscape.png` (the whole path, key epochs marked, beside the whole loss curves) and
    /// `interpolation.png`.
    func finalStills(of subject: RunSubject, last: RunFrame?) throws -> [Still] {
        let lastIndex = landscape.path.count - 1
        let labels = subject.keyEpochs.compactMap { epoch -> (x: Double, y: Double, text: String)? in
            guard let position = scene.index(ofEpoch: epoch), let index = pathIndex[position] else { return nil }
            return (landscape.path[index].alpha, landscape.path[index].beta, "\(epoch)")
        }
        let whole = framePanel(upTo: lastIndex, position: subject.lastPosition, labels: labels)
        whole.paste(subject.metrics.draw(upTo: subject.lastPosition, keySteps: subject.keyIndices, title: "Training and test loss"), at: size, 0)
        var stills = [Still(name: "landscape.png", canvas: whole, detail: "the whole path, \(landscape.path.count) recorded epochs")]
        if let interpolation = landscape.interpolation { stills.append(interpolationStill(interpolation)) }
        return stills
    }

    /// `interpolation.png`: the two losses against α, with α = 0 and 1 marked.
    func interpolationStill(_ line: LossLandscape.Interpolation) -> Still {
        let canvas = Canvas(width: size, height: size)
        let values = (line.train + line.test).filter { $0.isFinite && $0 > 0 }
        let logScale = (values.max() ?? 1) / max(values.min() ?? 1, 1e-30) >= 10
        let from = line.fromInitial ? "initial" : "epoch \(line.fromEpoch)"
        let chart = LineChart(frame: canvas.bounds,
                              series: [LineSeries(name: "train", values: line.train, color: Palette.classColor(0)),
                                       LineSeries(name: "test", values: line.test, color: Palette.classColor(1))],
                              xLabel: "α: (1 − α) θ_\(line.fromInitial ? "initial" : "epoch \(line.fromEpoch)") + α θ_final",
                              yLabel: scene.architecture.loss.rawValue.replacingOccurrences(of: "-", with: " "), logScale: logScale,
                              font: font, bold: bold, positions: line.alphas)
        chart.drawBackground(on: canvas)
        for (alpha, name) in [(0.0, from), (1.0, "final")] {
            let top = chart.pixel(alpha, chart.yRange.upperBound), bottom = chart.pixel(alpha, chart.yRange.lowerBound)
            canvas.strokeSegment(from: Point(top.x, Double(chart.plot.y)), to: Point(bottom.x, Double(chart.plot.maxY)),
                                 thickness: 1.2 * chart.metrics.scale, color: Palette.grey(0.5), opacity: 0.8)
            guard let x = clampedPixel(top.x) else { continue }
            canvas.drawText(name, x: x + chart.metrics.px(4), y: chart.plot.y + chart.metrics.px(14), style: chart.metrics.small,
                            color: Palette.grey(0.75))
        }
        chart.drawFrame(on: canvas, upTo: line.alphas.count - 1, title: "Loss from \(from) to final parameters")
        let detail = line.fromInitial ? "from the initial to the final parameters" : "from epoch \(line.fromEpoch) (the store keeps no initial parameters)"
        return Still(name: "interpolation.png", canvas: canvas, detail: detail)
    }

    /// `landscape.npz`.
    func dataFiles(of subject: RunSubject) throws -> [DataFile] {
        let grid = "\(landscape.beta.count) × \(landscape.alpha.count)"
        return [DataFile(name: "landscape.npz", bytes: Data(NumPyArchive.npz(landscape.archive())),
                         detail: "the \(landscape.plane.kind.rawValue) plane, the \(grid) grid of losses and the path")]
    }
}
