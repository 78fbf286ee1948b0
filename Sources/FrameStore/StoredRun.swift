/// What a frame store keeps about a run as a whole: its settings, network shape and data.
///
/// Plain data: the store knows nothing of networks or pictures, so the configuration travels as
/// the JSON its owner wrote, and the data set as flat arrays.
public struct StoredRun: Sendable, Equatable {
    /// The run configuration as JSON, as the pipeline wrote it.
    public var configJSON: String
    /// The network's shape.
    public var architecture: Architecture
    /// The data the run trained and tested on.
    public var dataset: StoredDataset
    /// How the run ended so far.
    public var status: RunStatus

    /// A run record with the given parts.
    public init(configJSON: String, architecture: Architecture, dataset: StoredDataset, status: RunStatus = .running) {
        self.configJSON = configJSON
        self.architecture = architecture
        self.dataset = dataset
        self.status = status
    }
}

/// The shape of a dense network: enough to rebuild it from a flat parameter vector.
public struct Architecture: Sendable, Equatable, Codable {
    /// Layer widths from input to output, e.g. [2, 16, 1].
    public var layerSizes: [Int]
    /// The activation after each layer (one per layer; the last is `identity`).
    public var activations: [String]
    /// The loss name (`binary-cross-entropy`, `softmax-cross-entropy`, `mean-squared-error`).
    public var loss: String

    /// An architecture with the given parts.
    public init(layerSizes: [Int], activations: [String], loss: String) {
        self.layerSizes = layerSizes
        self.activations = activations
        self.loss = loss
    }

    /// The number of parameters: Σ (inᵢ · outᵢ + outᵢ), ordered W1, b1, W2, b2, ….
    public var parameterCount: Int {
        zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }
}

/// A data set as stored: raw (unstandardised) features, targets, the split and the standardisation.
public struct StoredDataset: Sendable, Equatable {
    /// The data set's name.
    public var name: String
    /// `points2D`, `image`, `regression1D` or `table`.
    public var kind: String
    /// Features per sample.
    public var featureCount: Int
    /// Image width and height for image data, else nil.
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
    public init(name: String, kind: String, featureCount: Int, imageSize: (width: Int, height: Int)? = nil,
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

    public static func == (a: StoredDataset, b: StoredDataset) -> Bool {
        a.name == b.name && a.kind == b.kind && a.featureCount == b.featureCount
            && a.imageSize?.width == b.imageSize?.width && a.imageSize?.height == b.imageSize?.height
            && a.classNames == b.classNames && a.features == b.features && a.labels == b.labels
            && a.targets == b.targets && a.isTest == b.isTest && a.mean == b.mean && a.deviation == b.deviation
    }
}

/// How far a run got.
public enum RunStatus: Sendable, Equatable {
    /// Still training, or killed while training: every recorded epoch is complete.
    case running
    /// Every epoch ran.
    case completed
    /// The loss or a parameter became NaN or infinite at this epoch; it was not recorded.
    case diverged(epoch: Int)
}

/// One recorded epoch: metrics, and every parameter when the epoch is a frame.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch, counting from 0.
    public var epoch: Int
    /// Training loss after this epoch.
    public var trainLoss: Double
    /// Test loss after this epoch.
    public var testLoss: Double
    /// Training accuracy (R² for regression).
    public var trainScore: Double
    /// Test accuracy (R² for regression).
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
