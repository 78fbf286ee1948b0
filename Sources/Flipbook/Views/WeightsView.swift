import FrameStore
import Neural
import Render

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

extension WeightsView: PictureFamily {
    static let viewName = "network"
    static let sentences = [
        "weights.gif": "The first layer's weights, one tile per unit laid out as the input image, on one colour scale for the whole run.",
    ]

    /// The view of an image run's first layer, or nil for other data.
    init?(subject: RunSubject) throws {
        try self.init(scene: subject.scene, store: subject.store, frames: subject.store.frameEpochs, size: subject.pictures.size,
                      font: subject.font, bold: subject.bold)
    }

    var animation: AnimationShape? { AnimationShape(name: "weights.gif", width: size, height: size) }

    func frame(_ drawn: RunFrame) -> Canvas {
        drawn.model.network.map { draw(network: $0, epoch: drawn.epoch) } ?? drawn.metrics
    }
}
