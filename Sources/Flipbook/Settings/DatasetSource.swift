import Datasets
import Foundation

/// Where a run's data comes from, parsed once from the `dataset` setting's text.
public enum DatasetSource: Sendable, Equatable {
    /// A built-in generator: circles, moons, xor, spiral, blobs or sine.
    case generated(Generator)
    /// A real data set shipped with Flipbook: iris, wine or breast-cancer.
    case builtIn(BuiltInTable)
    /// A CSV table `x1,…,xn,label` (`csv:PATH`).
    case csv(path: String)
    /// An MNIST-layout directory of four IDX files (`mnist:DIR`).
    case mnist(directory: String)
    /// Fashion-MNIST, from Debian's package (`fashion-mnist`) or a directory (`fashion-mnist:DIR`).
    case fashionMNIST(directory: String?)

    /// The source `text` names, one of the forms of `DatasetCatalog`; a `SettingError` lists them.
    public init(parsing text: String) throws(SettingError) {
        if let generator = Generator(rawValue: text) {
            self = .generated(generator)
            return
        }
        if let table = BuiltInTable(rawValue: text) {
            self = .builtIn(table)
            return
        }
        for file in DatasetFile.allCases {
            if text == file.prefix, let source = file.withoutPath {
                self = source
                return
            }
            let prefix = file.prefix + ":"
            if text.hasPrefix(prefix), text.count > prefix.count {
                self = file.source(at: String(text.dropFirst(prefix.count)))
                return
            }
        }
        throw SettingError(\RunConfig.dataset, text, expected: "one of " + DatasetCatalog.forms.joined(separator: ", "))
    }

    /// What this data trains with when the run does not say: a generator's or built-in table's
    /// own, images' (`DatasetDefaults.image`) for MNIST-style directories, the reference run's for
    /// a CSV file.
    public var defaults: DatasetDefaults {
        switch self {
        case .generated(let generator): generator.defaults
        case .builtIn(let table): table.defaults
        case .mnist, .fashionMNIST: .image
        case .csv: .reference
        }
    }

    /// The train/test split of this data for `config`: the fixed split of an MNIST-style
    /// directory, or a seeded stratified split of any other data set. A generator's refusal is
    /// put in the words of the setting that caused it, quoting its value as typed.
    func split(for config: RunConfig) throws -> Split {
        do {
            return try readSplit(for: config)
        } catch let error as GeneratorError {
            let setting = Setting.declared(error.argument.setting)
            throw SettingError(setting.name, setting.typed(config) ?? "\(error.value)", expected: error.expected)
        }
    }

    private func readSplit(for config: RunConfig) throws -> Split {
        switch self {
        case .mnist(let directory):
            return try IDXReader.read(directory: directory, name: "mnist", classNames: (0..<10).map(String.init))
        case .fashionMNIST(let directory):
            let path = directory ?? IDXReader.fashionDefaultDirectory
            if directory == nil, !FileManager.default.fileExists(atPath: path) {
                throw DatasetError(file: path, "does not exist: install Debian's Fashion-MNIST with 'bash scripts/setup.sh --fashion-mnist', or give fashion-mnist:DIR")
            }
            return try IDXReader.read(directory: path, name: "fashion-mnist", classNames: IDXReader.fashionClassNames)
        case .csv(let path):
            return try CSVReader.read(path: path).split(testFraction: config.testFraction, seed: config.seed)
        case .generated(let generator):
            return try generator.make(config).split(testFraction: config.testFraction, seed: config.seed)
        case .builtIn(let table):
            return try table.read().split(testFraction: config.testFraction, seed: config.seed)
        }
    }
}

extension GeneratorError.Argument {
    /// The setting that gives a generator this argument.
    var setting: AnyKeyPath {
        switch self {
        case .samples: \RunConfig.samples
        case .noise: \RunConfig.noise
        case .factor: \RunConfig.factor
        case .classes: \RunConfig.classes
        case .testFraction: \RunConfig.testFraction
        }
    }
}

extension SettingFormat where Value == String {
    /// A data set's name, as `DatasetSource` reads it; kept as typed.
    static var dataset: Self {
        Self(parse: { text, _ throws(SettingError) in
            _ = try DatasetSource(parsing: text)
            return text
        }, check: { text, _ throws(SettingError) in _ = try DatasetSource(parsing: text) }, json: { .string($0) })
    }
}
