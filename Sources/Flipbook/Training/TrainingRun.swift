import Datasets
import Foundation
import LinearAlgebra
import Neural

/// A prepared run: the data split and standardised, the network built, ready to train.
///
/// Binary classification uses one sigmoid output with binary cross-entropy; more classes use a
/// softmax output with softmax cross-entropy; regression uses one linear output with mean squared error.
public struct TrainingRun: Sendable {
    /// The configuration this run was made from, with its data set's defaults set for the
    /// settings it left to them (`RunConfig.withDatasetDefaults`): what the store records.
    public let config: RunConfig
    /// The train/test split, in data units (what pictures show).
    public let split: Split
    /// The fitted standardisation (maps plane coordinates to network inputs).
    public let standardization: Standardization
    /// The network before training.
    public let initialNetwork: Network<Float>
    /// Training examples as the network sees them.
    public let train: Examples<Float>
    /// Test examples as the network sees them.
    public let test: Examples<Float>
    /// The epoch loop, with its batch size and data parallelism.
    let trainer: Trainer
    /// The optimizer, with its learning rate, schedule and weight decay.
    let optimizer: PreparedOptimizer

    /// One of the optimizers, ready to use.
    enum PreparedOptimizer: Sendable {
        case gd(GradientDescent<Float>)
        case momentum(Momentum<Float>)
        case adam(Adam<Float>)
        case rmsprop(RMSProp<Float>)
    }

    /// Builds the data and the network; throws `SettingError` or `DatasetError` for bad settings or files.
    public init(config asked: RunConfig) throws {
        try asked.validate()
        let config = asked.withDatasetDefaults
        let split = try config.makeSplit()
        let (standardized, standardization) = Self.standardize(split)
        let (loss, outputSize) = try Self.head(config.output, for: split.train)
        let hidden = config.resolvedHidden
        try Self.checkParameterCount([split.train.featureCount] + hidden + [outputSize], of: config)
        self.config = config
        self.split = split
        self.standardization = standardization
        train = Self.examples(standardized.train, outputSize: outputSize)
        test = Self.examples(standardized.test, outputSize: outputSize)
        (initialNetwork, trainer, optimizer) = try Self.inSettingWords(of: config) {
            let network = try Network<Float>(inputSize: split.train.featureCount, hiddenSizes: hidden,
                                             outputSize: outputSize, hiddenActivation: config.activation.activation,
                                             loss: loss, initializer: config.initializer?.initializer, seed: config.seed)
            return (network, try Self.trainer(config, for: network), try Self.optimizer(config))
        }
    }

    /// Image pixels are already in [0, 1] and stay as they are; other features are standardised
    /// on the training part.
    static func standardize(_ split: Split) -> (Split, Standardization) {
        guard case .image = split.train.kind else { return split.standardized() }
        let features = split.train.featureCount
        return (split, Standardization(mean: Array(repeating: 0, count: features), deviation: Array(repeating: 1, count: features)))
    }

    /// The epoch loop of `config` for `network`. Networks with enough work per shard (images)
    /// gain from every core: batches are cut into shards of 64 rows whose gradients are computed
    /// at the same time with single-threaded GEMMs. Small networks run fastest on one thread.
    static func trainer(_ config: RunConfig, for network: Network<Float>) throws -> Trainer {
        try Trainer(epochs: config.resolvedEpochs, batchSize: config.resolvedBatchSize, shuffleSeed: config.seed,
                    shardSize: shardsPay(network) ? shardRows : 0, recordEverySteps: config.recordEverySteps)
    }

    /// The rows of a shard.
    static let shardRows = 64

    /// Whether cutting batches into shards pays for `network`: when one shard's forward pass —
    /// 64 rows through every weight of the network — is at least 4 Mi multiply-adds (64 Ki
    /// weights in all), several times what handing work to another core costs (tens of µs) at
    /// the speed of a single-threaded GEMM. Work per shard, not this machine's timings: on the
    /// Zen 4 with 2 cores (`flipbook-bench training`'s width table for 2-h-h-1), one thread was
    /// faster up to 33 Ki weights in all at loads 2 and 5, and even or faster at 66 Ki.
    static func shardsPay(_ network: Network<Float>) -> Bool {
        shardRows * network.layers.reduce(0) { $0 + $1.weight.count } >= 4 << 20
    }

    /// The optimizer `config` names, with its learning rate, weight decay and schedule.
    static func optimizer(_ config: RunConfig) throws -> PreparedOptimizer {
        let (rate, decay, schedule) = (Float(config.resolvedLearningRate), Float(config.weightDecay), config.lrSchedule)
        return switch config.resolvedOptimizer {
        case .gd: .gd(try GradientDescent(learningRate: rate, weightDecay: decay, schedule: schedule))
        case .momentum: .momentum(try Momentum(learningRate: rate, weightDecay: decay, schedule: schedule))
        case .adam: .adam(try Adam(learningRate: rate, weightDecay: decay, schedule: schedule))
        case .rmsprop: .rmsprop(try RMSProp(learningRate: rate, weightDecay: decay, schedule: schedule))
        }
    }

    /// Runs `body`, putting a Neural `ArgumentError` in the words of the setting behind it,
    /// quoting the value as it was typed in `config` when it was.
    static func inSettingWords<T>(of config: RunConfig = RunConfig(), _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ArgumentError {
            guard let setting = setting(behind: error.argument) else {
                throw SettingError(error.argument, error.value, expected: error.expected)
            }
            throw SettingError(setting, Setting.declared(setting).typed(config) ?? "\(error.value)", expected: error.expected)
        }
    }

    /// The setting that gives the Neural argument `argument` its value, if a user sets it.
    private static func setting(behind argument: String) -> AnyKeyPath? {
        switch argument {
        case "learningRate": \RunConfig.learningRate
        case "weightDecay": \RunConfig.weightDecay
        case "epochs": \RunConfig.epochs
        case "batchSize": \RunConfig.batchSize
        case "recordEverySteps": \RunConfig.recordEverySteps
        case "hiddenSizes": \RunConfig.hidden
        default: nil
        }
    }

    /// Trains from the initial network, handing every epoch's snapshot to `observer`.
    public func fit(observer: (Snapshot<Float>) throws -> Void) throws -> (network: Network<Float>, outcome: TrainingOutcome) {
        var network = initialNetwork
        // One BLAS thread per GEMM, whatever BLIS_NUM_THREADS or OMP_NUM_THREADS say: the shards
        // already use every core, and threads inside them would only contend.
        BLAS.setThreadCount(1)
        let outcome: TrainingOutcome
        switch optimizer {
        case .gd(let rule): outcome = try trainer.fit(&network, optimizer: rule, train: train, test: test, observer: observer)
        case .momentum(let rule): outcome = try trainer.fit(&network, optimizer: rule, train: train, test: test, observer: observer)
        case .adam(let rule): outcome = try trainer.fit(&network, optimizer: rule, train: train, test: test, observer: observer)
        case .rmsprop(let rule): outcome = try trainer.fit(&network, optimizer: rule, train: train, test: test, observer: observer)
        }
        return (network, outcome)
    }

    /// One first step of this run's optimizer (epoch 0, fresh state) on `batch`, on the calling thread.
    func firstStep(_ network: inout Network<Float>, on batch: Examples<Float>) {
        switch optimizer {
        case .gd(let rule): firstStep(&network, on: batch, rule)
        case .momentum(let rule): firstStep(&network, on: batch, rule)
        case .adam(let rule): firstStep(&network, on: batch, rule)
        case .rmsprop(let rule): firstStep(&network, on: batch, rule)
        }
    }

    private func firstStep(_ network: inout Network<Float>, on batch: Examples<Float>, _ optimizer: some Optimizer<Float>) {
        var state = optimizer.makeState(for: network)
        network.step(inputs: batch.inputs, targets: batch.targets, optimizer: optimizer, state: &state, epoch: 0, of: trainer.epochs)
    }

    /// Refuses a network of more than `Bounds.parameters` weights and biases (its memory), quoting
    /// the hidden widths of `config` as typed.
    static func checkParameterCount(_ sizes: [Int], of config: RunConfig) throws(SettingError) {
        var total = 0
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            let (weights, overflow) = inputs.multipliedReportingOverflow(by: outputs)
            total += overflow ? Int.max / 2 : min(weights + outputs, Int.max / 4)
            total = min(total, Int.max / 2)
        }
        guard total <= Bounds.parameters else {
            let count = total >= Int.max / 4 ? "more than \(Int.max / 4)" : total.formatted
            throw SettingError(\RunConfig.hidden, in: config,
                               expected: "a network of at most \(Bounds.parameters.formatted) parameters (this one has \(count))")
        }
    }

    /// The loss and output width of the output head named `output` (nil: the default) for `dataset`.
    static func head(_ output: OutputHead?, for dataset: Dataset) throws(SettingError) -> (Loss, Int) {
        switch dataset.targets {
        case .values:
            if let output { throw SettingError(\RunConfig.output, output.rawValue, expected: "no output head for regression (sine and other real targets use one linear unit)") }
            return (.meanSquaredError, 1)
        case .classes(_, let names):
            switch output ?? (names.count == 2 ? .sigmoid : .softmax) {
            case .sigmoid:
                guard names.count == 2 else {
                    throw SettingError(\RunConfig.output, "sigmoid", expected: "sigmoid-per-class or softmax for \(names.count) classes (one sigmoid unit separates two)")
                }
                return (.binaryCrossEntropy, 1)
            case .sigmoidPerClass: return (.binaryCrossEntropy, names.count)
            case .softmax: return (.softmaxCrossEntropy, names.count)
            }
        }
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
