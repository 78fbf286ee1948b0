import Datasets
import Foundation
import LinearAlgebra
import Neural

/// Everything that defines one run: data, network, training and pictures. The defaults are the
/// reference run of the classic tutorials: circles (1000 samples, noise 0.1, factor 0.5, seed 0,
/// 80/20 split), 2 → 16 ReLU → 1 sigmoid, binary cross-entropy, full-batch gradient descent,
/// 500 epochs, 480-pixel panels at 20 frames per second.
///
/// In a JSON config file the keys are the command-line flag names (`"learning-rate": 0.1`,
/// `"hidden": [16, 16]`); unknown keys and wrong types are refused.
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

    /// Data set: circles, moons, xor, spiral, blobs, sine, or csv:PATH.
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
    /// Hidden activation: relu, leaky-relu, tanh, sigmoid.
    public var activation = "relu"
    /// Optimizer.
    public var optimizer = OptimizerChoice.gd
    /// Learning rate of the optimizer.
    public var learningRate = 0.5
    /// Samples per step; 0 for full batch.
    public var batchSize = 0
    /// L2 weight decay λ (0 for none).
    public var weightDecay = 0.0
    /// Learning-rate schedule: constant, step or cosine.
    public var lrSchedule = LearningRateSchedule.constant
    /// Number of epochs.
    public var epochs = 500
    /// Side of a square picture panel, in pixels.
    public var size = 480
    /// Frames per second of the animations.
    public var fps = 20
    /// Record (and draw) every Nth epoch; the last epoch is always recorded.
    public var frameEvery = 1
    /// Epochs drawn as stills; nil for the default: first, about 48 %, last (0, 240, 499 for 500).
    public var keyEpochs: [Int]? = nil
    /// Output head: sigmoid (one unit, two classes), sigmoid-per-class (one sigmoid unit per class,
    /// binary cross-entropy on one-hot targets) or softmax; nil for the default (sigmoid for two
    /// classes, softmax for more).
    public var output: String? = nil

    /// The reference run.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dataset, samples, noise, factor, classes
        case testFraction = "test-fraction"
        case seed, hidden, activation, optimizer
        case learningRate = "learning-rate"
        case batchSize = "batch-size"
        case weightDecay = "weight-decay"
        case lrSchedule = "lr-schedule"
        case epochs, size, fps
        case frameEvery = "frame-every"
        case keyEpochs = "key-epochs"
        case output
    }

    /// Decodes a config object: missing keys keep their defaults; unknown keys are refused.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw SettingError("config key", unknown.stringValue,
                               expected: "one of " + CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let values = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ current: T) throws -> T {
            try values.decodeIfPresent(T.self, forKey: key) ?? current
        }
        dataset = try read(.dataset, dataset)
        samples = try read(.samples, samples)
        noise = try read(.noise, noise)
        factor = try read(.factor, factor)
        classes = try read(.classes, classes)
        testFraction = try read(.testFraction, testFraction)
        seed = try read(.seed, seed)
        hidden = try read(.hidden, hidden)
        activation = try read(.activation, activation)
        optimizer = try read(.optimizer, optimizer)
        learningRate = try read(.learningRate, learningRate)
        batchSize = try read(.batchSize, batchSize)
        weightDecay = try read(.weightDecay, weightDecay)
        lrSchedule = try read(.lrSchedule, lrSchedule)
        epochs = try read(.epochs, epochs)
        size = try read(.size, size)
        fps = try read(.fps, fps)
        frameEvery = try read(.frameEvery, frameEvery)
        keyEpochs = try values.decodeIfPresent([Int].self, forKey: .keyEpochs)
        output = try values.decodeIfPresent(String.self, forKey: .output)
    }

    /// Reads a JSON config file; every problem is a `SettingError` naming the file.
    public static func load(path: String) throws -> RunConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SettingError("config", path, expected: "a readable JSON file")
        }
        do {
            return try JSONDecoder().decode(RunConfig.self, from: data)
        } catch let error as SettingError {
            throw SettingError("\(error.setting) in \(path)", error.value, expected: error.expected)
        } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            if key.isEmpty { throw SettingError("config", path, expected: "a JSON object of settings") }
            throw SettingError("config key in \(path)", key, expected: "a value of type \(typeName(type))")
        } catch let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            if key.isEmpty {
                throw SettingError("config", path, expected: "a JSON object of settings (the file is not valid JSON)")
            }
            throw SettingError("config key in \(path)", key, expected: "a valid value (\(context.debugDescription))")
        } catch {
            throw SettingError("config", path, expected: "a JSON object of settings")
        }
    }

    /// The JSON form (keys as on the command line), as stored in the frame store.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The hidden activation, or a `SettingError` naming the accepted values.
    public func hiddenActivation() throws(SettingError) -> Activation {
        guard let activation = Activation(name: activation), activation != .softmax, activation != .identity else {
            throw SettingError("activation", activation, expected: "one of relu, leaky-relu, tanh, sigmoid")
        }
        return activation
    }

    /// The key epochs: as given, or first, about 48 % and last.
    public var resolvedKeyEpochs: [Int] {
        keyEpochs ?? Array(Set([0, Int((Double(epochs) * 0.48).rounded(.down)), epochs - 1])).sorted()
    }

    /// The epochs recorded in the frame store: every `frameEvery`th, the key epochs and the last.
    public func isRecorded(epoch: Int) -> Bool {
        epoch % frameEvery == 0 || epoch == epochs - 1 || resolvedKeyEpochs.contains(epoch)
    }

    /// Checks every setting that does not need the data; throws the first `SettingError`.
    public func validate() throws(SettingError) {
        _ = try hiddenActivation()
        guard learningRate > 0, learningRate.isFinite else {
            throw SettingError("learning-rate", learningRate, expected: "a positive, finite number")
        }
        guard epochs >= 1 else { throw SettingError("epochs", epochs, expected: "at least 1") }
        guard batchSize >= 0 else { throw SettingError("batch-size", batchSize, expected: "0 (full batch) or a positive number") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw SettingError("weight-decay", weightDecay, expected: "a finite number ≥ 0") }
        guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else {
            throw SettingError("hidden", hidden.map(String.init).joined(separator: ","), expected: "one or more layer widths, each at least 1")
        }
        guard testFraction > 0, testFraction < 1 else {
            throw SettingError("test-fraction", testFraction, expected: "a number strictly between 0 and 1")
        }
        try validatePictures()
        guard frameEvery >= 1 else { throw SettingError("frame-every", frameEvery, expected: "at least 1") }
        if let output, !Self.outputHeads.contains(output) {
            throw SettingError("output", output, expected: "one of " + Self.outputHeads.joined(separator: ", "))
        }
        if let bad = resolvedKeyEpochs.first(where: { $0 < 0 || $0 >= epochs }) {
            throw SettingError("key-epochs", bad, expected: "epochs between 0 and \(epochs - 1) (the run has \(epochs) epochs)")
        }
    }

    /// Checks the picture settings alone.
    public func validatePictures() throws(SettingError) {
        try pictures.validate()
    }

    /// The picture settings of this run.
    public var pictures: PictureSettings {
        PictureSettings(size: size, fps: fps, keyEpochs: keyEpochs)
    }

    /// The output heads `--output` accepts.
    public static let outputHeads = ["sigmoid", "sigmoid-per-class", "softmax"]

    /// The run settings that `apply(_:_:)` and `flipbook compare --vary` know, by flag name.
    public static let settingNames = ["dataset", "samples", "noise", "factor", "classes", "test-fraction", "seed",
                                      "hidden", "activation", "optimizer", "learning-rate", "batch-size", "weight-decay",
                                      "lr-schedule", "epochs", "output"]

    /// Sets the run setting `name` (a flag name) from its text form, as on the command line
    /// (`hidden` takes `16,16`). Throws `SettingError` for unknown names and unreadable values.
    public mutating func apply(_ name: String, _ text: String) throws(SettingError) {
        func number<T: LosslessStringConvertible>(_ type: T.Type, _ expected: String) throws(SettingError) -> T {
            guard let value = T(text.trimmingCharacters(in: .whitespaces)) else { throw SettingError(name, text, expected: expected) }
            return value
        }
        switch name {
        case "dataset": dataset = text
        case "samples": samples = try number(Int.self, "a whole number")
        case "noise": noise = try number(Double.self, "a number")
        case "factor": factor = try number(Double.self, "a number")
        case "classes": classes = try number(Int.self, "a whole number")
        case "test-fraction": testFraction = try number(Double.self, "a number")
        case "seed": seed = try number(UInt64.self, "a whole number ≥ 0")
        case "hidden":
            let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw SettingError("hidden", text, expected: "comma-separated layer widths of at least 1, e.g. 16,16")
            }
            hidden = widths.map { $0! }
        case "activation": activation = text
        case "optimizer":
            guard let choice = OptimizerChoice(rawValue: text) else {
                throw SettingError("optimizer", text, expected: "one of gd, momentum, adam")
            }
            optimizer = choice
        case "learning-rate": learningRate = try number(Double.self, "a positive number")
        case "batch-size": batchSize = try number(Int.self, "a whole number")
        case "weight-decay": weightDecay = try number(Double.self, "a number ≥ 0")
        case "lr-schedule":
            guard let schedule = LearningRateSchedule(rawValue: text) else {
                throw SettingError("lr-schedule", text, expected: "one of constant, step, cosine")
            }
            lrSchedule = schedule
        case "epochs": epochs = try number(Int.self, "a whole number")
        case "output": output = text
        default:
            throw SettingError("setting", name, expected: "one of " + Self.settingNames.joined(separator: ", "))
        }
    }

    /// The train/test split of the data this configuration names: the fixed split of an
    /// MNIST-style directory, or a seeded stratified split of any other data set.
    public func makeSplit() throws -> Split {
        if dataset.hasPrefix("mnist:"), dataset.count > 6 {
            return try IDXReader.read(directory: String(dataset.dropFirst(6)), name: "mnist", classNames: (0..<10).map(String.init))
        }
        if dataset == "fashion-mnist" || dataset.hasPrefix("fashion-mnist:") {
            let directory = dataset == "fashion-mnist" ? IDXReader.fashionDefaultDirectory : String(dataset.dropFirst(14))
            if dataset == "fashion-mnist", !FileManager.default.fileExists(atPath: directory) {
                throw DatasetError(file: directory, "does not exist: install Debian's Fashion-MNIST with 'bash scripts/setup.sh --fashion-mnist', or give fashion-mnist:DIR")
            }
            return try IDXReader.read(directory: directory, name: "fashion-mnist", classNames: IDXReader.fashionClassNames)
        }
        return try makeDataset().split(testFraction: testFraction, seed: seed)
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
            throw SettingError("dataset", dataset, expected: "one of circles, moons, xor, spiral, blobs, sine, csv:PATH, mnist:DIR, fashion-mnist[:DIR]")
        }
    }
}

/// Any string key, to list the keys a JSON object holds.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func typeName(_ type: Any.Type) -> String {
    let name = "\(type)"
    if type == Int.self || type == UInt64.self { return "integer" }
    if type == Double.self { return "number" }
    if type == String.self { return "string" }
    if name.hasPrefix("Array") { return "array of integers" }
    if name.hasPrefix("Dictionary") { return "object" }
    return name
}
