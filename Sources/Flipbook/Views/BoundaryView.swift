import Render

/// The data panel's pictures: the decision boundary (`decision_boundary.gif`), for a 1-D
/// regression the fitted curve (`fit.gif`), for images the test images' predictions
/// (`predictions.gif`); its stills at the key epochs and `final_predictions.png`.
struct BoundaryView: PictureFamily {
    static let viewName = "boundary"
    static let sentences = [
        "decision_boundary.gif": "The class the network predicts over the plane, its decision boundary and the data (training points filled, test points as rings, mistakes ringed in black; of many points a fixed sample over a density layer of all), one frame per recorded epoch.",
        "decision_boundary_epoch_EPOCH.png": "The decision boundary at epoch EPOCH.",
        "fit.gif": "The network's fitted curve over the data, one frame per recorded epoch.",
        "fit_epoch_EPOCH.png": "The fitted curve at epoch EPOCH.",
        "predictions.gif": "Test images with the network's predictions, wrong ones framed in red.",
        "predictions_epoch_EPOCH.png": "The test images' predictions at epoch EPOCH.",
    ]

    let panel: PanelView
    let size: Int

    init?(subject: RunSubject) {
        guard let panel = subject.panel else { return nil }
        (self.panel, size) = (panel, subject.pictures.size)
    }

    static func reasonNotDrawn(for subject: RunSubject, asked: Bool) -> String? {
        if asked { return "the boundary view needs two features (or one, for regression), or images; skipping it" }
        return subject.store.run.model == .field
            ? "a stored field of a regression over the plane is not drawn; writing the loss pictures only"
            : "boundary pictures need two features (this data has \(subject.scene.inputs.columns)); writing the loss pictures only"
    }

    var animation: AnimationShape? { AnimationShape(name: "\(panel.name).gif", width: size, height: size) }
    var keyStillStem: String? { panel.name }

    func frame(_ drawn: RunFrame) -> Canvas { drawn.panel?.canvas ?? drawn.metrics }

    /// `final_predictions.png`: the last recorded frame, titled with every mistake it rings.
    func finalStills(of subject: RunSubject, last: RunFrame?) throws -> [Still] {
        let position = subject.lastPosition
        let canvas = Canvas(width: size, height: size)
        let epoch = subject.scene.timeline[position].epoch, model = try subject.model(at: position)
        // The title counts every point's mistakes; when the points drawn are a sample, counted here.
        let mistakes = subject.scene.sample.isEverything ? last?.panel?.mistakes ?? Mistakes() : subject.scene.allMistakes(of: model)
        _ = panel.draw(model: model, epoch: epoch, title: panel.finalTitle(epoch: epoch, mistakes: mistakes), on: canvas)
        return [Still(name: "final_predictions.png", canvas: canvas, detail: "epoch \(subject.scene.epochLabel(at: position))")]
    }
}

/// `confusion_matrix.png`: the last epoch's test predictions against the labels, for classes.
struct ConfusionMatrixView: PictureFamily {
    static let viewName = "boundary"
    static let sentences: [String: String] = [:]

    init?(subject: RunSubject) {
        let classes = subject.scene.classNames.count
        guard let final = subject.scene.metrics.last, classes >= 2, final.testConfusion.count == classes * classes else { return nil }
    }

    var animation: AnimationShape? { nil }

    func finalStills(of subject: RunSubject, last: RunFrame?) throws -> [Still] {
        guard let final = subject.scene.metrics.last else { return [] }
        let canvas = Canvas(width: subject.pictures.size, height: subject.pictures.size)
        let accuracy = String(format: "%.1f %%", 100 * final.testScore)
        ConfusionMatrixPanel(frame: canvas.bounds, font: subject.font, bold: subject.bold)
            .draw(counts: final.testConfusion.map(Int.init), classNames: subject.scene.classNames,
                  title: "Confusion matrix · epoch \(final.epoch) · test accuracy \(accuracy)", on: canvas)
        return [Still(name: "confusion_matrix.png", canvas: canvas, detail: "epoch \(final.epoch)")]
    }
}
