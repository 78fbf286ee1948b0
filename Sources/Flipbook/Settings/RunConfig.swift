import Datasets
import Foundation
import LinearAlgebra
import Neural

/// Everything that defines one run: data, network, training and pictures. The defaults are the
/// reference run of the classic tutorials: circles (1000 samples, noise 0.1, factor 0.5, seed 0,
/// 80/20 split), 2 → 16 ReLU → 1 sigmoid, binary cross-entropy, full-batch gradient descent,
/// 500 epochs, 480-pixel panels at 20 frames per second.
///
/// Each stored property but `pictures` holds one setting that shapes training, declared in
/// `Setting.training` (`Settings.swift`) with its name, help and format; its initial value here
/// is the setting's default, and nil leaves an optional one unset. The learning rate, the hidden
/// widths and the epochs are unset until given: a run takes its data set's own for those left
/// unset (`DatasetDefaults`, `withDatasetDefaults`), and its store records them.
///
/// In a JSON config file the keys are the command-line flag names (`"learning-rate": 0.1`,
/// `"hidden": [16, 16]`); unknown keys, keys given twice and wrong types are refused.
public struct RunConfig: Sendable, Equatable {
    /// The data: a generator's name, `csv:PATH`, `mnist:DIR` or `fashion-mnist[:DIR]` (`DatasetCatalog`).
    public var dataset = "circles"
    /// The samples a generator makes.
    public var samples = 1000
    /// The noise of generated data, in data units.
    public var noise = 0.1
    /// The inner radius of circles relative to the outer.
    public var factor = 0.5
    /// The classes of spiral and blobs.
    public var classes = 3
    /// The fraction of the data held out for testing.
    public var testFraction = 0.2
    /// The seed of the data, the split, the initial weights and the shuffles.
    public var seed: UInt64 = 0
    /// The widths of the hidden layers; nil: the data set's own (`resolvedHidden`).
    public var hidden: [Int]?
    /// The activation of the hidden layers.
    public var activation = HiddenActivation.relu
    /// How the weights are drawn; nil: He for ReLU layers, Glorot for the others.
    public var initializer: InitialWeights?
    /// The optimizer; nil: the data set's own (`resolvedOptimizer`).
    public var optimizer: OptimizerChoice?
    /// The step size; nil: the data set's own (`resolvedLearningRate`).
    public var learningRate: Double?
    /// Samples per step, 0 meaning the full batch; nil: the data set's own (`resolvedBatchSize`).
    public var batchSize: Int?
    /// The L2 weight decay λ on the weights.
    public var weightDecay = 0.0
    /// How the learning rate changes over the epochs.
    public var lrSchedule = LearningRateSchedule.constant
    /// The epochs to train; nil: the data set's own (`resolvedEpochs`).
    public var epochs: Int?
    /// A frame is recorded every `frameEvery` epochs (and at the key epochs and the last).
    public var frameEvery = 1
    /// Mini-batch runs also record a frame every this many steps inside epochs; 0: none.
    public var recordEverySteps = 0
    /// The output head of a classifier; nil: sigmoid for two classes, softmax for more.
    public var output: OutputHead?
    /// How the run is drawn: panel size, frame rate, key epochs (which training also records).
    public var pictures = PictureSettings()
    /// The text each setting above was typed as, for refusals to quote (no part of the run).
    public var typed = TypedText()

    /// The reference run.
    public init() {}

    /// Reads a JSON config file; every problem is a `SettingError` naming the file.
    public static func load(path: String) throws -> RunConfig {
        try RunConfig(json: readConfigFile(path), source: path)
    }

    /// The configuration a JSON object of settings gives (keys as the flag names; missing keys
    /// keep their defaults). Each value is read as its text would be on the command line, by the
    /// setting's own declaration; unknown keys and keys given twice are refused.
    public init(json data: Data, source: String?) throws(SettingError) {
        let (object, utf8) = try Self.settingsObject(in: data, source: source)
        if let key = RepeatedKey.first(in: utf8) {
            throw SettingError("config key", key, expected: "each key once (it is given more than once)", source: source)
        }
        self.init()
        for key in object.keys.sorted() {
            guard let setting = Setting.named(key) else {
                throw SettingError("config key", key, expected: "one of " + Setting.all.map(\.name).joined(separator: ", "), source: source)
            }
            guard let text = object[key]?.text else {
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

    /// The members of the JSON object `data` holds, and its text in UTF-8 (a file may be in
    /// UTF-16 or UTF-32); throws when it is not JSON or not an object.
    private static func settingsObject(in data: Data, source: String?) throws(SettingError) -> ([String: SettingJSON], Data) {
        guard let utf8 = RepeatedKey.utf8(of: data), let json = SettingJSON.decoded(utf8) else {
            throw SettingError("config", source ?? "JSON", expected: "a JSON object of settings (the file is not valid JSON)")
        }
        guard case .object(let object) = json else {
            throw SettingError("config", source ?? "JSON", expected: "a JSON object of settings, e.g. {\"epochs\": 100}")
        }
        return (object, utf8)
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
    /// sorted; every value set, unset optional ones left out): those that shape training and the
    /// key epochs; `pictures` adds the other picture settings, as a config file may hold them.
    public func json(pictures includingPictures: Bool = false) -> String {
        var members: [String: SettingJSON] = [:]
        for setting in Setting.all where setting.isRecorded || includingPictures {
            members[setting.name] = setting.json(self)
        }
        return SettingJSON.text(ofObject: members)
    }

    /// What the data set trains with where this configuration does not say (the reference
    /// run's for a name that is no data set's, which `validate` refuses).
    public var datasetDefaults: DatasetDefaults {
        (try? DatasetSource(parsing: dataset))?.defaults ?? .reference
    }

    /// The step size: as given, or the data set's own.
    public var resolvedLearningRate: Double { learningRate ?? datasetDefaults.learningRate }
    /// The hidden widths: as given, or the data set's own.
    public var resolvedHidden: [Int] { hidden ?? datasetDefaults.hidden }
    /// The epochs: as given, or the data set's own.
    public var resolvedEpochs: Int { epochs ?? datasetDefaults.epochs }
    /// The optimizer: as given, or the data set's own.
    public var resolvedOptimizer: OptimizerChoice { optimizer ?? datasetDefaults.optimizer }
    /// Samples per step (0: the full batch): as given, or the data set's own.
    public var resolvedBatchSize: Int { batchSize ?? datasetDefaults.batchSize }

    /// This configuration with the data set's own values set for the settings it leaves to the
    /// data set: the run it makes, as its store records it, so that a redraw, a comparison and a
    /// later version with other defaults read the values the run used.
    public var withDatasetDefaults: RunConfig {
        var settled = self
        (settled.learningRate, settled.hidden, settled.epochs) = (resolvedLearningRate, resolvedHidden, resolvedEpochs)
        (settled.optimizer, settled.batchSize) = (resolvedOptimizer, resolvedBatchSize)
        return settled
    }

    /// The key epochs: as given, or first, about 48 % and last.
    public var resolvedKeyEpochs: [Int] {
        let epochs = resolvedEpochs
        return pictures.keyEpochs ?? Array(Set([0, Int((Double(epochs) * 0.48).rounded(.down)), epochs - 1])).sorted()
    }

    /// The epochs recorded in the frame store: every `frameEvery`th, the key epochs and the last.
    public func isRecorded(epoch: Int) -> Bool {
        epoch % frameEvery == 0 || epoch == resolvedEpochs - 1 || resolvedKeyEpochs.contains(epoch)
    }

    /// Checks every setting that does not need the data; throws the first `SettingError`. Each
    /// value is checked by its own declaration, as if given on the command line; then the
    /// settings that must agree with each other.
    public func validate() throws(SettingError) {
        for setting in Setting.training { try setting.check(self) }
        try pictures.validate()
        let epochs = resolvedEpochs
        if let bad = resolvedKeyEpochs.first(where: { $0 < 0 || $0 >= epochs }) {
            throw SettingError(\PictureSettings.keyEpochs, in: self,
                               expected: "epochs from 0 to \(epochs - 1) (the run has \(epochs) epochs; \(bad) is past its end)")
        }
        if recordEverySteps > 0, resolvedBatchSize == 0 {
            throw SettingError(\RunConfig.recordEverySteps, in: self, expected: "0 for a full-batch run (one step per epoch); give --batch-size to take steps inside epochs")
        }
    }

    /// Checks the picture settings alone.
    public func validatePictures() throws(SettingError) {
        try pictures.validate()
    }

    /// The run settings that `compare --vary` knows, by flag name.
    public static var settingNames: [String] { Setting.variableNames }

    /// Sets the setting `name` (a flag name) from its text form, as on the command line
    /// (`hidden` takes `16,16`). Throws `SettingError` for unknown names and bad values.
    public mutating func apply(_ name: String, _ text: String) throws(SettingError) {
        guard let setting = Setting.named(name) else {
            throw SettingError("setting", name, expected: "one of " + Setting.all.map(\.name).joined(separator: ", "))
        }
        try setting.read(&self, text)
    }

    /// Sets the setting declared for `path` (`\RunConfig.epochs`, `\PictureSettings.size`) from
    /// its text form, as on the command line. Throws `SettingError` for a bad value.
    public mutating func apply(_ path: AnyKeyPath, _ text: String) throws(SettingError) {
        try Setting.declared(path).read(&self, text)
    }

    /// The train/test split of the data this configuration names.
    public func makeSplit() throws -> Split {
        try DatasetSource(parsing: dataset).split(for: self)
    }
}
