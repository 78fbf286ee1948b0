/// The rules a frame store's contents obey, checked on typed values: by the reader after it has
/// decoded a store's columns, and by the writer before it records anything. Each broken rule is a
/// `StoreProblem` naming the column (`dataset.labels`, `epoch 12: parameters`).
enum StoreRules {
    typealias Limits = FrameStoreLimits

    // MARK: run

    /// Layer sizes: at least two, each 1…`maximumLayerWidth`, at most `maximumLayers` layers,
    /// and at most `maximumParameterCount` parameters in all.
    static func check(layerSizes sizes: [Int]) throws(StoreProblem) {
        guard sizes.count >= 2 else {
            throw StoreProblem("run.layer_sizes holds \(sizes.count) size\(sizes.count == 1 ? "" : "s"); a network needs at least 2 (inputs and outputs)")
        }
        guard sizes.count <= Limits.maximumLayers + 1 else {
            throw StoreProblem("run.layer_sizes holds \(sizes.count) sizes; a store holds at most \(Limits.maximumLayers) layers")
        }
        for (index, size) in sizes.enumerated() where !(1...Limits.maximumLayerWidth).contains(size) {
            throw StoreProblem("run.layer_sizes: size \(size) (position \(index)) is outside 1…\(Limits.maximumLayerWidth)")
        }
        guard let count = Architecture.parameterCount(sizes), count <= Limits.maximumParameterCount else {
            throw StoreProblem("run.layer_sizes: the network \(sizes.map(String.init).joined(separator: " → ")) has more than \(Limits.maximumParameterCount) parameters")
        }
    }

    /// One activation per layer of weights, the last `identity` (the losses take logits).
    static func check(activations: [Architecture.Activation], layerSizes: [Int]) throws(StoreProblem) {
        let layers = layerSizes.count - 1
        guard activations.count == layers else {
            throw StoreProblem("run.activations holds \(activations.count) activation\(activations.count == 1 ? "" : "s") for the \(layers) layer\(layers == 1 ? "" : "s") of run.layer_sizes")
        }
        if let last = activations.last, last != .identity {
            throw StoreProblem("run.activations: the output layer's activation is \(last.rawValue); it must be identity (the loss takes logits)")
        }
    }

    /// The whole architecture.
    static func check(_ architecture: Architecture) throws(StoreProblem) {
        try check(layerSizes: architecture.layerSizes)
        try check(activations: architecture.activations, layerSizes: architecture.layerSizes)
    }

    /// `diverged_at` is the number of recorded epochs (training stops at the epoch that diverges,
    /// without recording it).
    static func check(_ status: RunStatus, epochCount: Int) throws(StoreProblem) {
        if case .diverged(let epoch) = status, epoch != epochCount {
            throw StoreProblem("run.diverged_at is \(epoch), but the store holds \(epochCount) epoch\(epochCount == 1 ? "" : "s"); a run that diverges records every epoch before that one")
        }
    }

    // MARK: dataset

    /// Every rule of the data set, against the network it trains.
    static func check(_ data: StoredDataset, for architecture: Architecture) throws(StoreProblem) {
        let n = data.count, d = data.featureCount
        guard data.name.utf8.count <= Limits.maximumNameBytes else {
            throw StoreProblem("dataset.name is \(data.name.utf8.count) bytes long; at most \(Limits.maximumNameBytes)")
        }
        guard n <= Limits.maximumSampleCount else {
            throw StoreProblem("dataset.sample_count \(n) is more than \(Limits.maximumSampleCount)")
        }
        guard d == architecture.inputSize else {
            throw StoreProblem("dataset.feature_count \(d) differs from the \(architecture.inputSize) inputs of the network \(architecture) (run.layer_sizes)")
        }
        try check(kind: data.kind, featureCount: d, imageSize: data.imageSize, architecture: architecture)
        try check(classNames: data.classNames, architecture: architecture)
        try check(names: data)
        guard let values = featureValues(samples: n, features: d), data.features.count == values else {
            throw StoreProblem("dataset.features holds \(data.features.count) values; \(n) samples × \(d) features need \(n * d)")
        }
        if let i = data.features.firstIndex(where: { !$0.isFinite }) {
            throw StoreProblem("dataset.features: value \(i) (sample \(i / d), feature \(i % d)) is \(data.features[i])")
        }
        if architecture.loss.isClassification {
            guard data.targets.isEmpty else {
                throw StoreProblem("dataset.targets is set, but \(architecture.loss.rawValue) is classification (it uses labels)")
            }
            guard data.labels.count == n else {
                throw StoreProblem("dataset.labels holds \(data.labels.count) labels for \(n) samples")
            }
            let classes = data.classNames.count
            if let i = data.labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
                throw StoreProblem("dataset.labels: label \(data.labels[i]) of sample \(i) is outside the \(classes) classes")
            }
        } else {
            guard data.labels.isEmpty else {
                throw StoreProblem("dataset.labels is set, but mean-squared-error is regression (it uses targets)")
            }
            guard data.targets.count == n else {
                throw StoreProblem("dataset.targets holds \(data.targets.count) values for \(n) samples")
            }
            if let i = data.targets.firstIndex(where: { !$0.isFinite }) {
                throw StoreProblem("dataset.targets: the target of sample \(i) is \(data.targets[i])")
            }
        }
        guard data.mean.count == d else {
            throw StoreProblem("dataset.mean holds \(data.mean.count) values for \(d) features")
        }
        if let i = data.mean.firstIndex(where: { !$0.isFinite }) {
            throw StoreProblem("dataset.mean: the mean of feature \(i) is \(data.mean[i])")
        }
        guard data.deviation.count == d else {
            throw StoreProblem("dataset.deviation holds \(data.deviation.count) values for \(d) features")
        }
        if let i = data.deviation.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw StoreProblem("dataset.deviation: the deviation of feature \(i) is \(data.deviation[i]); it must be positive and finite")
        }
        if let trained = data.trainingCount {
            let stored = data.isTest.count(where: { !$0 })
            guard (stored...Limits.maximumTrainingCount).contains(trained) else {
                throw StoreProblem("dataset.training_count \(trained) is \(trained < stored ? "less than the \(stored) training samples stored (is_test = 0)" : "more than \(Limits.maximumTrainingCount)")")
            }
        }
    }

    /// The features' names (one per feature, each one line of 1…`maximumClassNameBytes` bytes)
    /// and the target's.
    static func check(names data: StoredDataset) throws(StoreProblem) {
        let d = data.featureCount
        if let names = data.featureNames {
            guard names.count == d else {
                throw StoreProblem("dataset.feature_names holds \(names.count) names for \(d) features")
            }
            if let bad = names.firstIndex(where: { $0.isEmpty || $0.utf8.count > Limits.maximumClassNameBytes || $0.contains(where: \.isNewline) }) {
                throw StoreProblem("dataset.feature_names: name \(bad) is empty, holds a line end or is longer than \(Limits.maximumClassNameBytes) bytes")
            }
        }
        if let target = data.targetName, target.isEmpty || target.utf8.count > Limits.maximumClassNameBytes || target.contains(where: \.isNewline) {
            throw StoreProblem("dataset.target_name is empty, holds a line end or is longer than \(Limits.maximumClassNameBytes) bytes")
        }
    }

    /// samples × features, or nil when it exceeds `maximumFeatureValues`.
    static func featureValues(samples: Int, features: Int) -> Int? {
        let (product, overflow) = samples.multipliedReportingOverflow(by: features)
        return overflow || product > Limits.maximumFeatureValues || samples < 0 || features < 0 ? nil : product
    }

    /// What each kind of data implies: two features for points, one feature and a regression
    /// for curves, a size whose pixels are the features for images.
    static func check(kind: StoredDataset.Kind, featureCount d: Int, imageSize: (width: Int, height: Int)?,
                      architecture: Architecture) throws(StoreProblem) {
        switch kind {
        case .points2D:
            guard d == 2 else { throw StoreProblem("dataset.kind is points2D, but dataset.feature_count is \(d), not 2") }
        case .regression1D:
            guard d == 1 else { throw StoreProblem("dataset.kind is regression1D, but dataset.feature_count is \(d), not 1") }
            guard architecture.loss == .meanSquaredError else {
                throw StoreProblem("dataset.kind is regression1D, but run.loss is \(architecture.loss.rawValue), not mean-squared-error")
            }
        case .image:
            guard let size = imageSize else {
                throw StoreProblem("dataset.kind is image, but dataset.image_width and image_height are not set")
            }
            guard size.width >= 1, size.height >= 1 else {
                throw StoreProblem("dataset.image_width × image_height is \(size.width) × \(size.height); both must be at least 1")
            }
            let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
            guard !overflow, pixels == d else {
                throw StoreProblem("dataset.image_width × image_height is \(size.width) × \(size.height), but dataset.feature_count is \(d)")
            }
            guard architecture.loss.isClassification else {
                throw StoreProblem("dataset.kind is image, but run.loss is mean-squared-error (images are classified)")
            }
        case .table:
            break
        }
        if kind != .image, let size = imageSize {
            throw StoreProblem("dataset.image_width and image_height are \(size.width) × \(size.height), but dataset.kind \(kind.rawValue) has no image size")
        }
    }

    /// The classes against the output layer: 1 output ⇔ 2 classes for binary cross-entropy (else
    /// one output per class), one output per class for softmax, no classes and 1 output for
    /// mean squared error.
    static func check(classNames names: [String], architecture: Architecture) throws(StoreProblem) {
        let k = names.count, outputs = architecture.outputSize
        switch architecture.loss {
        case .meanSquaredError:
            guard k == 0 else {
                throw StoreProblem("dataset.class_names holds \(k) classes, but mean-squared-error is regression (no classes)")
            }
            guard outputs == 1 else {
                throw StoreProblem("run.layer_sizes ends in \(outputs) outputs; mean-squared-error regression has 1")
            }
            return
        case .binaryCrossEntropy:
            guard outputs == 1 ? k == 2 : k == outputs else {
                throw StoreProblem("dataset.class_names holds \(k) classes, but the network's \(outputs) output\(outputs == 1 ? "" : "s") with binary-cross-entropy separate\(outputs == 1 ? "s" : "") \(outputs == 1 ? 2 : outputs)")
            }
        case .softmaxCrossEntropy:
            guard k == outputs else {
                throw StoreProblem("dataset.class_names holds \(k) classes, but the network has \(outputs) output\(outputs == 1 ? "" : "s") (softmax-cross-entropy needs one per class)")
            }
        }
        guard (2...Limits.maximumClassCount).contains(k) else {
            throw StoreProblem("dataset.class_names holds \(k) classes; classification needs 2…\(Limits.maximumClassCount)")
        }
        if let i = names.firstIndex(where: { $0.utf8.count > Limits.maximumClassNameBytes }) {
            throw StoreProblem("dataset.class_names: the name of class \(i) is \(names[i].utf8.count) bytes long; at most \(Limits.maximumClassNameBytes)")
        }
    }

    // MARK: epoch

    /// Losses are NULL (NaN) or finite and ≥ 0; accuracies NULL or in 0…1; R² NULL or finite and
    /// at most 1; seconds finite and ≥ 0.
    static func check(metrics record: EpochRecord, loss: Architecture.Loss) throws(StoreProblem) {
        let place = "epoch \(record.epoch)"
        for (column, value) in [("train_loss", record.trainLoss), ("test_loss", record.testLoss)] where !value.isNaN {
            guard value.isFinite, value >= 0 else { throw StoreProblem("\(place): \(column) is \(value); a loss is finite and never negative") }
        }
        for (column, value) in [("train_score", record.trainScore), ("test_score", record.testScore)] where !value.isNaN {
            if loss.isClassification {
                guard (0...1).contains(value) else { throw StoreProblem("\(place): \(column) is \(value); an accuracy lies in 0…1") }
            } else {
                guard value.isFinite, value <= 1 else { throw StoreProblem("\(place): \(column) is \(value); R² is finite and at most 1") }
            }
        }
        guard record.seconds.isFinite, record.seconds >= 0 else {
            throw StoreProblem("\(place): seconds is \(record.seconds); expected a finite duration ≥ 0")
        }
    }

    /// "epoch 12: parameters hold 40 values; the network 2 → 16 → 1 needs 65".
    static func wrongParameterCount(_ count: Int, at place: String, architecture: Architecture) -> StoreProblem {
        StoreProblem("\(place) hold \(count) value\(count == 1 ? "" : "s"); the network \(architecture) needs \(architecture.parameterCount)")
    }

    /// "epoch 12: parameter 7 (of 65) is nan".
    static func nonFiniteParameter(_ index: Int, value: Float, at place: String, architecture: Architecture) -> StoreProblem {
        StoreProblem("\(place): value \(index) of \(architecture.parameterCount) is \(value)")
    }

    /// Where an epoch's parameters are, for messages: "epoch 12: parameters".
    static func parametersPlace(epoch: Int) -> String { "epoch \(epoch): parameters" }

    /// Where the initial parameters are, for messages.
    static let initialParametersPlace = "run.initial_parameters"

    /// Exactly `parameterCount` finite values (or none: an epoch that is not a frame, a store
    /// without initial parameters).
    static func check(parameters: [Float], at place: String, architecture: Architecture) throws(StoreProblem) {
        guard !parameters.isEmpty else { return }
        guard parameters.count == architecture.parameterCount else {
            throw wrongParameterCount(parameters.count, at: place, architecture: architecture)
        }
        if let i = parameters.firstIndex(where: { !$0.isFinite }) {
            throw nonFiniteParameter(i, value: parameters[i], at: place, architecture: architecture)
        }
    }

    /// None for regression; for classification none or K×K counts, each ≥ 0.
    static func check(confusion: [Int32], epoch: Int, classes: Int) throws(StoreProblem) {
        guard !confusion.isEmpty else { return }
        guard classes > 0 else {
            throw StoreProblem("epoch \(epoch): confusion is set, but regression has no classes")
        }
        guard confusion.count == classes * classes else {
            throw StoreProblem("epoch \(epoch): confusion holds \(confusion.count) counts; \(classes) classes need \(classes) × \(classes)")
        }
        if let i = confusion.firstIndex(where: { $0 < 0 }) {
            throw StoreProblem("epoch \(epoch): confusion: the count of true class \(i / classes), predicted \(i % classes) is \(confusion[i])")
        }
    }
}

// MARK: schema 3: fields, snapshots inside epochs, the recorder

extension StoreRules {
    /// The run's model, field grid, recorder and steps: a grid of 2…`maximumFieldSize` points
    /// a side over a finite, non-empty rectangle; a field run has a grid, two inputs, no hidden
    /// layers and no parameters.
    static func check(schema3 run: StoredRun) throws(StoreProblem) {
        guard !run.recordedBy.isEmpty, run.recordedBy.utf8.count <= Limits.maximumNameBytes else {
            throw StoreProblem("run.recorded_by is \(run.recordedBy.utf8.count) bytes long; expected 1…\(Limits.maximumNameBytes)")
        }
        if let steps = run.stepsPerEpoch, !(2...Limits.maximumStepsPerEpoch).contains(steps) {
            throw StoreProblem("run.steps_per_epoch is \(steps), outside 2…\(Limits.maximumStepsPerEpoch)")
        }
        if let grid = run.fieldGrid { try check(grid, outputs: run.architecture.outputSize) }
        if let plane = run.plane {
            guard run.model == .field, run.architecture.inputSize > 2 else {
                throw StoreProblem("run.plane is set, but only a field run of more than two features keeps one")
            }
            try check(plane, features: run.architecture.inputSize)
        }
        guard run.model == .field else { return }
        guard run.fieldGrid != nil else { throw StoreProblem("run.model is field, but run.field_extent and run.field_size are NULL") }
        let architecture = run.architecture
        guard architecture.layerSizes.count == 2, architecture.activations == [.identity] else {
            throw StoreProblem("run.model is field, but run.layer_sizes is \(architecture.layerSizes); a field run states only [inputs, outputs], with activations [\"identity\"]")
        }
        guard architecture.inputSize == 2 || run.plane != nil else {
            throw StoreProblem("run.model is field, but the data has \(architecture.inputSize) features and run.plane is NULL; a field spans the plane of two, or the plane run.plane states")
        }
        guard run.initialParameters.isEmpty else {
            throw StoreProblem("run.initial_parameters is set, but run.model is field (a field run keeps no parameters)")
        }
    }

    /// A plane: a known kind, an origin of `features` finite numbers within `maximumExtent`, two
    /// orthonormal axes of `features` numbers each (to 10⁻³).
    static func check(_ plane: StoredPlane, features d: Int) throws(StoreProblem) {
        guard StoredPlane.kinds.contains(plane.kind) else {
            throw StoreProblem("run.plane: kind '\(plane.kind.prefix(40))' is not one of \(StoredPlane.kinds.joined(separator: ", "))")
        }
        guard plane.origin.count == d, plane.axes.count == 2, plane.axes.allSatisfy({ $0.count == d }) else {
            throw StoreProblem("run.plane: origin holds \(plane.origin.count) numbers and axes \(plane.axes.map { "\($0.count)" }.joined(separator: " and ")); the \(d) features need \(d) each, and two axes")
        }
        guard (plane.origin + plane.axes[0] + plane.axes[1]).allSatisfy({ $0.isFinite && abs($0) <= Limits.maximumExtent }) else {
            throw StoreProblem("run.plane: its numbers must be finite, within ±\(String(format: "%.0e", Limits.maximumExtent))")
        }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let (a, b) = (plane.axes[0], plane.axes[1])
        guard abs(dot(a, a) - 1) <= 1e-3, abs(dot(b, b) - 1) <= 1e-3, abs(dot(a, b)) <= 1e-3 else {
            throw StoreProblem("run.plane: its axes are not orthonormal (lengths² \(dot(a, a)), \(dot(b, b)); product \(dot(a, b)))")
        }
    }

    /// A grid: 2…`maximumFieldSize` points a side, finite edges within `maximumExtent`, each
    /// range non-empty, at most `maximumFieldValues` values per field.
    static func check(_ grid: FieldGrid, outputs: Int) throws(StoreProblem) {
        guard (2...Limits.maximumFieldSize).contains(grid.size) else {
            throw StoreProblem("run.field_size is \(grid.size), outside 2…\(Limits.maximumFieldSize)")
        }
        let edges = [grid.minX, grid.maxX, grid.minY, grid.maxY]
        guard edges.allSatisfy({ $0.isFinite && abs($0) <= Limits.maximumExtent }), grid.minX < grid.maxX, grid.minY < grid.maxY else {
            throw StoreProblem("run.field_extent is \(edges); expected [min_x, max_x, min_y, max_y], finite, within ±\(String(format: "%.0e", Limits.maximumExtent)), each min below its max")
        }
        guard grid.valueCount(outputs: outputs) <= Limits.maximumFieldValues else {
            throw StoreProblem("run.field_size \(grid.size) with \(outputs) outputs makes more than \(Limits.maximumFieldValues) values per field")
        }
    }

    /// A record's step against the run: none, or 1 ..< steps per epoch.
    static func check(step: Int?, epoch: Int, stepsPerEpoch: Int?) throws(StoreProblem) {
        guard let step else { return }
        guard let steps = stepsPerEpoch else {
            throw StoreProblem("epoch \(epoch): step is \(step), but run.steps_per_epoch is NULL (the run records no snapshots inside epochs)")
        }
        guard (1..<steps).contains(step) else {
            throw StoreProblem("epoch \(epoch): step is \(step), outside 1…\(steps - 1) (run.steps_per_epoch is \(steps))")
        }
    }

    /// Where a record's field is, for messages.
    static func fieldPlace(_ moment: Moment) -> String { "\(moment): field" }

    /// A field (decoded) against the run: none for a network run; for a field run none or one
    /// value per output and grid point, probabilities in 0…1 for classification, finite values
    /// for regression.
    static func check(field: [Float], at moment: Moment, run: StoredRun) throws(StoreProblem) {
        guard !field.isEmpty else { return }
        let place = fieldPlace(moment)
        guard run.model == .field, let grid = run.fieldGrid else {
            throw StoreProblem("\(place) is set, but run.model is network (its frames hold parameters)")
        }
        let needed = grid.valueCount(outputs: run.architecture.outputSize)
        guard field.count == needed else {
            throw StoreProblem("\(place) holds \(field.count) values; \(grid.size) × \(grid.size) grid points × \(run.architecture.outputSize) outputs need \(needed)")
        }
        let classification = run.architecture.loss.isClassification
        if let i = field.firstIndex(where: { !$0.isFinite || (classification && !(0...1).contains($0)) }) {
            throw StoreProblem("\(place): value \(i) is \(field[i]); expected \(classification ? "a probability in 0…1" : "a finite number")")
        }
    }

    /// Where a record's predicted classes are, for messages.
    static func predictedPlace(_ moment: Moment) -> String { "\(moment): predicted" }

    /// Predicted classes: none, or in a classifying field run's frame one class per sample, each
    /// one of the run's classes.
    static func check(predicted: [Int32], hasField: Bool, at moment: Moment, run: StoredRun) throws(StoreProblem) {
        guard !predicted.isEmpty else { return }
        let place = predictedPlace(moment), classes = run.dataset.classNames.count
        guard run.model == .field, run.architecture.loss.isClassification, hasField else {
            throw StoreProblem("\(place) is set, but only a classifying field run's frame (one with a field) holds predicted classes")
        }
        guard predicted.count == run.dataset.count else {
            throw StoreProblem("\(place) holds \(predicted.count) classes for dataset.sample_count \(run.dataset.count)")
        }
        if let i = predicted.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
            throw StoreProblem("\(place): the class of sample \(i) is \(predicted[i]), outside the \(classes) classes")
        }
    }

    /// The order of records: epochs' ends 0, 1, 2, … without gaps, each epoch's snapshots before
    /// its end in increasing steps, snapshots only in the epoch after the last one ended.
    static func check(next moment: Moment, endedEpochs: Int, lastStep: Int?) throws(StoreProblem) {
        if moment.epoch < endedEpochs {
            throw StoreProblem(moment.step == nil ? "epoch \(moment.epoch) is recorded twice (column epoch)"
                               : "\(moment) comes after the end of epoch \(moment.epoch) (records are in training order)")
        }
        if moment.epoch > endedEpochs {
            throw StoreProblem("epoch \(endedEpochs) is missing: the epoch column jumps from \(endedEpochs - 1) to \(moment.epoch); a store records every epoch from 0")
        }
        if let step = moment.step, let lastStep, step <= lastStep {
            throw StoreProblem("\(moment) comes after step \(lastStep) of the same epoch; steps increase")
        }
    }
}
