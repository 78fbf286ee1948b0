import Encoding
import Foundation
import Render

/// The comparison's animations and the byte budget (`--max-bytes`), as `run` keeps to it: an
/// animation over the budget is drawn again with the budget's next step (`SizeBudget.next`:
/// fewer frames, evenly spaced, then smaller panels, then fewer frames again); a budget that even the fewest frames of the smallest panels exceed is refused before
/// anything is drawn, naming the smallest budget that would work.
extension ComparisonRenderer {
    /// One animation of a comparison: its name (without extension) and how it is drawn by a
    /// renderer at some frames, with or without its stills.
    struct Animation {
        let name: String
        /// Its frames' size at this renderer's panels.
        let width: Int
        let height: Int
        let draw: (ComparisonRenderer, _ frames: [Int], _ stills: Bool, ProgressReporter) throws -> [RunRenderer.Output]
    }

    /// The animations the settings ask for and the variants allow; says why any is skipped.
    func animations(progress: ProgressReporter) throws -> [Animation] {
        var animations: [Animation] = []
        if base.pictures.draws(.network) {
            if !epochs.isEmpty, let grid = try networkGrid() {
                animations.append(Animation(name: "network_comparison", width: grid.size.width, height: grid.size.height) { renderer, frames, stills, progress in
                    let fitting = renderer.panelSide == grid.panelSide ? grid : try renderer.networkGrid() ?? grid
                    return try renderer.drawNetworks(fitting, frames: frames, writingStills: stills, progress: progress)
                })
            } else {
                progress.note("the network view needs every variant to have two input features with classes and at most \(NetworkView.maximumHiddenLayers) hidden layers; network_comparison.gif is skipped")
            }
        }
        guard base.pictures.draws(.boundary) else { return animations }
        if !members.allSatisfy({ $0.view != nil }) {
            progress.note("boundary pictures need two features (or one for regression); comparison.gif is skipped")
        } else if epochs.isEmpty {
            progress.note("no variant recorded an epoch; comparison.gif is skipped")
        } else {
            let size = Layout.canvasSize(count: members.count, columns: columns, panel: panelSide)
            animations.append(Animation(name: "comparison", width: size.width, height: size.height + headerHeight) { renderer, frames, stills, progress in
                try renderer.drawComparison(frames: frames, writingStills: stills, progress: progress)
            })
        }
        return animations
    }

    /// Draws `animation` and its stills within the budget, motion before size; says in one line
    /// what it chose.
    func drawWithinBudget(_ animation: Animation, progress: ProgressReporter) throws -> [RunRenderer.Output] {
        var renderer = self
        var count = base.pictures.frames ?? min(epochs.count, PictureSettings.defaultFrameLimit)
        var stills = true
        while true {
            do {
                let outputs = try animation.draw(renderer, renderer.evenlyChosen(count), stills, progress)
                if let budget = base.pictures.maxBytes {
                    let opened = opening.isEmpty ? "" : " after the untrained networks"
                    progress.note("\(animation.name).gif: \(min(count, epochs.count)) of \(epochs.count) epochs\(opened), panels of \(renderer.panelSide) px, within \(SizeBudget.describe(budget))")
                }
                return outputs + keyEpochs.flatMap { epoch in
                    base.pictures.theme.themes.map { .init(name: $0.fileName(RunRenderer.stillName(animation.name, epoch: epoch)), detail: "epoch \(epoch)") }
                }
            } catch let over as ByteLimitExceeded {
                guard let budget = base.pictures.maxBytes else { throw over }
                stills = false      // written by the first drawing
                guard let next = SizeBudget.next(after: .init(frames: min(count, epochs.count), size: renderer.panelSide),
                                                 bytes: over.bytes, budget: budget, recorded: epochs.count, smallest: Self.smallestPanel) else {
                    throw OutputError(path: over.path, "is \(SizeBudget.describe(over.bytes)) at its fewest frames and smallest panels, over the budget of \(SizeBudget.describe(budget))")
                }
                count = next.frames
                if next.size != renderer.panelSide { renderer = renderer.resized(panelSide: next.size) }
            }
        }
    }

    /// Refuses a budget under what the smallest of `animations` takes: each is drawn with the
    /// fewest frames and the smallest panels into a scratch directory and measured.
    func refuseImpossible(_ budget: Int, _ animations: [Animation]) throws {
        let fewest = min(SizeBudget.leastFrames, epochs.count)
        var probe = resized(panelSide: Self.smallestPanel)
        probe.base.pictures.maxBytes = nil
        let smallest = try SizeBudget.largestAnimation { scratch in
            probe.directory = scratch
            let frames = probe.evenlyChosen(fewest)
            return try animations.flatMap { try $0.draw(probe, frames, false, SilentProgress()) }
        }
        guard budget >= smallest else {
            throw SizeBudget.tooSmall(budget, smallest: smallest, drawing: "this comparison can make (\(fewest) frames of \(Self.smallestPanel)-pixel panels)")
        }
    }
}
