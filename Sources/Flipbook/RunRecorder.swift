import Datasets
import FrameStore
import LinearAlgebra
import Neural

/// Translates between the trainer's types and the frame store's plain records.
enum RunRecorder {
    /// The store's record of a prepared run.
    static func storedRun(_ run: TrainingRun) -> StoredRun {
        let network = run.initialNetwork
        let architecture = Architecture(layerSizes: network.sizes, activations: network.layers.map(\.activation.name),
                                        loss: network.loss.rawValue)
        // The samples in split order (train, then test), unstandardised, with a test flag each.
        // Image sets keep only the test images their pictures show: the store stays small.
        var train = run.split.train, test = run.split.test
        if case .image = train.kind {
            test = test.subset(displayedImages(test))
            train = train.subset([])
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
            name: info.name, kind: kindName(info.kind), featureCount: info.featureCount,
            imageSize: imageSize, classNames: info.classNames, features: features, labels: labels,
            targets: targets, isTest: Array(repeating: false, count: train.count) + Array(repeating: true, count: test.count),
            mean: run.standardization.mean, deviation: run.standardization.deviation)
        return StoredRun(configJSON: run.config.json(), architecture: architecture, dataset: dataset)
    }

    /// How many test images per class the image pictures show.
    static let imagesPerClass = 4

    /// The first `imagesPerClass` test images of each class, in class order.
    static func displayedImages(_ test: Dataset) -> [Int] {
        let labels = test.labels ?? []
        return (0..<test.classCount).flatMap { k in labels.indices.filter { labels[$0] == k }.prefix(imagesPerClass) }
    }

    /// The store's record of one epoch; parameters only when the epoch is a frame.
    static func epochRecord(_ snapshot: Snapshot<Float>, withParameters: Bool) -> EpochRecord {
        EpochRecord(epoch: snapshot.epoch, trainLoss: snapshot.train.loss, testLoss: snapshot.test.loss,
                    trainScore: snapshot.train.score, testScore: snapshot.test.score, seconds: snapshot.seconds,
                    parameters: withParameters ? snapshot.parameters.flatMap(\.elements) : [],
                    testConfusion: (snapshot.test.confusion ?? []).map { Int32($0) })
    }

    /// Rebuilds the network of `architecture` with a flat parameter vector (W1, b1, W2, b2, …).
    static func network(_ architecture: Architecture, parameters: [Float]) throws -> Network<Float> {
        guard parameters.count == architecture.parameterCount else {
            throw FrameStoreError(path: "frames.sqlite", "an epoch holds \(parameters.count) parameters, the network needs \(architecture.parameterCount)")
        }
        guard let loss = Loss(rawValue: architecture.loss),
              architecture.activations.count == architecture.layerSizes.count - 1 else {
            throw FrameStoreError(path: "frames.sqlite", "unknown network (loss \(architecture.loss))")
        }
        var layers: [Dense<Float>] = []
        var offset = 0
        for (index, (inputs, outputs)) in zip(architecture.layerSizes, architecture.layerSizes.dropFirst()).enumerated() {
            guard let activation = Activation(name: architecture.activations[index]) else {
                throw FrameStoreError(path: "frames.sqlite", "unknown activation '\(architecture.activations[index])'")
            }
            let weight = Matrix(rows: inputs, columns: outputs, elements: Array(parameters[offset..<offset + inputs * outputs]))
            offset += inputs * outputs
            let bias = Matrix(rows: 1, columns: outputs, elements: Array(parameters[offset..<offset + outputs]))
            offset += outputs
            layers.append(Dense(weight: weight, bias: bias, activation: activation))
        }
        return Network(layers: layers, loss: loss)
    }

    static func kindName(_ kind: Dataset.Kind) -> String {
        switch kind {
        case .points2D: "points2D"
        case .image: "image"
        case .regression1D: "regression1D"
        case .table: "table"
        }
    }
}
