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
    /// Picture settings.
    struct Options: Sendable {
        var size: Int
        var fps: Int
        var keyEpochs: [Int]
    }

    /// A file written, for summaries and the report.
    struct Output: Sendable {
        var name: String
        var detail: String
    }

    let directory: RunDirectory
    let store: FrameStoreReader
    let scene: RunScene
    let options: Options
    let frames: [Int]
    let font: Font
    let bold: Font

    /// A renderer of the run in `store` (opened, so checked), whose run record, metrics and frame
    /// epochs the caller read.
    init(directory: RunDirectory, store: FrameStoreReader, run: StoredRun, metrics: [EpochRecord], frames: [Int],
         options: Options) throws {
        self.directory = directory
        self.store = store
        self.options = options
        scene = RunScene(run: run, metrics: metrics)
        self.frames = frames
        font = try Font.locate()
        bold = try Font.locate(Font.boldFileName)
        let recorded = Set(frames)
        if let missing = options.keyEpochs.first(where: { !recorded.contains($0) }) {
            let range = if let first = frames.first, let last = frames.last { "recorded epochs run \(first)…\(last)" } else { "none were recorded" }
            throw SettingError("key-epochs", missing, expected: "epochs with recorded parameters (\(range))")
        }
    }

    /// The name of a still: `prefix_epoch_007.png`.
    static func stillName(_ prefix: String, epoch: Int) -> String {
        String(format: "%@_epoch_%03d.png", prefix, epoch)
    }

    /// Draws everything; returns the files written.
    func render(progress: ProgressReporter) throws -> [Output] {
        guard !frames.isEmpty else {
            progress.note("no epoch with parameters was recorded: nothing to draw")
            return []
        }
        let size = options.size
        let metricsView = MetricsView(scene: scene, size: size, font: font, bold: bold)
        let view = try PanelView(scene: scene, size: size, font: font, bold: bold)
        let panelName = switch scene.kind {
        case .curve: "fit"
        case .images: "predictions"
        default: "decision_boundary"
        }
        var writers: [(name: String, writer: GIFWriter, compose: @Sendable (DrawnEpoch, Canvas) -> Canvas)] = []
        func gif(_ name: String, width: Int) throws -> GIFWriter {
            try GIFWriter(path: directory.file(name).path, width: width, height: size, fps: options.fps)
        }
        if view != nil {
            writers.append(("\(panelName).gif", try gif("\(panelName).gif", width: size), { drawn, _ in drawn.panel ?? drawn.metrics }))
            writers.append(("training.gif", try gif("training.gif", width: 2 * size), { drawn, combined in
                Layout.compose([drawn.panel ?? drawn.metrics, drawn.metrics], columns: 2, into: combined)
                return combined
            }))
        } else {
            progress.note("boundary pictures need two features (this data has \(scene.inputs.columns)); writing the loss pictures only")
        }
        writers.append(("loss.gif", try gif("loss.gif", width: size), { drawn, _ in drawn.metrics }))
        let weights = try WeightsView(scene: scene, store: store, frames: frames, size: size, font: font, bold: bold)
        if weights != nil {
            writers.append(("weights.gif", try gif("weights.gif", width: size), { drawn, _ in drawn.weights ?? drawn.metrics }))
        }

        let encoders = writers
        progress.begin("rendering", total: frames.count)
        let combinedCanvases = encoders.map { _ in Canvas(width: 2 * size, height: size) }
        let frames = self.frames
        let last = try drawInOrder(count: frames.count, progress: progress, draw: { index in
            let epoch = frames[index]
            guard let record = try store.epoch(epoch) else {
                throw FrameStoreError(path: directory.store.relativePath, "epoch \(epoch) disappeared while drawing")
            }
            let network = try RunRecorder.network(of: record, in: store)
            let metrics = metricsView.draw(upTo: epoch, keySteps: options.keyEpochs)
            var panel: Canvas? = nil
            var mistakes = 0
            if let view {
                let canvas = Canvas(width: size, height: size)
                mistakes = view.draw(network: network, epoch: epoch, title: scene.title(epoch: epoch), on: canvas)
                if options.keyEpochs.contains(epoch) {
                    try PNGWriter.write(canvas, to: directory.file(Self.stillName(panelName, epoch: epoch)).path)
                }
                panel = canvas
            }
            return DrawnEpoch(panel: panel, metrics: metrics, weights: weights?.draw(network: network, epoch: epoch), mistakes: mistakes)
        }, sinks: encoders.indices.map { w in
            let encoder = encoders[w], combined = combinedCanvases[w]
            return { chunk in
                for frame in chunk { encoder.writer.append(encoder.compose(frame, combined)) }
            }
        })
        let finalMistakes = last?.mistakes ?? 0
        var outputs: [Output] = []
        for (name, writer, _) in encoders {
            try writer.finish()
            outputs.append(Output(name: name, detail: "\(writer.framesWritten) frames, \(megabytes(directory.file(name)))"))
        }
        progress.end("rendered \(frames.count) epochs")
        outputs += try stills(metricsView: metricsView, view: view, panelName: panelName, finalMistakes: finalMistakes)
        for output in outputs { progress.end("\(output.name): \(output.detail)") }
        return outputs
    }


    private func stills(metricsView: MetricsView, view: PanelView?, panelName: String, finalMistakes: Int) throws -> [Output] {
        var outputs: [Output] = []
        if view != nil {
            for epoch in options.keyEpochs {
                outputs.append(Output(name: Self.stillName(panelName, epoch: epoch), detail: "epoch \(epoch)"))
            }
        }
        for epoch in options.keyEpochs {
            let still = metricsView.draw(upTo: epoch, keySteps: options.keyEpochs.filter { $0 <= epoch })
            let name = Self.stillName("loss", epoch: epoch)
            try PNGWriter.write(still, to: directory.file(name).path)
            outputs.append(Output(name: name, detail: "loss up to epoch \(epoch)"))
        }
        guard let last = frames.last else { return outputs }
        let loss = metricsView.draw(upTo: scene.metrics.last?.epoch ?? last, keySteps: options.keyEpochs, title: "Training and test loss")
        try PNGWriter.write(loss, to: directory.file("loss_curve.png").path)
        outputs.append(Output(name: "loss_curve.png", detail: "key epochs \(options.keyEpochs.map(String.init).joined(separator: ", "))"))
        if let view {
            guard let record = try store.epoch(last) else {
                throw FrameStoreError(path: store.path, "epoch \(last) disappeared while drawing")
            }
            let network = try RunRecorder.network(of: record, in: store)
            let canvas = Canvas(width: options.size, height: options.size)
            let testCount = scene.points.filter(\.isTest).count
            let title = scene.kind == .curve
                ? String(format: "Final fit · epoch %d · test R² %.3f", last, scene.metrics(at: last)?.testScore ?? .nan)
                : scene.kind == .images ? "Final predictions · \(finalMistakes) of \(scene.images.count) shown test images wrong"
                : "Final predictions · \(finalMistakes) of \(testCount) test points wrong"
            _ = view.draw(network: network, epoch: last, title: title, on: canvas)
            try PNGWriter.write(canvas, to: directory.file("final_predictions.png").path)
            outputs.append(Output(name: "final_predictions.png", detail: "epoch \(last)"))
        }
        if let final = scene.metrics.last, !final.testConfusion.isEmpty, scene.classNames.count >= 2,
           final.testConfusion.count == scene.classNames.count * scene.classNames.count {
            let canvas = Canvas(width: options.size, height: options.size)
            let accuracy = String(format: "%.1f %%", 100 * final.testScore)
            ConfusionMatrixPanel(frame: canvas.bounds, font: font, bold: bold)
                .draw(counts: final.testConfusion.map(Int.init), classNames: scene.classNames,
                      title: "Confusion matrix · epoch \(final.epoch) · test accuracy \(accuracy)", on: canvas)
            try PNGWriter.write(canvas, to: directory.file("confusion_matrix.png").path)
            outputs.append(Output(name: "confusion_matrix.png", detail: "epoch \(final.epoch)"))
        }
        return outputs
    }

    private func megabytes(_ url: URL) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return String(format: "%.2f MB", Double(bytes) / 1e6)
    }
}

/// One epoch's panels, drawn once and shared by the animations.
struct DrawnEpoch: Sendable {
    var panel: Canvas?
    var metrics: Canvas
    var weights: Canvas?
    var mistakes: Int
}

/// The loss chart of a run (and, for image data, the accuracy chart under it), drawn up to an epoch.
struct MetricsView: Sendable {
    let scene: RunScene
    let loss: LineChart
    let accuracy: LineChart?
    let template: Canvas

    init(scene: RunScene, size: Int, font: Font, bold: Font) {
        self.scene = scene
        let stacked = scene.kind == .images
        let lossFrame = Rect(x: 0, y: 0, width: size, height: stacked ? size / 2 : size)
        loss = LineChart(frame: lossFrame,
                         series: [LineSeries(name: "train", values: scene.metrics.map(\.trainLoss), color: Palette.classColor(0)),
                                  LineSeries(name: "test", values: scene.metrics.map(\.testLoss), color: Palette.classColor(1))],
                         xLabel: "epoch", yLabel: scene.architecture.loss.rawValue.replacingOccurrences(of: "-", with: " "),
                         logScale: true, font: font, bold: bold)
        if stacked {
            let scores = scene.metrics.flatMap { [$0.trainScore, $0.testScore] }.filter(\.isFinite)
            let low = max(0, ((scores.min() ?? 0) - 0.02) * 20).rounded(.down) / 20
            let high = min(1, (scores.max() ?? 1) + 0.02)
            accuracy = LineChart(frame: Rect(x: 0, y: size / 2, width: size, height: size - size / 2),
                                 series: [LineSeries(name: "train", values: scene.metrics.map(\.trainScore), color: Palette.classColor(0)),
                                          LineSeries(name: "test", values: scene.metrics.map(\.testScore), color: Palette.classColor(1))],
                                 xLabel: "epoch", yLabel: "accuracy", logScale: false, font: font, bold: bold,
                                 yRange: low...max(high, low + 0.05))
        } else {
            accuracy = nil
        }
        template = Canvas(width: size, height: size)
        loss.drawBackground(on: template)
        accuracy?.drawBackground(on: template)
    }

    /// The charts up to `epoch`, with `keySteps` annotated.
    func draw(upTo epoch: Int, keySteps: [Int], title: String? = nil) -> Canvas {
        let canvas = Canvas(width: template.width, height: template.height)
        canvas.copyPixels(from: template)
        let m = scene.metrics(at: epoch)
        loss.drawFrame(on: canvas, upTo: epoch, title: title ?? String(format: "Loss · epoch %d · test %.3f", epoch, m?.testLoss ?? .nan),
                       keySteps: keySteps)
        accuracy?.drawFrame(on: canvas, upTo: epoch, title: String(format: "Accuracy · test %.1f %%", 100 * (m?.testScore ?? .nan)),
                            keySteps: keySteps)
        return canvas
    }
}

/// The first layer's weights of an image network, one tile per hidden unit, on one colour scale.
struct WeightsView: Sendable {
    let scene: RunScene
    let panel: WeightTilesPanel
    let limit: Float
    let size: Int

    /// The view of an image run, or nil for other data.
    init?(scene: RunScene, store: FrameStoreReader, frames: [Int], size: Int, font: Font, bold: Font) throws {
        guard !scene.images.isEmpty, let lastFrame = frames.last else { return nil }
        guard let record = try store.epoch(lastFrame) else {
            throw FrameStoreError(path: store.path, "epoch \(lastFrame) is listed but cannot be read")
        }
        let network = try RunRecorder.network(of: record, in: store)
        self.scene = scene
        self.size = size
        panel = WeightTilesPanel(frame: Rect(x: 0, y: 0, width: size, height: size), font: font, bold: bold)
        // One scale for every frame: the 99th percentile of |W1| at the last epoch.
        let magnitudes = (network.layers.first?.weight.elements ?? []).map(abs).sorted()
        limit = magnitudes.isEmpty ? 1 : max(magnitudes[min(magnitudes.count - 1, magnitudes.count * 99 / 100)], 1e-6)
    }

    /// The tiles of `network`'s first layer, each laid out as the input image.
    func draw(network: Network<Float>, epoch: Int) -> Canvas {
        let canvas = Canvas(width: size, height: size)
        guard let weight = network.layers.first?.weight, let image = scene.images.first,
              weight.rows == image.width * image.height else { return canvas }
        let units = min(weight.columns, 64)
        let tiles = (0..<units).map { unit in (0..<weight.rows).map { weight[$0, unit] } }
        panel.draw(tiles: tiles, width: image.width, height: image.height, limit: limit,
                   title: "First-layer weights · epoch \(epoch)" + (weight.columns > 64 ? " · 64 of \(weight.columns) units" : ""),
                   on: canvas)
        return canvas
    }
}

/// The left-hand panel of a run: the decision boundary, or the fitted curve for 1-D regression.
struct PanelView: Sendable {
    let scene: RunScene
    let boundary: BoundaryPanel?
    let curve: CurvePanel?
    let images: ImageGridPanel?
    let template: Canvas

    /// The view for `scene`, or nil when the data has no picture of its own (more than two features).
    init?(scene: RunScene, size: Int, font: Font, bold: Font) throws {
        let frame = Rect(x: 0, y: 0, width: size, height: size)
        self.scene = scene
        template = Canvas(width: size, height: size)
        switch scene.kind {
        case .boundary:
            let panel = BoundaryPanel(frame: frame, domain: scene.domain, classNames: scene.classNames, font: font, bold: bold)
            panel.drawBackground(on: template)
            boundary = panel
            curve = nil
            images = nil
        case .curve:
            let panel = CurvePanel(frame: frame, domain: scene.domain, font: font, bold: bold)
            panel.drawBackground(on: template)
            curve = panel
            boundary = nil
            images = nil
        case .images:
            images = ImageGridPanel(frame: frame, columns: scene.images.count > 30 ? 8 : 6, font: font, bold: bold)
            boundary = nil
            curve = nil
        case .lossOnly:
            return nil
        }
    }

    /// Draws only `title` over the panel's title line (for a panel with no network to show).
    func drawTitle(_ title: String, on canvas: Canvas) {
        if let boundary { boundary.drawTitle(title, on: canvas) } else { curve?.drawTitle(title, on: canvas) }
        if let images { images.draw([], title: title, on: canvas) }
    }

    /// Draws the panel of `network` on `canvas`; returns the number of misclassified test points.
    func draw(network: Network<Float>, epoch: Int, title: String, on canvas: Canvas) -> Int {
        canvas.copyPixels(from: template)
        if let boundary {
            let (points, mistakes) = scene.markedPoints(for: network)
            boundary.drawFrame(on: canvas, field: scene.field(of: network), points: points, title: title)
            return mistakes
        }
        if let images {
            let labelled = scene.labelledImages(for: network)
            images.draw(labelled, title: title, on: canvas)
            return labelled.filter(\.isWrong).count
        }
        curve?.drawFrame(on: canvas, points: scene.points, curve: scene.curve(of: network), title: title)
        return 0
    }
}
