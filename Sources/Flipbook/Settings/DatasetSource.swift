import Datasets
import Foundation

/// Where a run's data comes from, parsed once from the `dataset` setting's text.
public enum DatasetSource: Sendable, Equatable {
    /// A built-in generator, by name: circles, moons, xor, spiral, blobs or sine.
    case generated(String)
    /// A CSV table `x1,…,xn,label` (`csv:PATH`).
    case csv(path: String)
    /// An MNIST-layout directory of four IDX files (`mnist:DIR`).
    case mnist(directory: String)
    /// Fashion-MNIST, from Debian's package (`fashion-mnist`) or a directory (`fashion-mnist:DIR`).
    case fashionMNIST(directory: String?)

    /// The generators `--dataset` names.
    static let generators = ["circles", "moons", "xor", "spiral", "blobs", "sine"]

    /// The source `text` names; a `SettingError` lists the accepted forms.
    public init(parsing text: String) throws(SettingError) {
        func rest(after prefix: String) -> String? {
            text.hasPrefix(prefix) && text.count > prefix.count ? String(text.dropFirst(prefix.count)) : nil
        }
        if Self.generators.contains(text) {
            self = .generated(text)
        } else if text == "fashion-mnist" {
            self = .fashionMNIST(directory: nil)
        } else if let path = rest(after: "csv:") {
            self = .csv(path: path)
        } else if let directory = rest(after: "mnist:") {
            self = .mnist(directory: directory)
        } else if let directory = rest(after: "fashion-mnist:") {
            self = .fashionMNIST(directory: directory)
        } else {
            throw SettingError("dataset", text, expected: "one of circles, moons, xor, spiral, blobs, sine, csv:PATH, mnist:DIR, fashion-mnist[:DIR]")
        }
    }

    /// The train/test split of this data for `config`: the fixed split of an MNIST-style
    /// directory, or a seeded stratified split of any other data set. A generator's refusal is
    /// put in the words of the setting that caused it.
    func split(for config: RunConfig) throws -> Split {
        do {
            return try readSplit(for: config)
        } catch let error as GeneratorError {
            throw SettingError(Self.settingName[error.argument]!, error.value, expected: error.expected)
        }
    }

    /// The setting behind each generator argument.
    private static let settingName: [GeneratorError.Argument: String] = [
        .samples: "samples", .noise: "noise", .factor: "factor", .classes: "classes", .testFraction: "test-fraction",
    ]

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
        case .generated(let name):
            return try generate(name, config).split(testFraction: config.testFraction, seed: config.seed)
        }
    }

    private func generate(_ name: String, _ c: RunConfig) throws -> Dataset {
        switch name {
        case "circles": try .circles(samples: c.samples, noise: c.noise, factor: c.factor, seed: c.seed)
        case "moons": try .moons(samples: c.samples, noise: c.noise, seed: c.seed)
        case "xor": try .xor(samples: c.samples, noise: c.noise, seed: c.seed)
        case "spiral": try .spiral(samples: c.samples, classes: c.classes, noise: c.noise, seed: c.seed)
        case "blobs": try .blobs(samples: c.samples, classes: c.classes, noise: c.noise, seed: c.seed)
        default: try .sine(samples: c.samples, noise: c.noise, seed: c.seed)
        }
    }
}
