import FrameStore
import LinearAlgebra
import Neural
import Render

/// The views inside the network that a drawing makes — the network diagram and the hidden
/// space — with the survey they share, and the one pass of each epoch's network that feeds them.
struct InsideViews: Sendable {
    /// One epoch's passes: over the field's grid (every layer's activations there: the unit
    /// maps, the boundary field and the bent grid lines come from it) and over the samples.
    struct Probes: Sendable {
        let grid: LayerProbe?
        let samples: LayerProbe?
        /// What the network predicts over the grid (`Loss.prediction` of `grid`'s output): the
        /// boundary panel's field and the network diagram's output units, computed once; nil
        /// without the diagram (the panel, when drawn, computes it then).
        let gridPrediction: Matrix<Float>?

        /// The drawn points with the mistakes of `samples`' predictions ringed, and the mistakes
        /// counted (2-D data): the boundary panel's and the hidden space's, worked out once.
        let marked: (points: [ScatterPoint], mistakes: Mistakes)?

        init(grid: LayerProbe?, samples: LayerProbe?, gridPrediction: Matrix<Float>? = nil,
             marked: (points: [ScatterPoint], mistakes: Mistakes)? = nil) {
            (self.grid, self.samples, self.gridPrediction, self.marked) = (grid, samples, gridPrediction, marked)
        }
    }

    let scene: RunScene
    let survey: RunSurvey
    let network: NetworkView?
    let hidden: HiddenSpaceView?

    /// The views `pictures` asks for that apply to `scene`, or nil when there are none.
    init?(scene: RunScene, store: FrameStoreReader, frames: [Int], pictures: PictureSettings, font: Font, bold: Font) throws {
        let wanted = (network: pictures.draws(.network) && scene.kind == .boundary,
                      hidden: pictures.draws(.hidden) && (scene.kind == .boundary || scene.kind == .images))
        guard wanted.network || wanted.hidden, store.run.model == .network, let lastFrame = frames.last, let record = try store.epoch(lastFrame) else { return nil }
        let last = try RunRecorder.network(of: record, in: store)
        self.scene = scene
        survey = try RunSurvey(scene: scene, store: store, frames: frames, last: last)
        network = wanted.network ? NetworkView(scene: scene, survey: survey, network: last, size: pictures.size, font: font, bold: bold) : nil
        hidden = wanted.hidden ? HiddenSpaceView(scene: scene, survey: survey, network: last, size: pictures.size, font: font, bold: bold) : nil
        if network == nil, hidden == nil { return nil }
    }

    /// The passes of `network` these views need.
    func probes(_ network: Network<Float>) -> Probes {
        let grid = scene.kind == .boundary
            ? LayerProbe(network: network, inputs: scene.gridInputs, chosen: self.network == nil ? [] : survey.chosen,
                         projection: hidden == nil ? nil : survey.projection, rowsPerPass: scene.rowsPerPass,
                         projecting: hidden?.projectedGridPoints)
            : nil
        let samples = LayerProbe(network: network, inputs: scene.shownInputs, chosen: [], projection: hidden == nil ? nil : survey.projection,
                                 rowsPerPass: scene.rowsPerPass)
        return Probes(grid: grid, samples: samples,
                      gridPrediction: self.network == nil ? nil : grid.map { network.loss.prediction(fromOutput: $0.output) },
                      marked: scene.kind == .boundary ? scene.markedPoints(predicted: network.predictedClasses(fromOutput: samples.output)) : nil)
    }
}

extension PanelView {
    /// Draws the boundary panel of `network` from its passes over the grid and the samples (no
    /// pass of its own); returns the mistakes it marks. Other panels draw as `draw` does.
    func draw(network: Network<Float>, probes: InsideViews.Probes, epoch: Int, title: String, on canvas: Canvas) -> Mistakes {
        guard case .boundary(let boundary) = panel, let grid = probes.grid, let samples = probes.samples else {
            return draw(network: network, epoch: epoch, title: title, on: canvas)
        }
        canvas.copyPixels(from: template)
        let (points, mistakes) = probes.marked ?? scene.markedPoints(predicted: network.predictedClasses(fromOutput: samples.output))
        boundary.drawFrame(on: canvas, field: scene.field(probabilities: probes.gridPrediction ?? network.loss.prediction(fromOutput: grid.output)),
                           points: points, title: title, density: density, layer: pointLayer)
        return mistakes
    }
}
