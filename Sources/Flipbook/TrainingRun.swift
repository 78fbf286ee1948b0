import Datasets
import LinearAlgebra
import Neural

/// A prepared run: the data split and standardised, the network built, ready to train.
///
/// Binary classification uses one sigmoid output with binary cross-entropy; more classes use a
/// softmax output with softmax cross-entropy; regression uses one linear output with mean squared error.
public struct TrainingRun: Sendable {
    /// The configuration this run was made from.
    public let config: RunConfig
    /// The data before standardisation (what pictures show).
    public let dataset: Dataset
    /// The train/test split, in data units.
    public let split: Split
    /// The fitted standardisation (maps plane coordinates to network inputs).
    public let standardization: Standardization
    /// The network before training.
    public let initialNetwork: Network<Float>
    /// Training examples as the network sees them.
    public let train: Examples<Float>
    /// Test examples as the network sees them.
    public let test: Examples<Float>

    /// Builds the data and the network; throws `SettingError` or `DatasetError` for bad settings or files.
    public init(config: RunConfig) throws {
        try config.validate()
        let activation = try config.hiddenActivation()
        let dataset = try config.makeDataset()
        let split = try dataset.split(testFraction: config.testFraction, seed: config.seed)
        let (standardized, standardization) = split.standardized()
        let loss: Loss
        let outputSize: Int
        switch dataset.targets {
        case .classes(_, let names) where names.count == 2: (loss, outputSize) = (.binaryCrossEntropy, 1)
        case .classes(_, let names): (loss, outputSize) = (.softmaxCrossEntropy, names.count)
        case .values: (loss, outputSize) = (.meanSquaredError, 1)
        }
        self.config = config
        self.dataset = dataset
        self.split = split
        self.standardization = standardization
        self.initialNetwork = try Network(inputSize: dataset.featureCount, hiddenSizes: config.hidden,
                                          outputSize: outputSize, hiddenActivation: activation,
                                          loss: loss, seed: config.seed)
        self.train = Self.examples(standardized.train, outputSize: outputSize)
        self.test = Self.examples(standardized.test, outputSize: outputSize)
    }

    /// Trains from the initial network, handing every epoch's snapshot to `observer`.
    public func fit(observer: (Snapshot<Float>) throws -> Void) throws -> (network: Network<Float>, outcome: TrainingOutcome) {
        var network = initialNetwork
        let trainer = try Trainer(epochs: config.epochs, batchSize: config.batchSize, shuffleSeed: config.seed)
        let rate = Float(config.learningRate)
        let outcome: TrainingOutcome
        switch config.optimizer {
        case .gd:
            var optimizer = try GradientDescent(learningRate: rate)
            outcome = try trainer.fit(&network, optimizer: &optimizer, train: train, test: test, observer: observer)
        case .momentum:
            var optimizer = try Momentum(learningRate: rate)
            outcome = try trainer.fit(&network, optimizer: &optimizer, train: train, test: test, observer: observer)
        case .adam:
            var optimizer = try Adam(learningRate: rate)
            outcome = try trainer.fit(&network, optimizer: &optimizer, train: train, test: test, observer: observer)
        }
        return (network, outcome)
    }

    private static func examples(_ part: Dataset, outputSize: Int) -> Examples<Float> {
        switch part.targets {
        case .classes(let labels, _):
            return Examples(inputs: part.features, labels: labels, outputSize: outputSize)
        case .values(let values):
            return Examples(inputs: part.features, targets: Matrix(rows: values.count, columns: 1, elements: values))
        }
    }
}
