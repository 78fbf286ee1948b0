import Foundation
import Render

extension ComparisonRenderer {
    /// The grid of every variant's network diagram at this renderer's panel size, or nil when
    /// some variant has none.
    func networkGrid() throws -> NetworkComparison? {
        try NetworkComparison(members: members, panelSide: panelSide, columns: columns, headerHeight: headerHeight, font: font, bold: bold)
    }

    /// Draws the grid of diagrams at `frames` into `network_comparison.gif`, and its stills when `writingStills`.
    func drawNetworks(_ grid: NetworkComparison, frames chosen: [Int], writingStills: Bool,
                              progress: ProgressReporter) throws -> [RunRenderer.Output] {
        let epochs = opening + chosen
        let file = try AnimationFile(name: "network_comparison.gif", directory: directory, width: grid.size.width, height: grid.size.height,
                                     pictures: base.pictures)
        progress.begin("rendering the networks", total: epochs.count)
        let (keyEpochs, directory, themes) = (self.keyEpochs, self.directory, base.pictures.theme.themes)
        let last = (members.map { $0.variant.config.epochs }.max() ?? 1) - 1
        let headers = epochs.map { header(at: $0, of: last) }
        _ = try drawInOrder(count: epochs.count, progress: progress, draw: { index in
            let canvas = try grid.frame(at: epochs[index], header: headers[index])
            if writingStills, keyEpochs.contains(epochs[index]) {
                for theme in themes {
                    let name = theme.fileName(RunRenderer.stillName("network_comparison", epoch: epochs[index]))
                    try PNGWriter.write(canvas, to: directory.claim(name), theme: theme)
                }
            }
            return canvas
        }, sinks: file.sinks { (frame: Canvas, _) in frame })
        progress.end("rendered the networks of \(members.count) variants")
        return try file.finish()
    }
}
