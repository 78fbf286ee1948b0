import Foundation
import Neural
import Render

/// The inside views' part of a drawing: `network.gif`, `hidden_space.gif` and their stills.
extension RunRenderer {
    /// The animations of the inside views that are drawn.
    func insideAnimations(_ inside: InsideViews?) -> [Animation] {
        var animations: [Animation] = []
        if let view = inside?.network {
            animations.append(Animation(name: "network.gif", width: view.width, height: view.height,
                                        compose: { drawn, blank in drawn.network ?? blank }))
        }
        if let view = inside?.hidden {
            animations.append(Animation(name: "hidden_space.gif", width: view.template.width, height: view.template.height,
                                        compose: { drawn, blank in drawn.hidden ?? blank }))
        }
        return animations
    }

    /// Draws the inside views of `network` (at `epoch`, titled `title`) into `drawn` (the panel and
    /// loss chart are drawn) and writes their stills when `writingStills`.
    func drawInside(_ inside: InsideViews, probes: InsideViews.Probes, network: Network<Float>, epoch: Int, title: String,
                    writingStills: Bool, into drawn: inout DrawnEpoch) throws {
        if let view = inside.network, let grid = probes.grid {
            let canvas = view.draw(network: network, grid: grid, panel: drawn.panel, metrics: drawn.metrics)
            if writingStills { _ = try write(canvas, Self.stillName("network", epoch: epoch), detail: "") }
            drawn.network = canvas
        }
        if let view = inside.hidden, let samples = probes.samples {
            let canvas = view.draw(network: network, samples: samples, grid: probes.grid, title: title)
            if writingStills { _ = try write(canvas, Self.stillName("hidden_space", epoch: epoch), detail: "") }
            drawn.hidden = canvas
        }
    }

    /// The inside views' stills, written while drawing.
    func insideStills(_ inside: InsideViews?) -> [Output] {
        var outputs: [Output] = []
        if inside?.network != nil {
            outputs += keyEpochs.flatMap { epoch in themed(Self.stillName("network", epoch: epoch)).map { Output(name: $0, detail: "epoch \(epoch)") } }
        }
        if inside?.hidden != nil {
            outputs += keyEpochs.flatMap { epoch in themed(Self.stillName("hidden_space", epoch: epoch)).map { Output(name: $0, detail: "epoch \(epoch)") } }
        }
        return outputs
    }

    /// A note for each view asked for by name that this run's data or network cannot show, and
    /// for a network diagram left out because the network is too deep.
    func noteViewsThatDoNotApply(_ views: Views, progress: ProgressReporter) {
        let asked = pictures.views ?? []
        if store.run.model != .network {
            if asked.contains(.network) || asked.contains(.hidden) {
                progress.note("this run stored fields, not networks: there is no network to look inside; skipping the network and hidden-space views")
            }
            return
        }
        if views.inside?.network == nil, asked.contains(.network) || (pictures.views == nil && scene.kind == .boundary),
           views.weights == nil {
            progress.note("the network view needs two input features with classes and at most \(NetworkView.maximumHiddenLayers) hidden layers (or image data, for weights.gif); skipping it")
        }
        if views.inside?.hidden == nil, asked.contains(.hidden) {
            progress.note("the hidden-space view needs two input features with classes, or images, and a hidden layer; skipping it")
        }
        if views.panel == nil, asked.contains(.boundary) {
            progress.note("the boundary view needs two features (or one, for regression), or images; skipping it")
        }
    }
}
