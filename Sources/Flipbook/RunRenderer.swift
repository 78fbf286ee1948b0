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
        scene = RunScene(run: run, metrics: metrics)
        self.frames = frames
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
        let compose: @Sendable (DrawnEpoch, Canvas) -> Canvas
    }

    /// The views every frame is drawn with.
    struct Views: Sendable {
        let metrics: MetricsView
        let panel: PanelView?
        let weights: WeightsView?
    }

    /// Draws everything; returns the files written.
    func render(progress: ProgressReporter) throws -> [Output] {
        guard let last = frames.last else {
            progress.note("no epoch with parameters was recorded: nothing to draw")
            return []
        }
        let views = Views(metrics: MetricsView(scene: scene, size: pictures.size, font: font, bold: bold),
                          panel: PanelView(scene: scene, size: pictures.size, font: font, bold: bold),
                          weights: try WeightsView(scene: scene, store: store, frames: frames, size: pictures.size, font: font, bold: bold))
        if views.panel == nil, writesStills {
            progress.note("boundary pictures need two features (this data has \(scene.inputs.columns)); writing the loss pictures only")
        }
        let animations = try makeAnimations(views).filter { onlyAnimations?.contains($0.name) ?? true }
        let shown = try shownFrames(animations, progress: progress)
        let files = try animations.map { try AnimationFile(name: $0.name, directory: directory, width: $0.width, height: pictures.size, pictures: pictures) }
        progress.begin("rendering", total: shown.count)
        let lastDrawn = try drawFrames(shown, views, into: animations, files: files, progress: progress)
        progress.end("rendered \(shown.count) of \(frames.count) recorded epochs")
        var outputs: [Output] = []
        for file in files { outputs += try finishWithinBudget(file, shown: shown, progress: progress) }
        guard writesStills else { return outputs }
        outputs += try stills(views, last: last, finalMistakes: lastDrawn?.mistakes ?? 0)
        for output in outputs { progress.end("\(output.name): \(output.detail)") }
        return outputs
    }

    /// The animations this run gets: the panel and the combined panel + loss (when the data has
    /// a panel), the loss, and the first layer's weights (image data).
    private func makeAnimations(_ views: Views) throws -> [Animation] {
        let size = pictures.size
        func gif(_ name: String, width: Int, _ compose: @escaping @Sendable (DrawnEpoch, Canvas) -> Canvas) throws -> Animation {
            Animation(name: name, width: width, compose: compose)
        }
        var animations: [Animation] = []
        if let panel = views.panel {
            animations.append(try gif("\(panel.name).gif", width: size) { drawn, _ in drawn.panel ?? drawn.metrics })
            animations.append(try gif("training.gif", width: 2 * size) { drawn, combined in
                Layout.compose([drawn.panel ?? drawn.metrics, drawn.metrics], columns: 2, into: combined)
                return combined
            })
        }
        animations.append(try gif("loss.gif", width: size) { drawn, _ in drawn.metrics })
        if views.weights != nil {
            animations.append(try gif("weights.gif", width: size) { drawn, _ in drawn.weights ?? drawn.metrics })
        }
        return animations
    }

    /// Draws every frame epoch on every core and hands the frames, in order, to the animations;
    /// the panel's stills are written as their epochs are drawn. Returns the last epoch drawn.
    private func drawFrames(_ frames: [Int], _ views: Views, into animations: [Animation], files: [AnimationFile],
                            progress: ProgressReporter) throws -> DrawnEpoch? {
        let combined = animations.map { Canvas(width: $0.width, height: pictures.size) }
        return try drawInOrder(count: frames.count, progress: progress, draw: { index in
            try drawEpoch(frames[index], views)
        }, sinks: animations.indices.map { index in
            let animation = animations[index], canvas = combined[index], file = files[index]
            return { chunk in
                for frame in chunk { file.append(animation.compose(frame, canvas)) }
            }
        })
    }

    /// Every panel of `epoch`, drawn once; its still, if it is a key epoch.
    private func drawEpoch(_ epoch: Int, _ views: Views) throws -> DrawnEpoch {
        let network = try network(at: epoch)
        let metrics = views.metrics.draw(upTo: epoch, keySteps: keyEpochs)
        var panel: Canvas? = nil
        var mistakes = 0
        if let view = views.panel {
            let canvas = Canvas(width: pictures.size, height: pictures.size)
            mistakes = view.draw(network: network, epoch: epoch, title: scene.title(epoch: epoch), on: canvas)
            if writesStills, keyEpochs.contains(epoch) {
                _ = try write(canvas, Self.stillName(view.name, epoch: epoch), detail: "")
            }
            panel = canvas
        }
        return DrawnEpoch(panel: panel, metrics: metrics, weights: views.weights?.draw(network: network, epoch: epoch), mistakes: mistakes)
    }

    /// The network recorded at `epoch` (a frame epoch of the checked store).
    func network(at epoch: Int) throws -> Network<Float> {
        guard let record = try store.epoch(epoch) else {
            throw FrameStoreError(path: store.path, "epoch \(epoch) disappeared while drawing")
        }
        return try RunRecorder.network(of: record, in: store)
    }

    /// The stills: the panel's at the key epochs (already written while drawing), the loss up to
    /// each key epoch, the whole loss curve, the final predictions and the confusion matrix.
    private func stills(_ views: Views, last: Int, finalMistakes: Int) throws -> [Output] {
        var outputs: [Output] = []
        if let panel = views.panel {
            outputs += keyEpochs.flatMap { epoch in
                themed(Self.stillName(panel.name, epoch: epoch)).map { Output(name: $0, detail: "epoch \(epoch)") }
            }
        }
        outputs += try lossStills(views.metrics, last: last)
        if let panel = views.panel {
            let canvas = Canvas(width: pictures.size, height: pictures.size)
            _ = panel.draw(network: try network(at: last), epoch: last, title: panel.finalTitle(epoch: last, mistakes: finalMistakes),
                           on: canvas)
            outputs += try write(canvas, "final_predictions.png", detail: "epoch \(last)")
        }
        outputs += try confusionMatrix()
        return outputs
    }

    /// `loss_epoch_N.png` at each key epoch, and `loss_curve.png`.
    private func lossStills(_ metrics: MetricsView, last: Int) throws -> [Output] {
        var outputs = try keyEpochs.flatMap { epoch in
            try write(metrics.draw(upTo: epoch, keySteps: keyEpochs.filter { $0 <= epoch }),
                      Self.stillName("loss", epoch: epoch), detail: "loss up to epoch \(epoch)")
        }
        let curve = metrics.draw(upTo: scene.metrics.last?.epoch ?? last, keySteps: keyEpochs, title: "Training and test loss")
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
    private func write(_ canvas: Canvas, _ name: String, detail: String) throws -> [Output] {
        try pictures.theme.themes.map { theme in
            let file = theme.fileName(name)
            try PNGWriter.write(canvas, to: directory.file(file).relativePath, theme: theme)
            return Output(name: file, detail: detail)
        }
    }

    /// The files of still `name` in each theme.
    private func themed(_ name: String) -> [String] { pictures.theme.themes.map { $0.fileName(name) } }
}
