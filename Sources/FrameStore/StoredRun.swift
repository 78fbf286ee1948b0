/// What a frame store keeps about a run as a whole: its settings, network shape and data.
///
/// Plain data: the store knows nothing of networks or pictures, so the configuration travels as
/// the JSON its owner wrote, and the data set as flat arrays. A `StoredRun` read from a store has
/// been checked (see `FrameStoreReader`): its counts agree and its numbers are finite.
public struct StoredRun: Sendable, Equatable {
    /// The run configuration as JSON, as the pipeline wrote it.
    public var configJSON: String
    /// The network's shape.
    public var architecture: Architecture
    /// The data the run trained and tested on.
    public var dataset: StoredDataset
    /// How the run ended so far.
    public var status: RunStatus
    /// Every parameter before the first update (W1, b1, W2, b2, …), or empty when the store does
    /// not keep them (schema 1).
    public var initialParameters: [Float]

    /// A run record with the given parts.
    public init(configJSON: String, architecture: Architecture, dataset: StoredDataset, status: RunStatus = .running,
                initialParameters: [Float] = []) {
        self.configJSON = configJSON
        self.architecture = architecture
        self.dataset = dataset
        self.status = status
        self.initialParameters = initialParameters
    }
}

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

/// A data set as stored: raw (unstandardised) features, targets, the split and the standardisation.
public struct StoredDataset: Sendable, Equatable {
    /// What the samples are, by the name the store keeps in `dataset.kind`.
    public enum Kind: String, Sendable, CaseIterable {
        /// Points in the plane (two features): decision-boundary pictures.
        case points2D
        /// Grey images of `imageSize`, one feature per pixel.
        case image
        /// One feature and a real target: fitted-curve pictures.
        case regression1D
        /// Any number of features.
        case table
    }

    /// The data set's name.
    public var name: String
    /// What the samples are.
    public var kind: Kind
    /// Features per sample.
    public var featureCount: Int
    /// Image width and height for image data (`kind == .image`), else nil.
    public var imageSize: (width: Int, height: Int)?
    /// Class names; empty for regression.
    public var classNames: [String]
    /// Row-major features, `count × featureCount`, before standardisation.
    public var features: [Float]
    /// Class label per sample (classification), or empty.
    public var labels: [Int32]
    /// Target value per sample (regression), or empty.
    public var targets: [Float]
    /// True for samples in the test part.
    public var isTest: [Bool]
    /// Standardisation fitted on the training part: mean per feature.
    public var mean: [Float]
    /// Standardisation fitted on the training part: deviation per feature.
    public var deviation: [Float]

    /// A stored data set with the given parts.
    public init(name: String, kind: Kind, featureCount: Int, imageSize: (width: Int, height: Int)? = nil,
                classNames: [String], features: [Float], labels: [Int32], targets: [Float], isTest: [Bool],
                mean: [Float], deviation: [Float]) {
        self.name = name
        self.kind = kind
        self.featureCount = featureCount
        self.imageSize = imageSize
        self.classNames = classNames
        self.features = features
        self.labels = labels
        self.targets = targets
        self.isTest = isTest
        self.mean = mean
        self.deviation = deviation
    }

    /// Number of samples.
    public var count: Int { isTest.count }

    /// Equal parts.
    public static func == (a: StoredDataset, b: StoredDataset) -> Bool {
        a.name == b.name && a.kind == b.kind && a.featureCount == b.featureCount
            && a.imageSize?.width == b.imageSize?.width && a.imageSize?.height == b.imageSize?.height
            && a.classNames == b.classNames && a.features == b.features && a.labels == b.labels
            && a.targets == b.targets && a.isTest == b.isTest && a.mean == b.mean && a.deviation == b.deviation
    }
}

/// How far a run got (`run.status`, with `run.diverged_at`).
public enum RunStatus: Sendable, Equatable {
    /// Still training, or killed while training: every recorded epoch is complete.
    case running
    /// Every epoch ran.
    case completed
    /// The loss or a parameter became NaN or infinite at this epoch; it was not recorded, so it
    /// equals the number of recorded epochs.
    case diverged(epoch: Int)

    /// The text the store keeps in `run.status`.
    public var name: String {
        switch self {
        case .running: "running"
        case .completed: "completed"
        case .diverged: "diverged"
        }
    }

    /// The names `run.status` may hold.
    static let names = ["running", "completed", "diverged"]
}

/// One recorded epoch: metrics, and every parameter when the epoch is a frame.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch, counting from 0.
    public var epoch: Int
    /// Training loss after this epoch (NaN when not measured: NULL in the store).
    public var trainLoss: Double
    /// Test loss after this epoch (NaN when not measured).
    public var testLoss: Double
    /// Training accuracy (R² for regression; NaN when not measured).
    public var trainScore: Double
    /// Test accuracy (R² for regression; NaN when not measured).
    public var testScore: Double
    /// Wall-clock seconds of this epoch's training.
    public var seconds: Double
    /// Every parameter after this epoch, flattened in the order W1, b1, W2, b2, … (row-major);
    /// empty for an epoch whose metrics alone were recorded.
    public var parameters: [Float]
    /// The test confusion matrix, K×K row-major (row = true class, column = predicted); empty for regression.
    public var testConfusion: [Int32]

    /// A record with the given values.
    public init(epoch: Int, trainLoss: Double, testLoss: Double, trainScore: Double, testScore: Double,
                seconds: Double, parameters: [Float], testConfusion: [Int32] = []) {
        self.testConfusion = testConfusion
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.testLoss = testLoss
        self.trainScore = trainScore
        self.testScore = testScore
        self.seconds = seconds
        self.parameters = parameters
    }
}
