import Foundation
import Render

extension ComparisonRenderer {
    /// `network_comparison.gif` and its stills at the key epochs: every variant's network
    /// diagram in step, when every variant has one.
    func networkComparison(progress: ProgressReporter) throws -> [RunRenderer.Output] {
        guard !epochs.isEmpty, let grid = try NetworkComparison(members: members, panelSide: panelSide, columns: columns,
                                                                 headerHeight: headerHeight, font: font, bold: bold) else {
            progress.note("the network view needs every variant to have two input features with classes and at most \(NetworkView.maximumHiddenLayers) hidden layers; network_comparison.gif is skipped")
            return []
        }
        let name = "network_comparison.gif"
        let writer = try GIFWriter(path: directory.file(name).relativePath, width: grid.size.width, height: grid.size.height, fps: base.pictures.fps)
        progress.begin("rendering the networks", total: epochs.count)
        let (epochs, keyEpochs, directory) = (self.epochs, self.keyEpochs, self.directory)
        let last = (members.map { $0.variant.config.epochs }.max() ?? 1) - 1
        let encode: @Sendable ([Canvas]) -> Void = { chunk in for frame in chunk { writer.append(frame) } }
        _ = try drawInOrder(count: epochs.count, progress: progress, draw: { index in
            let canvas = try grid.frame(at: epochs[index], of: last)
            if keyEpochs.contains(epochs[index]) {
                try PNGWriter.write(canvas, to: directory.file(RunRenderer.stillName("network_comparison", epoch: epochs[index])).relativePath)
            }
            return canvas
        }, sinks: [encode])
        try writer.finish()
        progress.end("rendered the networks of \(members.count) variants")
        return [.init(name: name, detail: "\(writer.framesWritten) frames, \(members.count) diagrams")]
            + keyEpochs.map { .init(name: RunRenderer.stillName("network_comparison", epoch: $0), detail: "epoch \($0)") }
    }
}
