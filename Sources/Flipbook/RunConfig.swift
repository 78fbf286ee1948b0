import Datasets
import LinearAlgebra
import Neural

/// Everything that defines one training run. The defaults are the reference run of the classic
/// tutorials: circles (1000 samples, noise 0.1, factor 0.5, seed 0, 80/20 split), 2 → 16 ReLU → 1
/// sigmoid, binary cross-entropy, full-batch gradient descent, 500 epochs.
public struct RunConfig: Sendable, Equatable, Codable {
    /// Which optimizer moves the parameters.
    public enum OptimizerChoice: String, Sendable, Codable, CaseIterable {
        /// Plain gradient descent.
        case gd
        /// Gradient descent with momentum 0.9.
        case momentum
        /// Adam with β₁ = 0.9, β₂ = 0.999.
        case adam
    }

    /// Data set name: circles, moons, xor, spiral, blobs, sine, or csv:PATH.
    public var dataset = "circles"
    /// Samples to generate (synthetic sets).
    public var samples = 1000
    /// Noise of the synthetic sets (deviation in data units).
    public var noise = 0.1
    /// Radius of the inner circle relative to the outer (circles).
    public var factor = 0.5
    /// Number of classes (spiral, blobs).
    public var classes = 3
    /// Fraction of samples held out for testing, in (0, 1).
    public var testFraction = 0.2
    /// Seed of data, split, initial weights and shuffles.
    public var seed: UInt64 = 0
    /// Hidden layer widths.
    public var hidden = [16]
    /// Hidden activation name (relu, leaky-relu, tanh, sigmoid).
    public var activation = "relu"
    /// Optimizer.
    public var optimizer = OptimizerChoice.gd
    /// Learning rate of the optimizer.
    public var learningRate = 0.5
    /// Samples per step; 0 for full batch.
    public var batchSize = 0
    /// Number of epochs.
    public var epochs = 500

    /// The reference run.
    public init() {}

    /// The hidden activation, or a `SettingError` naming the accepted values.
    public func hiddenActivation() throws(SettingError) -> Activation {
        guard let activation = Activation(name: activation), activation != .softmax, activation != .identity else {
            throw SettingError("activation", activation, expected: "one of relu, leaky-relu, tanh, sigmoid")
        }
        return activation
    }

    /// The data set this configuration names (generated or read).
    public func makeDataset() throws -> Dataset {
        switch dataset {
        case "circles": return try .circles(samples: samples, noise: noise, factor: factor, seed: seed)
        case "moons": return try .moons(samples: samples, noise: noise, seed: seed)
        case "xor": return try .xor(samples: samples, noise: noise, seed: seed)
        case "spiral": return try .spiral(samples: samples, classes: classes, noise: noise, seed: seed)
        case "blobs": return try .blobs(samples: samples, classes: classes, noise: noise, seed: seed)
        case "sine": return try .sine(samples: samples, noise: noise, seed: seed)
        default:
            if dataset.hasPrefix("csv:"), dataset.count > 4 {
                return try CSVReader.read(path: String(dataset.dropFirst(4)))
            }
            throw SettingError("dataset", dataset, expected: "one of circles, moons, xor, spiral, blobs, sine, csv:PATH")
        }
    }
}
