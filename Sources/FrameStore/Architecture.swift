/// The shape of a dense network: enough to rebuild it from a flat parameter vector.
public struct Architecture: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The loss a network was trained with, by the name the store keeps in `run.loss`.
    public enum Loss: String, Sendable, Codable, CaseIterable {
        /// Sigmoid outputs: one unit for two classes, or one unit per class.
        case binaryCrossEntropy = "binary-cross-entropy"
        /// Softmax over one output per class.
        case softmaxCrossEntropy = "softmax-cross-entropy"
        /// One linear output: regression, scored by R².
        case meanSquaredError = "mean-squared-error"

        /// True for the losses of classification (labels, accuracy); false for regression (targets, R²).
        public var isClassification: Bool { self != .meanSquaredError }
    }

    /// The activation after a layer, by the name the store keeps in `run.activations` (the names
    /// `Neural.Activation.name` writes).
    public enum Activation: String, Sendable, Codable, CaseIterable {
        /// No activation: the output layer (its loss takes logits).
        case identity
        /// max(x, 0).
        case relu
        /// max(x, 0.01 x).
        case leakyReLU = "leaky-relu"
        /// 1 / (1 + e^−x).
        case sigmoid
        /// tanh x.
        case tanh
        /// e^xᵢ / Σ e^xⱼ over a layer.
        case softmax
    }

    /// Layer widths from input to output, e.g. [2, 16, 1].
    public var layerSizes: [Int]
    /// The activation after each layer (one per layer; the last is `identity`).
    public var activations: [Activation]
    /// The loss.
    public var loss: Loss

    /// An architecture with the given parts.
    public init(layerSizes: [Int], activations: [Activation], loss: Loss) {
        self.layerSizes = layerSizes
        self.activations = activations
        self.loss = loss
    }

    /// The number of parameters: Σ (inᵢ · outᵢ + outᵢ), ordered W1, b1, W2, b2, …; `Int.max` when
    /// that overflows (only an unchecked architecture can: a stored one holds at most
    /// `FrameStoreLimits.maximumParameterCount`).
    public var parameterCount: Int { Self.parameterCount(layerSizes) ?? .max }

    /// Inputs of the network (the first layer size), or 0 for no layers.
    public var inputSize: Int { layerSizes.first ?? 0 }

    /// Outputs of the network (the last layer size), or 0 for no layers.
    public var outputSize: Int { layerSizes.last ?? 0 }

    /// "2 → 16 → 1".
    public var description: String { layerSizes.map(String.init).joined(separator: " → ") }

    /// Σ (inᵢ · outᵢ + outᵢ) over consecutive sizes, or nil when it overflows `Int`.
    static func parameterCount(_ sizes: [Int]) -> Int? {
        var total = 0
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            let (weights, o1) = inputs.multipliedReportingOverflow(by: outputs)
            let (layer, o2) = weights.addingReportingOverflow(outputs)
            let (sum, o3) = total.addingReportingOverflow(layer)
            if o1 || o2 || o3 { return nil }
            total = sum
        }
        return total
    }
}
