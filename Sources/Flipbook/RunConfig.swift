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
public struct RunConfig: Sendable, Equatable {
    /// Which optimizer moves the parameters.
    public enum OptimizerChoice: String, Sendable, Codable, CaseIterable {
        /// Plain gradient descent.
        case gd
        /// Gradient descent with momentum 0.9.
        case momentum
        /// Adam with β₁ = 0.9, β₂ = 0.999.
        case adam
        /// RMSProp with ρ = 0.9, ε = 1e-8.
        case rmsprop
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
    /// Hidden activation.
    public var activation = HiddenActivation.relu
    /// Initial weights of every layer; nil for the default (He for ReLU layers, Glorot for the others).
    public var initializer: InitialWeights? = nil
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
    /// Record (and draw) every Nth epoch; the key epochs and the last are always recorded.
    public var frameEvery = 1
    /// How the run is drawn: panel size, frame rate, key epochs (which training also records).
    public var pictures = PictureSettings()
    /// Output head of a classifier; nil for the default (sigmoid for two classes, softmax for more).
    public var output: OutputHead? = nil

    /// The reference run.
    public init() {}

    /// Reads a JSON config file; every problem is a `SettingError` naming the file.
    public static func load(path: String) throws -> RunConfig {
        try RunConfig(json: readConfigFile(path), source: path)
    }

    /// The configuration a JSON object of settings gives (keys as the flag names; missing keys
    /// keep their defaults). Each value is read as its text would be on the command line, by the
    /// setting's own declaration (`RunSetting`); unknown keys are refused.
    public init(json data: Data, source: String?) throws(SettingError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any] else {
                throw SettingError("config", source ?? "JSON", expected: "a JSON object of settings, e.g. {\"epochs\": 100}")
            }
            object = parsed
        } catch let error as SettingError {
            throw error
        } catch {
            throw SettingError("config", source ?? "JSON", expected: "a JSON object of settings (the file is not valid JSON)")
        }
        self.init()
        for key in object.keys.sorted() {
            guard let setting = RunSetting.named(key) else {
                throw SettingError("config key", key, expected: "one of " + RunSetting.all.map(\.name).joined(separator: ", "), source: source)
            }
            guard let text = Self.text(of: object[key]!) else {
                throw SettingError("config key", key, expected: "a number, a string or, for hidden and key-epochs, an array of numbers", source: source)
            }
            do {
                try setting.read(&self, text)
            } catch var error {
                error.source = source
                throw error
            }
        }
    }

    /// A JSON value as the text of a flag: numbers as written, arrays joined by commas; nil for
    /// booleans, objects and nulls.
    private static func text(of value: Any) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber where !"\(type(of: number))".contains("Boolean"): return number.stringValue
        case let array as [Any]:
            let parts = array.map { element -> String? in element is [Any] ? nil : text(of: element) }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.map { $0! }.joined(separator: ",")
        default: return nil
        }
    }

    /// The bytes of a config file: a regular, readable file of at most a megabyte.
    private static func readConfigFile(_ path: String) throws(SettingError) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw SettingError("config", path, expected: "a readable JSON file (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SettingError("config", path, expected: "a regular JSON file (this is a directory, a device or a pipe)")
        }
        guard status.st_size <= 1 << 20 else {
            throw SettingError("config", path, expected: "a JSON file of at most 1 MB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingError("config", path, expected: "a readable JSON file (\(String(cString: strerror(errno))))")
        }
        return data
    }

    /// The JSON form of the settings the frame store records (keys as on the command line,
    /// sorted): those that shape training and the key epochs; `pictures` adds the panel size and
    /// frame rate, as a config file may hold them.
    public func json(pictures includingPictures: Bool = false) -> String {
        var object: [String: Any] = [:]
        for setting in RunSetting.all where setting.isRecorded || includingPictures {
            if let value = setting.value(self) { object[setting.name] = value }
        }
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The key epochs: as given, or first, about 48 % and last.
    public var resolvedKeyEpochs: [Int] {
        pictures.keyEpochs ?? Array(Set([0, Int((Double(epochs) * 0.48).rounded(.down)), epochs - 1])).sorted()
    }

    /// The epochs recorded in the frame store: every `frameEvery`th, the key epochs and the last.
    public func isRecorded(epoch: Int) -> Bool {
        epoch % frameEvery == 0 || epoch == epochs - 1 || resolvedKeyEpochs.contains(epoch)
    }

    /// Checks every setting that does not need the data; throws the first `SettingError`. Each
    /// value is checked by its own declaration (`RunSetting`), as if given on the command line.
    public func validate() throws(SettingError) {
        _ = try RunConfig(json: Data(json(pictures: true).utf8), source: nil)
        if let bad = resolvedKeyEpochs.first(where: { $0 < 0 || $0 >= epochs }) {
            throw SettingError("key-epochs", bad, expected: "epochs between 0 and \(epochs - 1) (the run has \(epochs) epochs)")
        }
        try pictures.validate()
    }

    /// Checks the picture settings alone.
    public func validatePictures() throws(SettingError) {
        try pictures.validate()
    }

    /// The run settings that `compare --vary` knows, by flag name.
    public static var settingNames: [String] { RunSetting.variableNames }

    /// Sets the run setting `name` (a flag name) from its text form, as on the command line
    /// (`hidden` takes `16,16`). Throws `SettingError` for unknown names and bad values.
    public mutating func apply(_ name: String, _ text: String) throws(SettingError) {
        guard let setting = RunSetting.named(name) else {
            throw SettingError("setting", name, expected: "one of " + RunSetting.all.map(\.name).joined(separator: ", "))
        }
        try setting.read(&self, text)
    }

    /// The train/test split of the data this configuration names.
    public func makeSplit() throws -> Split {
        try DatasetSource(parsing: dataset).split(for: self)
    }
}
