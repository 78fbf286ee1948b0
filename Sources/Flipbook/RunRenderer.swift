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
    let store: FrameStore
    let scene: RunScene
    let options: Options
    let frames: [Int]
    let font: Font
    let bold: Font
    let status: RunStatus

    init(directory: RunDirectory, store: FrameStore, options: Options) throws {
        self.directory = directory
        self.store = store
        self.options = options
        let run = try store.run()
        status = run.status
        scene = RunScene(run: run, metrics: try store.metrics())
        frames = try store.frameEpochs()
        font = try Font.locate()
        bold = try Font.locate(Font.boldFileName)
        let recorded = Set(frames)
        if let missing = options.keyEpochs.first(where: { !recorded.contains($0) }) {
            let range = frames.isEmpty ? "none were recorded" : "recorded epochs run \(frames.first!)…\(frames.last!)"
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
        let lossChart = LineChart(
            frame: Rect(x: 0, y: 0, width: size, height: size),
            series: [LineSeries(name: "train", values: scene.metrics.map(\.trainLoss), color: Palette.classColor(0)),
                     LineSeries(name: "test", values: scene.metrics.map(\.testLoss), color: Palette.classColor(1))],
            xLabel: "epoch", yLabel: scene.architecture.loss.replacingOccurrences(of: "-", with: " "),
            logScale: true, font: font, bold: bold)
        let lossTemplate = Canvas(width: size, height: size)
        lossChart.drawBackground(on: lossTemplate)

        let view = try PanelView(scene: scene, size: size, font: font, bold: bold)
        let panelName = scene.kind == .curve ? "fit" : "decision_boundary"
        var writers: [(name: String, writer: GIFWriter, compose: @Sendable (Canvas?, Canvas, Canvas) -> Canvas)] = []
        if view != nil {
            writers.append(("\(panelName).gif", try GIFWriter(path: directory.file("\(panelName).gif").path, width: size, height: size, fps: options.fps),
                            { panel, _, _ in panel! }))
            writers.append(("training.gif", try GIFWriter(path: directory.file("training.gif").path, width: 2 * size, height: size, fps: options.fps),
                            { panel, loss, combined in
                                Layout.compose([panel!, loss], columns: 2, into: combined)
                                return combined
                            }))
        } else {
            progress.note("boundary pictures need two features (this data has \(try store.run().dataset.featureCount)); writing the loss pictures only")
        }
        writers.append(("loss.gif", try GIFWriter(path: directory.file("loss.gif").path, width: size, height: size, fps: options.fps),
                        { _, loss, _ in loss }))

        let encoders = writers
        progress.begin("rendering", total: frames.count)
        let combinedCanvases = encoders.map { _ in Canvas(width: 2 * size, height: size) }
        let frames = self.frames
        let last = try drawInOrder(count: frames.count, progress: progress, draw: { index in
            let epoch = frames[index]
            guard let record = try store.epoch(epoch) else {
                throw FrameStoreError(path: directory.store.relativePath, "epoch \(epoch) disappeared while drawing")
            }
            let network = try RunRecorder.network(scene.architecture, parameters: record.parameters)
            let loss = Canvas(width: size, height: size)
            loss.copyPixels(from: lossTemplate)
            lossChart.drawFrame(on: loss, upTo: epoch, title: lossTitle(epoch), keySteps: options.keyEpochs)
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
            return DrawnEpoch(panel: panel, loss: loss, mistakes: mistakes)
        }, sinks: encoders.indices.map { w in
            let encoder = encoders[w], combined = combinedCanvases[w]
            return { chunk in
                for frame in chunk { encoder.writer.append(encoder.compose(frame.panel, frame.loss, combined)) }
            }
        })
        let finalMistakes = last?.mistakes ?? 0
        var outputs: [Output] = []
        for (name, writer, _) in encoders {
            try writer.finish()
            outputs.append(Output(name: name, detail: "\(writer.framesWritten) frames, \(megabytes(directory.file(name)))"))
        }
        progress.end("rendered \(frames.count) epochs")
        outputs += try stills(lossChart: lossChart, lossTemplate: lossTemplate, view: view, panelName: panelName, finalMistakes: finalMistakes)
        for output in outputs { progress.end("\(output.name): \(output.detail)") }
        return outputs
    }

    /// The loss title of a frame.
    func lossTitle(_ epoch: Int) -> String {
        guard let m = scene.metrics(at: epoch) else { return "Loss" }
        return String(format: "Loss · epoch %d · test %.3f", epoch, m.testLoss)
    }

    private func stills(lossChart: LineChart, lossTemplate: Canvas, view: PanelView?, panelName: String, finalMistakes: Int) throws -> [Output] {
        var outputs: [Output] = []
        if view != nil {
            for epoch in options.keyEpochs {
                outputs.append(Output(name: Self.stillName(panelName, epoch: epoch), detail: "epoch \(epoch)"))
            }
        }
        for epoch in options.keyEpochs {
            let still = Canvas(width: options.size, height: options.size)
            still.copyPixels(from: lossTemplate)
            lossChart.drawFrame(on: still, upTo: epoch, title: lossTitle(epoch), keySteps: options.keyEpochs.filter { $0 <= epoch })
            let name = Self.stillName("loss", epoch: epoch)
            try PNGWriter.write(still, to: directory.file(name).path)
            outputs.append(Output(name: name, detail: "loss up to epoch \(epoch)"))
        }
        let last = frames.last!
        let loss = Canvas(width: options.size, height: options.size)
        loss.copyPixels(from: lossTemplate)
        lossChart.drawFrame(on: loss, upTo: scene.metrics.last?.epoch ?? last, title: "Training and test loss", keySteps: options.keyEpochs)
        try PNGWriter.write(loss, to: directory.file("loss_curve.png").path)
        outputs.append(Output(name: "loss_curve.png", detail: "key epochs \(options.keyEpochs.map(String.init).joined(separator: ", "))"))
        if let view {
            let record = try store.epoch(last)!
            let network = try RunRecorder.network(scene.architecture, parameters: record.parameters)
            let canvas = Canvas(width: options.size, height: options.size)
            let testCount = scene.points.filter(\.isTest).count
            let title = scene.kind == .curve
                ? String(format: "Final fit · epoch %d · test R² %.3f", last, scene.metrics(at: last)?.testScore ?? .nan)
                : "Final predictions · \(finalMistakes) of \(testCount) test points wrong"
            _ = view.draw(network: network, epoch: last, title: title, on: canvas)
            try PNGWriter.write(canvas, to: directory.file("final_predictions.png").path)
            outputs.append(Output(name: "final_predictions.png", detail: "epoch \(last)"))
        }
        return outputs
    }

    private func megabytes(_ url: URL) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return String(format: "%.2f MB", Double(bytes) / 1e6)
    }
}

/// One epoch's panels, drawn once and shared by the animations.
struct DrawnEpoch: @unchecked Sendable {
    var panel: Canvas?
    var loss: Canvas
    var mistakes: Int
}

/// The left-hand panel of a run: the decision boundary, or the fitted curve for 1-D regression.
struct PanelView: Sendable {
    let scene: RunScene
    let boundary: BoundaryPanel?
    let curve: CurvePanel?
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
        case .curve:
            let panel = CurvePanel(frame: frame, domain: scene.domain, font: font, bold: bold)
            panel.drawBackground(on: template)
            curve = panel
            boundary = nil
        case .lossOnly:
            return nil
        }
    }

    /// Draws only `title` over the panel's title line (for a panel with no network to show).
    func drawTitle(_ title: String, on canvas: Canvas) {
        if let boundary { boundary.drawTitle(title, on: canvas) } else { curve?.drawTitle(title, on: canvas) }
    }

    /// Draws the panel of `network` on `canvas`; returns the number of misclassified test points.
    func draw(network: Network<Float>, epoch: Int, title: String, on canvas: Canvas) -> Int {
        canvas.copyPixels(from: template)
        if let boundary {
            let (points, mistakes) = scene.markedPoints(for: network)
            boundary.drawFrame(on: canvas, field: scene.field(of: network), points: points, title: title)
            return mistakes
        }
        curve?.drawFrame(on: canvas, points: scene.points, curve: scene.curve(of: network), title: title)
        return 0
    }
}
