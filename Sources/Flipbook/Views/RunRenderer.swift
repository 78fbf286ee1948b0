import Foundation
import FrameStore
import Neural
import Render

/// Draws every picture of a run from its frame store alone: the animations (one frame per
/// recorded epoch), the key-epoch stills, the loss curve and the final predictions.
///
/// Each epoch's field is computed once and its panels drawn once; the animations share them
/// (the combined animation pastes the boundary and loss panels side by side). Frames are drawn
/// on every core a chunk at a time, then each GIF writer takes the chunk in order.
struct RunRenderer {
    /// A file written, for summaries and the report.
    struct Output: Sendable {
        var name: String
        var detail: String
    }

    var directory: RunDirectory
    let store: FrameStoreReader
    let scene: RunScene
    /// Panel size, frame rate, theme, format, frames and byte budget.
    var pictures: PictureSettings
    /// The epochs drawn as stills, each one recorded.
    let keyEpochs: [Int]
    /// The key epochs' places in the scene's timeline (the same numbers without snapshots inside epochs).
    let keyIndices: [Int]
    /// The frames to draw, by their place in the scene's timeline: without snapshots inside
    /// epochs, the frame epochs themselves.
    let frames: [Int]
    let font: Font
    let bold: Font
    /// The frame epochs the animations show; nil: chosen by `FrameChoice` (`RunRenderer+Frames`).
    var animationFrames: [Int]? = nil
    /// Whether stills are written (a redraw of one animation to fit a budget writes none).
    var writesStills = true
    /// The animations drawn, by name; nil: all of them.
    var onlyAnimations: Set<String>? = nil
    /// How far the picture moves between recorded epochs, measured once when first needed.
    let movement = MovementCache()

    /// A renderer of the run in `store` (opened, so checked), whose run record, metrics and frame
    /// epochs the caller read; every key epoch is a frame (`Pipeline.resolvedKeyEpochs`).
    init(directory: RunDirectory, store: FrameStoreReader, run: StoredRun, metrics: [EpochRecord], frames: [Int],
         pictures: PictureSettings, keyEpochs: [Int]) throws {
        self.directory = directory
        self.store = store
        self.pictures = pictures
        self.keyEpochs = keyEpochs
        scene = RunScene(run: run, metrics: metrics, timeline: store.timeline)
        self.frames = frames
        keyIndices = keyEpochs.compactMap(scene.index(ofEpoch:))
        font = try Font.locate()
        bold = try Font.locate(Font.boldFileName)
    }

    /// The name of a still: `prefix_epoch_007.png`.
    static func stillName(_ prefix: String, epoch: Int) -> String {
        String(format: "%@_epoch_%03d.png", prefix, epoch)
    }

    /// One animation: its name (`NAME.gif`; `AnimationFile` writes its themes, formats and
    /// poster), its width, and how it composes a frame from an epoch's panels.
    struct Animation {
        let name: String
        let width: Int
        let height: Int
        let compose: @Sendable (DrawnEpoch, Canvas) -> Canvas
    }

    /// The views every frame is drawn with.
    struct Views: Sendable {
        let metrics: MetricsView
        let panel: PanelView?
        let weights: WeightsView?
        /// The network diagram and the hidden space, when drawn.
        let inside: InsideViews?
    }

    /// Draws everything; returns the files written.
    func render(progress: ProgressReporter) throws -> [Output] {
        guard let last = frames.last else {
            progress.note("no epoch with parameters was recorded: nothing to draw")
            return []
        }
        let views = Views(metrics: MetricsView(scene: scene, size: pictures.size, font: font, bold: bold),
                          panel: PanelView(scene: scene, size: pictures.size, font: font, bold: bold),
                          weights: pictures.draws(.network)
                              ? try WeightsView(scene: scene, store: store, frames: store.frameEpochs, size: pictures.size, font: font, bold: bold) : nil,
                          inside: try InsideViews(scene: scene, store: store, frames: store.frameEpochs, pictures: pictures, font: font, bold: bold))
        if views.panel == nil, writesStills {
            progress.note(store.run.model == .field
                ? "a stored field of a regression over the plane is not drawn; writing the loss pictures only"
                : "boundary pictures need two features (this data has \(scene.inputs.columns)); writing the loss pictures only")
        }
        if writesStills { noteViewsThatDoNotApply(views, progress: progress) }
        let animations = try makeAnimations(views).filter { onlyAnimations?.contains($0.name) ?? true }
        let shown = try shownFrames(animations, progress: progress)
        let files = try animations.map { try AnimationFile(name: $0.name, directory: directory, width: $0.width, height: $0.height, pictures: pictures) }
        progress.begin("rendering", total: shown.count + (untrainedNetwork() == nil ? 0 : 1))
        let start = monotonicSeconds()
        let lastDrawn = try drawFrames(shown, views, into: animations, files: files, progress: progress)
        progress.end(String(format: "rendered %d of %d recorded epochs in %.2f s", shown.count, frames.count, monotonicSeconds() - start))
        var outputs: [Output] = []
        for file in files { outputs += try finishWithinBudget(file, shown: shown, progress: progress) }
        guard writesStills else { return outputs }
        outputs += try stills(views, last: last, finalMistakes: lastDrawn?.mistakes ?? Mistakes())
        for output in outputs { progress.wrote(output.name, output.detail) }
        return outputs
    }

    /// The animations this run gets: the panel and the combined panel + loss (when the data has
    /// a panel), the loss, and the first layer's weights (image data).
    private func makeAnimations(_ views: Views) throws -> [Animation] {
        let size = pictures.size
        func gif(_ name: String, width: Int, _ compose: @escaping @Sendable (DrawnEpoch, Canvas) -> Canvas) throws -> Animation {
            Animation(name: name, width: width, height: size, compose: compose)
        }
        var animations: [Animation] = []
        if let panel = views.panel, pictures.draws(.boundary) {
            animations.append(try gif("\(panel.name).gif", width: size) { drawn, _ in drawn.panel ?? drawn.metrics })
        }
        if views.panel != nil, pictures.draws(.boundary), pictures.draws(.loss) {
            animations.append(try gif("training.gif", width: 2 * size) { drawn, combined in
                Layout.compose([drawn.panel ?? drawn.metrics, drawn.metrics], columns: 2, into: combined)
                return combined
            })
        }
        if pictures.draws(.loss) {
            animations.append(try gif("loss.gif", width: size) { drawn, _ in drawn.metrics })
        }
        animations += insideAnimations(views.inside)
        if views.weights != nil {
            animations.append(try gif("weights.gif", width: size) { drawn, _ in drawn.weights ?? drawn.metrics })
        }
        return animations
    }

    /// Draws every frame epoch on every core and hands the frames, in order, to the animations;
    /// the panel's stills are written as their epochs are drawn. Returns the last epoch drawn.
    private func drawFrames(_ frames: [Int], _ views: Views, into animations: [Animation], files: [AnimationFile],
                            progress: ProgressReporter) throws -> DrawnEpoch? {
        let untrained = untrainedNetwork()
        let opening = untrained == nil ? 0 : 1
        return try drawInOrder(count: opening + frames.count, progress: progress, draw: { index in
            if index < opening, let untrained { return try drawUntrained(untrained, views) }
            return try drawEpoch(frames[index - opening], views)
        }, sinks: zip(animations, files).flatMap { animation, file in file.sinks(animation.compose) })
    }

    /// Every panel of timeline record `index` (an epoch, or a snapshot inside one), drawn once;
    /// its still, if it is a key epoch.
    private func drawEpoch(_ index: Int, _ views: Views) throws -> DrawnEpoch {
        let epoch = scene.timeline.indices.contains(index) ? scene.timeline[index].epoch : index
        let metrics = pictures.draws(.loss) || views.inside?.network != nil
            ? views.metrics.draw(upTo: index, keySteps: keyIndices) : views.metrics.template
        return try draw(try model(at: index), epoch: epoch, title: scene.title(at: index), metrics: metrics,
                        writingStills: writesStills && keyIndices.contains(index), views)
    }

    /// Every view of `model`, titled `title`, beside `metrics`; the stills of `epoch` when `writingStills`.
    private func draw(_ model: FrameModel, epoch: Int, title: String, metrics: Canvas, writingStills: Bool,
                      _ views: Views) throws -> DrawnEpoch {
        var panel: Canvas? = nil
        var mistakes = Mistakes()
        let probes = model.network.flatMap { views.inside?.probes($0) }
        if let view = views.panel, pictures.draws(.boundary) || views.inside?.network != nil {
            let canvas = Canvas(width: pictures.size, height: pictures.size)
            mistakes = if let probes, let network = model.network {
                view.draw(network: network, probes: probes, epoch: epoch, title: title, on: canvas)
            } else {
                view.draw(model: model, epoch: epoch, title: title, on: canvas)
            }
            if writingStills, pictures.draws(.boundary) {
                _ = try write(canvas, Self.stillName(view.name, epoch: epoch), detail: "")
            }
            panel = canvas
        }
        var drawn = DrawnEpoch(panel: panel, metrics: metrics, weights: model.network.flatMap { views.weights?.draw(network: $0, epoch: epoch) },
                               mistakes: mistakes)
        if let inside = views.inside, let probes, let network = model.network {
            try drawInside(inside, probes: probes, network: network, epoch: epoch, title: title, writingStills: writingStills, into: &drawn)
        }
        return drawn
    }

    /// The network before its first update, when the animations open with it (`--first-frame
    /// untrained`) and the store keeps it (stores of schema 2 on, of runs Flipbook trained).
    private func untrainedNetwork() -> Network<Float>? {
        guard pictures.firstFrame == .untrained, store.run.model == .network, !store.run.initialParameters.isEmpty else { return nil }
        return try? RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters")
    }

    /// The opening frame of `--first-frame untrained`: every view of the untrained network, an
    /// empty loss chart, no stills.
    private func drawUntrained(_ network: Network<Float>, _ views: Views) throws -> DrawnEpoch {
        try draw(.network(network), epoch: 0, title: "Before training", metrics: views.metrics.template, writingStills: false, views)
    }

    /// The network recorded at timeline record `index` (for a field run, which has none, an error).
    func network(at index: Int) throws -> Network<Float> {
        try networks(at: [index])[0]
    }

    /// The networks of timeline records `indices`, read from the store in one go.
    func networks(at indices: [Int]) throws -> [Network<Float>] {
        try models(at: indices).map { model in
            guard let network = model.network else { throw FrameStoreError(path: store.path, "holds fields, not networks") }
            return network
        }
    }

    /// The model recorded at timeline record `index` (a frame of the checked store): its network, or its field.
    func model(at index: Int) throws -> FrameModel {
        try models(at: [index])[0]
    }

    /// The models recorded at timeline records `indices`, read from the store in one go.
    func models(at indices: [Int]) throws -> [FrameModel] {
        let moments = indices.map { index in
            scene.timeline.indices.contains(index) ? Moment(epoch: scene.timeline[index].epoch, step: scene.timeline[index].step)
                : Moment(epoch: index)
        }
        return try zip(moments, store.records(at: moments)).map { moment, record in
            guard let record else { throw FrameStoreError(path: store.path, "\(moment) disappeared while drawing") }
            return try scene.model(of: record, in: store)
        }
    }

    /// The stills: the panel's at the key epochs (already written while drawing), the loss up to
    /// each key epoch, the whole loss curve, the final predictions and the confusion matrix.
    private func stills(_ views: Views, last: Int, finalMistakes: Mistakes) throws -> [Output] {
        var outputs: [Output] = []
        if let panel = views.panel, pictures.draws(.boundary) {
            outputs += keyEpochs.flatMap { epoch in
                themed(Self.stillName(panel.name, epoch: epoch)).map { Output(name: $0, detail: "epoch \(epoch)") }
            }
        }
        outputs += insideStills(views.inside)
        if pictures.draws(.loss) { outputs += try lossStills(views.metrics, last: last) }
        guard pictures.draws(.boundary) else { return outputs }
        if let panel = views.panel {
            let canvas = Canvas(width: pictures.size, height: pictures.size)
            let epoch = scene.timeline.indices.contains(last) ? scene.timeline[last].epoch : last
            _ = panel.draw(model: try model(at: last), epoch: epoch, title: panel.finalTitle(epoch: epoch, mistakes: finalMistakes),
                           on: canvas)
            outputs += try write(canvas, "final_predictions.png", detail: "epoch \(scene.epochLabel(at: last))")
        }
        outputs += try confusionMatrix()
        return outputs
    }

    /// `loss_epoch_N.png` at each key epoch, and `loss_curve.png`.
    private func lossStills(_ metrics: MetricsView, last: Int) throws -> [Output] {
        let keys = keyEpochs.compactMap { epoch in scene.index(ofEpoch: epoch).map { (epoch, $0) } }
        var outputs = try keys.flatMap { epoch, index in
            try write(metrics.draw(upTo: index, keySteps: keyIndices.filter { $0 <= index }),
                      Self.stillName("loss", epoch: epoch), detail: "loss up to epoch \(epoch)")
        }
        let curve = metrics.draw(upTo: max(scene.timeline.count - 1, last), keySteps: keyIndices, title: "Training and test loss")
        outputs += try write(curve, "loss_curve.png", detail: "key epochs \(keyEpochs.map(String.init).joined(separator: ", "))")
        return outputs
    }

    /// `confusion_matrix.png` of the last epoch's test predictions, for classification.
    private func confusionMatrix() throws -> [Output] {
        guard let final = scene.metrics.last, !final.testConfusion.isEmpty, scene.classNames.count >= 2,
              final.testConfusion.count == scene.classNames.count * scene.classNames.count else { return [] }
        let canvas = Canvas(width: pictures.size, height: pictures.size)
        let accuracy = String(format: "%.1f %%", 100 * final.testScore)
        ConfusionMatrixPanel(frame: canvas.bounds, font: font, bold: bold)
            .draw(counts: final.testConfusion.map(Int.init), classNames: scene.classNames,
                  title: "Confusion matrix · epoch \(final.epoch) · test accuracy \(accuracy)", on: canvas)
        return try write(canvas, "confusion_matrix.png", detail: "epoch \(final.epoch)")
    }

    /// Writes `canvas` as the PNG `name` in the output directory, once per theme (`NAME.png`,
    /// `NAME.dark.png`).
    func write(_ canvas: Canvas, _ name: String, detail: String) throws -> [Output] {
        try pictures.theme.themes.map { theme in
            let file = theme.fileName(name)
            try PNGWriter.write(canvas, to: directory.claim(file), theme: theme)
            return Output(name: file, detail: detail)
        }
    }

    /// The files of still `name` in each theme.
    func themed(_ name: String) -> [String] { pictures.theme.themes.map { $0.fileName(name) } }

    /// For each frame of a field run, how far its stored field moved since the frame before (0
    /// for the first): the mean absolute change on every `PictureChange.gridStep`-th grid point.
    func storedFieldMovement(of frames: [Int]) throws -> [Double] {
        var previous: [Float] = []
        return try frames.map { index in
            guard case .field(let field?, _) = try model(at: index) else { return 0 }
            let step = PictureChange.gridStep, side = field.columns, k = field.channels
            var probe: [Float] = []
            for y in stride(from: 0, to: side, by: step) {
                for x in stride(from: 0, to: side, by: step) {
                    let point = (y * side + x) * k
                    probe += field.values[point..<(point + k)]
                }
            }
            defer { previous = probe }
            return previous.isEmpty ? 0 : PictureChange.distance(previous, probe)
        }
    }
}
