import Datasets
import FrameStore
import LinearAlgebra
import Neural

/// Translates between the trainer's types and the frame store's plain records.
enum RunRecorder {
    /// The store's record of a prepared run (image data: with at most `trainingSampleLimit`
    /// training images).
    static func storedRun(_ run: TrainingRun, trainingSampleLimit: Int = LossLandscape.maximumSamples) -> StoredRun {
        let network = run.initialNetwork
        let architecture = Architecture(layerSizes: network.sizes, activations: network.layers.map { stored($0.activation) },
                                        loss: stored(network.loss))
        // The samples in split order (train, then test), unstandardised, with a test flag each.
        // Image sets keep only the test images their pictures show (the grid's, then the hidden
        // space's) and a stratified sample of the training images (the loss landscape's): the
        // store stays small.
        var train = run.split.train, test = run.split.test
        var trainingCount: Int? = nil
        if case .image = train.kind {
            test = test.subset(storedImages(test))
            let sample = trainingSample(train, limit: trainingSampleLimit)
            if sample.count < train.count { trainingCount = train.count }
            train = train.subset(sample)
        }
        let features = train.features.elements + test.features.elements
        var labels: [Int32] = []
        var targets: [Float] = []
        switch (train.targets, test.targets) {
        case (.classes(let a, _), .classes(let b, _)): labels = (a + b).map { Int32($0) }
        case (.values(let a), .values(let b)): targets = a + b
        default: break
        }
        let info = run.split.train
        let imageSize: (width: Int, height: Int)? = if case .image(let w, let h) = info.kind { (w, h) } else { nil }
        let dataset = StoredDataset(
            name: info.name, kind: stored(info.kind), featureCount: info.featureCount,
            imageSize: imageSize, classNames: info.classNames, features: features, labels: labels,
            targets: targets, isTest: Array(repeating: false, count: train.count) + Array(repeating: true, count: test.count),
            mean: run.standardization.mean, deviation: run.standardization.deviation, trainingCount: trainingCount,
            featureNames: info.featureNames, targetName: info.targetName)
        return StoredRun(configJSON: run.config.json(), architecture: architecture, dataset: dataset,
                         initialParameters: network.parameters.flatMap(\.elements), stepsPerEpoch: stepsPerEpoch(run))
    }

    /// Optimizer steps per epoch, when the run takes snapshots inside epochs (at least two steps
    /// an epoch and `--record-every-steps` set), else nil.
    static func stepsPerEpoch(_ run: TrainingRun) -> Int? {
        let batch = run.config.resolvedBatchSize, samples = run.split.train.count
        guard run.config.recordEverySteps > 0, batch > 0, batch < samples else { return nil }
        return (samples + batch - 1) / batch
    }

    /// How many test images per class the grid of predictions shows.
    static let imagesPerClass = 4
    /// How many test images per class the store keeps in all (the hidden space shows them all).
    static let storedImagesPerClass = 100

    /// The test images the store keeps: the first `imagesPerClass` of each class in class order
    /// (the grid: `RunScene` takes the first of each class it finds), then up to
    /// `storedImagesPerClass` of each class in all.
    static func storedImages(_ test: Dataset) -> [Int] {
        let labels = test.labels ?? []
        let byClass = (0..<test.classCount).map { k in labels.indices.filter { labels[$0] == k }.prefix(storedImagesPerClass) }
        return byClass.flatMap { $0.prefix(imagesPerClass) } + byClass.flatMap { $0.dropFirst(imagesPerClass) }
    }

    /// The training images the store keeps: all of them when there are at most `limit`, else
    /// `limit` of them, seeded and stratified by class (`LossLandscape.subsample`), in their order.
    static func trainingSample(_ train: Dataset, limit: Int) -> [Int] {
        LossLandscape.subsample(Array(0..<train.count), labels: train.labels, limit: limit)
    }

    /// The store's record of one epoch; parameters only when the epoch is a frame.
    static func epochRecord(_ snapshot: Snapshot<Float>, withParameters: Bool) -> EpochRecord {
        EpochRecord(epoch: snapshot.epoch, trainLoss: snapshot.train.loss, testLoss: snapshot.test.loss,
                    trainScore: snapshot.train.score, testScore: snapshot.test.score, seconds: snapshot.seconds,
                    parameters: withParameters ? snapshot.parameters.flatMap(\.elements) : [],
                    testConfusion: (snapshot.test.confusion ?? []).map { Int32($0) }, step: snapshot.step)
    }

    /// Rebuilds the network of a frame read from `store` (its parameters W1, b1, W2, b2, …).
    ///
    /// The reader has checked the parameters against the architecture; a record that does not
    /// fit (not a frame, or changed since) is refused, never sliced out of bounds.
    static func network(of record: EpochRecord, in store: FrameStoreReader) throws -> Network<Float> {
        try network(record.parameters, in: store, at: "epoch \(record.epoch): parameters")
    }

    /// The network of `store`'s architecture with the flat `parameters` found at `place` (for errors).
    static func network(_ parameters: [Float], in store: FrameStoreReader, at place: String) throws -> Network<Float> {
        let architecture = store.run.architecture
        guard parameters.count == architecture.parameterCount else {
            throw FrameStoreError(path: store.path, "\(place) hold \(parameters.count) values; the network \(architecture) needs \(architecture.parameterCount)")
        }
        var layers: [Dense<Float>] = []
        var offset = 0
        for (index, (inputs, outputs)) in zip(architecture.layerSizes, architecture.layerSizes.dropFirst()).enumerated() {
            let weight = Matrix(rows: inputs, columns: outputs, elements: Array(parameters[offset..<offset + inputs * outputs]))
            offset += inputs * outputs
            let bias = Matrix(rows: 1, columns: outputs, elements: Array(parameters[offset..<offset + outputs]))
            offset += outputs
            let activation = index < architecture.activations.count ? neural(architecture.activations[index]) : .identity
            layers.append(Dense(weight: weight, bias: bias, activation: activation))
        }
        return Network(layers: layers, loss: neural(architecture.loss))
    }

    // The store's own names for the trainer's types (FrameStore knows nothing of Neural or
    // Datasets). Exhaustive switches both ways: a new case anywhere fails to compile here.

    /// The store's name for a data set kind.
    static func stored(_ kind: Dataset.Kind) -> StoredDataset.Kind {
        switch kind {
        case .points2D: .points2D
        case .image: .image
        case .regression1D: .regression1D
        case .table: .table
        }
    }

    /// The store's name for an activation (the same text as `Activation.name`).
    static func stored(_ activation: Activation) -> Architecture.Activation {
        switch activation {
        case .identity: .identity
        case .relu: .relu
        case .leakyReLU: .leakyReLU
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .softmax: .softmax
        }
    }

    /// The activation a stored name stands for (leaky ReLU with its default slope: the store
    /// keeps names only).
    static func neural(_ activation: Architecture.Activation) -> Activation {
        switch activation {
        case .identity: .identity
        case .relu: .relu
        case .leakyReLU: .leakyReLU
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .softmax: .softmax
        }
    }

    /// The store's name for a loss (the same text as `Loss.rawValue`).
    static func stored(_ loss: Loss) -> Architecture.Loss {
        switch loss {
        case .binaryCrossEntropy: .binaryCrossEntropy
        case .softmaxCrossEntropy: .softmaxCrossEntropy
        case .meanSquaredError: .meanSquaredError
        }
    }

    /// The loss a stored name stands for.
    static func neural(_ loss: Architecture.Loss) -> Loss {
        switch loss {
        case .binaryCrossEntropy: .binaryCrossEntropy
        case .softmaxCrossEntropy: .softmaxCrossEntropy
        case .meanSquaredError: .meanSquaredError
        }
    }
}
