import Render

/// The loss pictures: `loss.gif` (the loss curves drawing themselves), `loss_epoch_NNN.png` up
/// to each key epoch, and `loss_curve.png` with the whole run.
struct LossView: PictureFamily {
    static let viewName = "loss"
    static let sentences = [
        "loss.gif": "The training and test loss drawing themselves, epoch by epoch (log scale).",
        "loss_epoch_EPOCH.png": "The loss curves up to epoch EPOCH.",
    ]

    let size: Int

    init?(subject: RunSubject) { size = subject.pictures.size }

    var animation: AnimationShape? { AnimationShape(name: "loss.gif", width: size, height: size) }

    func frame(_ drawn: RunFrame) -> Canvas { drawn.metrics }

    /// The loss up to each key epoch, and the whole curve.
    func finalStills(of subject: RunSubject, last: RunFrame?) throws -> [Still] {
        let (scene, metrics, keyIndices) = (subject.scene, subject.metrics, subject.keyIndices)
        var stills = subject.keyEpochs.compactMap { epoch in
            scene.index(ofEpoch: epoch).map { index in
                Still(name: Drawing<RunSubject>.stillName("loss", epoch: epoch),
                      canvas: metrics.draw(upTo: index, keySteps: keyIndices.filter { $0 <= index }), detail: "loss up to epoch \(epoch)")
            }
        }
        let curve = metrics.draw(upTo: max(scene.timeline.count - 1, subject.lastPosition), keySteps: keyIndices, title: "Training and test loss")
        stills.append(Still(name: "loss_curve.png", canvas: curve, detail: "key epochs \(subject.keyEpochs.map(String.init).joined(separator: ", "))"))
        return stills
    }
}
