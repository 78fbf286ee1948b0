import Datasets
import Foundation
import LinearAlgebra
import Neural

/// Everything that defines one run: data, network, training and pictures. The defaults are the
/// reference run of the classic tutorials: circles (1000 samples, noise 0.1, factor 0.5, seed 0,
/// 80/20 split), 2 → 16 ReLU → 1 sigmoid, binary cross-entropy, full-batch gradient descent,
/// 500 epochs, 480-pixel panels at 20 frames per second.
///
/// The settings are declared in `TrainingDeclarations` (`Settings.swift`); a configuration holds
/// their values, read and written as properties of the same names (`config.learningRate`,
/// `config.optimizer = .adam`), each its declaration's default until set.
///
/// In a JSON config file the keys are the command-line flag names (`"learning-rate": 0.1`,
/// `"hidden": [16, 16]`); unknown keys, keys given twice and wrong types are refused.
@dynamicMemberLookup
public struct RunConfig: Sendable, Equatable {
    /// The values of the settings that shape training.
    var values = SettingValues<TrainingDeclarations>()
    /// How the run is drawn: panel size, frame rate, key epochs (which training also records).
    public var pictures = PictureSettings()

    /// The reference run.
    public init() {}

    /// The value of a setting that shapes training, e.g. `config.epochs`.
    public subscript<Value>(dynamicMember path: KeyPath<TrainingDeclarations, Setting<Value>>) -> Value {
        get { values[path] }
        set { values[path] = newValue }
    }

    /// Reads a JSON config file; every problem is a `SettingError` naming the file.
    public static func load(path: String) throws -> RunConfig {
        try RunConfig(json: readConfigFile(path), source: path)
    }

    /// The configuration a JSON object of settings gives (keys as the flag names; missing keys
    /// keep their defaults). Each value is read as its text would be on the command line, by the
    /// setting's own declaration (`RunSetting`); unknown keys and keys given twice are refused.
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
        try Self.refuseRepeatedKeys(in: data, source: source)
        self.init()
        for key in object.keys.sorted() {
            guard let setting = RunSetting.named(key) else {
                throw SettingError("config key", key, expected: "one of " + RunSetting.all.map(\.name).joined(separator: ", "), source: source)
            }
            guard let text = RunSetting.text(of: object[key]!) else {
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

    /// Refuses a JSON object of settings (read by `JSONSerialization`, which keeps one value of a
    /// key given twice without a word) that gives a key more than once, naming the key.
    private static func refuseRepeatedKeys(in data: Data, source: String?) throws(SettingError) {
        guard let utf8 = RepeatedKey.utf8(of: data) else {
            throw SettingError("config", source ?? "JSON", expected: "a JSON object of settings in UTF-8")
        }
        if let key = RepeatedKey.first(in: utf8) {
            throw SettingError("config key", key, expected: "each key once (it is given more than once)", source: source)
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
        pictures.keyEpochs ?? Array(Set([0, Int((Double(self.epochs) * 0.48).rounded(.down)), self.epochs - 1])).sorted()
    }

    /// The epochs recorded in the frame store: every `frameEvery`th, the key epochs and the last.
    public func isRecorded(epoch: Int) -> Bool {
        epoch % self.frameEvery == 0 || epoch == self.epochs - 1 || resolvedKeyEpochs.contains(epoch)
    }

    /// Checks every setting that does not need the data; throws the first `SettingError`. Each
    /// value is checked by its own declaration, as if given on the command line; then the
    /// settings that must agree with each other.
    public func validate() throws(SettingError) {
        for setting in RunSetting.all where setting.shapesTraining { try setting.check(self) }
        try pictures.validate()
        if let bad = resolvedKeyEpochs.first(where: { $0 < 0 || $0 >= self.epochs }) {
            throw SettingError("key-epochs", bad, expected: "epochs between 0 and \(self.epochs - 1) (the run has \(self.epochs) epochs)")
        }
        if self.recordEverySteps > 0, self.batchSize == 0 {
            throw SettingError("record-every-steps", self.recordEverySteps, expected: "0 for a full-batch run (one step per epoch); give --batch-size to take steps inside epochs")
        }
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
        try DatasetSource(parsing: self.dataset).split(for: self)
    }
}
