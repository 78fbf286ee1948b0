import Render

/// `training.gif`: the data panel and the loss chart side by side, in step.
struct TrainingView: PictureFamily {
    static let viewName = "boundary"
    static let sentences = ["training.gif": "The decision boundary and the loss curves side by side, in step."]

    /// Drawn with both the boundary and the loss.
    static func isSelected(by views: Set<String>?) -> Bool {
        views.map { $0.contains("boundary") && $0.contains("loss") } ?? true
    }

    let size: Int

    init?(subject: RunSubject) {
        guard subject.panel != nil else { return nil }
        size = subject.pictures.size
    }

    var animation: AnimationShape? { AnimationShape(name: "training.gif", width: 2 * size, height: size) }

    func frame(_ drawn: RunFrame) -> Canvas {
        let combined = Canvas(width: 2 * size, height: size)
        Layout.compose([drawn.panel?.canvas ?? drawn.metrics, drawn.metrics], columns: 2, into: combined)
        return combined
    }
}
