/// One sentence per picture for `report.md`: what the reader sees in it.
enum PictureCaption {
    /// The sentence for the picture file `name`, or nil for a picture without one.
    static func sentence(for name: String) -> String? {
        if let sentence = animations[name] { return sentence }
        guard let epoch = stillEpoch(name) else { return nil }
        for (prefix, sentence) in stills where name.hasPrefix(prefix + "_epoch_") {
            return sentence.replacingOccurrences(of: "EPOCH", with: String(epoch))
        }
        return nil
    }

    static let animations: [String: String] = [
        "decision_boundary.gif": "The class the network predicts over the plane, its decision boundary and the data (training points filled, test points as rings, mistakes ringed in red), one frame per recorded epoch.",
        "training.gif": "The decision boundary and the loss curves side by side, in step.",
        "loss.gif": "The training and test loss drawing themselves, epoch by epoch (log scale).",
        "network.gif": "Inside the network: every hidden unit as a map of its activation over the same plane (columns by layer, one colour scale per layer for the whole run), connections orange for positive and blue for negative weights, wider and darker the larger they are, biases as the small squares on the units, beside the output's boundary and the loss.",
        "hidden_space.gif": "The data as the last hidden layer sees it, through one projection fixed for the run, with a grid of the input plane carried through the network: the layer bends and folds the plane until the classes come apart.",
        "fit.gif": "The network's fitted curve over the data, one frame per recorded epoch.",
        "predictions.gif": "Test images with the network's predictions, wrong ones framed in red.",
        "weights.gif": "The first layer's weights, one tile per unit laid out as the input image, on one colour scale for the whole run.",
        "comparison.gif": "Every variant's decision boundary (or fitted curve) in step, one panel each, the same epoch in every frame.",
        "network_comparison.gif": "Every variant's network, unit by unit and weight by weight, side by side in step: where the variants learn different features.",
        "loss_comparison.png": "Every variant's training loss (solid) and test loss (dashed) over the epochs on one chart, log scale.",
    ]

    static let stills: [(String, String)] = [
        ("decision_boundary", "The decision boundary at epoch EPOCH."),
        ("network", "Every unit, weight and bias of the network at epoch EPOCH."),
        ("hidden_space", "The last hidden layer's view of the data at epoch EPOCH."),
        ("loss", "The loss curves up to epoch EPOCH."),
        ("fit", "The fitted curve at epoch EPOCH."),
        ("predictions", "The test images' predictions at epoch EPOCH."),
        ("comparison", "Every variant's boundary at epoch EPOCH."),
        ("network_comparison", "Every variant's network at epoch EPOCH."),
    ]

    /// The epoch of a still named `prefix_epoch_NNN.png`.
    static func stillEpoch(_ name: String) -> Int? {
        guard name.hasSuffix(".png"), let range = name.range(of: "_epoch_", options: .backwards) else { return nil }
        return Int(name[range.upperBound...].dropLast(4))
    }
}
