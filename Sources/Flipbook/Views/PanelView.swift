import Neural
import Render

/// The left-hand panel of a run: the decision boundary, the fitted curve of a 1-D regression,
/// or a grid of test images with their predictions.
struct PanelView: Sendable {
    /// The panel that draws the run's kind of data.
    enum Panel: Sendable {
        case boundary(BoundaryPanel)
        case curve(CurvePanel)
        case images(ImageGridPanel)
    }

    let scene: RunScene
    let panel: Panel
    /// The panel's background (axes, legend), drawn once.
    let template: Canvas
    /// Every point as a layer of pixels under the drawn ones, when those are a sample of many.
    let density: DensityLayer?
    /// The drawn points measured once, replayed in every frame (boundary panels).
    let pointLayer: PointLayer?

    /// The view for `scene`, or nil when the data has no picture of its own (more than two
    /// features); its text sized for a picture of `textSize` pixels (`size` when nil).
    init?(scene: RunScene, size: Int, font: Font, bold: Font, textSize: Int? = nil) {
        let frame = Rect(x: 0, y: 0, width: size, height: size)
        self.scene = scene
        template = Canvas(width: size, height: size)
        var density: DensityLayer? = nil
        var pointLayer: PointLayer? = nil
        switch scene.kind {
        case .boundary:
            let sample = scene.sample
            var boundary = BoundaryPanel(frame: frame, domain: scene.domain, classNames: scene.classNames, font: font, bold: bold,
                                         textSize: textSize, mistakeLabel: sample.mistakeLabel, caption: scene.plane?.caption)
            boundary.axisNames = scene.axisNames
            boundary.shorterCaptions = scene.plane?.shorterCaptions ?? []
            boundary.drawBackground(on: template)
            if let caption = sample.caption {
                density = boundary.densityLayer(of: scene.points)
                boundary.drawNote(caption, on: template)
            }
            pointLayer = boundary.pointLayer(of: sample.rows.map { scene.points[$0] }, on: template)
            panel = .boundary(boundary)
        case .curve:
            let curve = CurvePanel(frame: frame, domain: scene.domain, font: font, bold: bold, textSize: textSize)
            curve.drawBackground(on: template)
            panel = .curve(curve)
        case .images:
            panel = .images(ImageGridPanel(frame: frame, columns: scene.images.count > 30 ? 8 : 6, font: font, bold: bold))
        case .lossOnly:
            return nil
        }
        self.density = density
        self.pointLayer = pointLayer
    }

    /// The stills' and the animation's file name stem: `decision_boundary`, `fit` or `predictions`.
    var name: String {
        switch panel {
        case .boundary: "decision_boundary"
        case .curve: "fit"
        case .images: "predictions"
        }
    }

    /// Draws only `title` over the panel's title line (for a panel with no network to show).
    func drawTitle(_ title: String, on canvas: Canvas) {
        switch panel {
        case .boundary(let boundary): boundary.drawTitle(title, on: canvas)
        case .curve(let curve): curve.drawTitle(title, on: canvas)
        case .images(let images): images.draw([], title: title, on: canvas)
        }
    }

    /// Draws the panel of `network` on `canvas`; returns the mistakes it marks (none for a regression).
    func draw(network: Network<Float>, epoch: Int, title: String, on canvas: Canvas) -> Mistakes {
        draw(model: .network(network), epoch: epoch, title: title, on: canvas)
    }

    /// Draws the panel of a frame's model (a network, or a stored field) on `canvas`; returns the
    /// mistakes it marks (none for a regression).
    func draw(model: FrameModel, epoch: Int, title: String, on canvas: Canvas) -> Mistakes {
        canvas.copyPixels(from: template)
        switch (panel, model) {
        case (.boundary(let boundary), _):
            let (points, mistakes) = scene.markedPoints(for: model)
            boundary.drawFrame(on: canvas, field: scene.field(of: model), points: points, title: title, density: density, layer: pointLayer)
            return mistakes
        case (_, .field):
            drawTitle(title, on: canvas)
            return Mistakes()
        case (.images(let images), .network(let network)):
            let labelled = scene.labelledImages(for: network)
            images.draw(labelled, title: title, on: canvas)
            return Mistakes(test: labelled.filter(\.isWrong).count)
        case (.curve(let curve), .network(let network)):
            curve.drawFrame(on: canvas, points: scene.points, curve: scene.curve(of: network), title: title)
            return Mistakes()
        }
    }

    /// The title of `final_predictions.png` at `epoch`: every mistake it rings, by part.
    func finalTitle(epoch: Int, mistakes: Mistakes) -> String {
        switch panel {
        case .curve: return "Final fit · epoch \(epoch) · test R² " + NumberText.decimal(scene.metrics(at: epoch)?.testScore ?? .nan)
        case .images: return "Final predictions · \(mistakes.test) of \(scene.images.count) shown test images wrong"
        case .boundary:
            let sample = scene.sample
            guard !sample.isEverything else {
                // "Final · wrong: 3 of 200 test, 8 of 800 training points" with training mistakes
                // (the title line at 480 pixels holds it, three digits each, not "Final predictions").
                let described = mistakes.described(testPoints: sample.totalTest, trainingPoints: sample.totalTraining)
                return (mistakes.training > 0 ? "Final · " : "Final predictions · ") + described
            }
            // Every point's mistakes, in as few words as fit the title line of a large run (the
            // note under the plot says how many points there are).
            return "Final · wrong: \(PointSample.grouped(mistakes.test)) test, \(PointSample.grouped(mistakes.training)) training points"
        }
    }
}
