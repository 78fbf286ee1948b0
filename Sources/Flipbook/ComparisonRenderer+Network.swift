import Foundation
import Render

extension ComparisonRenderer {
    /// `network_comparison.gif` (in every theme and format asked) and its stills at the key
    /// epochs: every variant's network diagram in step, when every variant has one. Over a byte
    /// budget, it is drawn again with fewer frames, evenly spaced, as `comparison.gif` is.
    func networkComparison(progress: ProgressReporter) throws -> [RunRenderer.Output] {
        guard !epochs.isEmpty, let grid = try NetworkComparison(members: members, panelSide: panelSide, columns: columns,
                                                                 headerHeight: headerHeight, font: font, bold: bold) else {
            progress.note("the network view needs every variant to have two input features with classes and at most \(NetworkView.maximumHiddenLayers) hidden layers; network_comparison.gif is skipped")
            return []
        }
        let limit = PictureSettings.defaultFrameLimit
        var count = base.pictures.frames ?? min(epochs.count, limit)
        var stills = true
        while true {
            do {
                return try drawNetworks(grid, frames: evenlyChosen(count), writingStills: stills, progress: progress)
                    + keyEpochs.flatMap { epoch in
                        base.pictures.theme.themes.map { .init(name: $0.fileName(RunRenderer.stillName("network_comparison", epoch: epoch)), detail: "epoch \(epoch)") }
                    }
            } catch let over as ByteLimitExceeded {
                guard let budget = base.pictures.maxBytes,
                      let fewer = SizeBudget.fewerFrames(than: min(count, epochs.count), bytes: over.bytes, budget: budget,
                                                         floor: min(SizeBudget.leastFrames, epochs.count)) else {
                    throw OutputError(path: over.path, "is \(SizeBudget.describe(over.bytes)) at its fewest frames, over the budget")
                }
                (count, stills) = (fewer, false)
            }
        }
    }

    /// Draws the grid of diagrams at `frames` into `network_comparison.gif`, and its stills when `writingStills`.
    private func drawNetworks(_ grid: NetworkComparison, frames epochs: [Int], writingStills: Bool,
                              progress: ProgressReporter) throws -> [RunRenderer.Output] {
        let file = try AnimationFile(name: "network_comparison.gif", directory: directory, width: grid.size.width, height: grid.size.height,
                                     pictures: base.pictures)
        progress.begin("rendering the networks", total: epochs.count)
        let (keyEpochs, directory, themes) = (self.keyEpochs, self.directory, base.pictures.theme.themes)
        let last = (members.map { $0.variant.config.epochs }.max() ?? 1) - 1
        _ = try drawInOrder(count: epochs.count, progress: progress, draw: { index in
            let canvas = try grid.frame(at: epochs[index], of: last)
            if writingStills, keyEpochs.contains(epochs[index]) {
                for theme in themes {
                    let name = theme.fileName(RunRenderer.stillName("network_comparison", epoch: epochs[index]))
                    try PNGWriter.write(canvas, to: directory.file(name).relativePath, theme: theme)
                }
            }
            return canvas
        }, sinks: file.sinks { (frame: Canvas, _) in frame })
        progress.end("rendered the networks of \(members.count) variants")
        return try file.finish()
    }
}
