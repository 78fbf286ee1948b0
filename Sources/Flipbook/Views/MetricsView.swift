import FrameStore
import Render

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
                         series: [LineSeries(name: "train", values: scene.timeline.map(\.trainLoss), color: Palette.classColor(0)),
                                  LineSeries(name: "test", values: scene.timeline.map(\.testLoss), color: Palette.classColor(1))],
                         xLabel: "epoch", yLabel: scene.architecture.loss.rawValue.replacingOccurrences(of: "-", with: " "),
                         logScale: true, font: font, bold: bold, positions: scene.positions)
        if stacked {
            let scores = scene.timeline.flatMap { [$0.trainScore, $0.testScore] }.filter(\.isFinite)
            let low = max(0, ((scores.min() ?? 0) - 0.02) * 20).rounded(.down) / 20
            let high = min(1, (scores.max() ?? 1) + 0.02)
            accuracy = LineChart(frame: Rect(x: 0, y: size / 2, width: size, height: size - size / 2),
                                 series: [LineSeries(name: "train", values: scene.timeline.map(\.trainScore), color: Palette.classColor(0)),
                                          LineSeries(name: "test", values: scene.timeline.map(\.testScore), color: Palette.classColor(1))],
                                 xLabel: "epoch", yLabel: "accuracy", logScale: false, font: font, bold: bold,
                                 yRange: low...max(high, low + 0.05), positions: scene.positions)
        } else {
            accuracy = nil
        }
        template = Canvas(width: size, height: size)
        loss.drawBackground(on: template)
        accuracy?.drawBackground(on: template)
    }

    /// The charts up to timeline record `index` (without snapshots inside epochs, the epoch),
    /// with the records `keySteps` annotated.
    func draw(upTo index: Int, keySteps: [Int], title: String? = nil) -> Canvas {
        let canvas = Canvas(width: template.width, height: template.height)
        canvas.copyPixels(from: template)
        let m = scene.timeline.indices.contains(index) ? scene.timeline[index] : nil
        let testLoss = (m?.testLoss).map { $0.isNaN ? "" : " · test " + NumberText.decimal($0) } ?? ""
        loss.drawFrame(on: canvas, upTo: index, title: title ?? "Loss · epoch \(scene.epochLabel(at: index))\(testLoss)",
                       keySteps: keySteps)
        accuracy?.drawFrame(on: canvas, upTo: index, title: "Accuracy · test " + NumberText.decimal(100 * (m?.testScore ?? .nan), decimals: 1) + " %",
                            keySteps: keySteps)
        return canvas
    }
}
