import Datasets

/// The data sets `--dataset` names, in one place: the built-in generators and the files Flipbook
/// reads. `DatasetSource` parses these names, its refusal lists them, `flipbook datasets` prints
/// them one a line, and the `dataset` setting's help shows them.
public enum DatasetCatalog {
    /// The forms `--dataset` accepts, in the order they are listed: `circles`, …, `csv:PATH`,
    /// `mnist:DIR`, `fashion-mnist[:DIR]`.
    static var forms: [String] {
        Generator.allCases.map(\.rawValue) + BuiltInTable.allCases.map(\.rawValue) + DatasetFile.allCases.map(\.form)
    }

    /// Name and one-line summary of each data set `--dataset` accepts, with its defaults.
    public static var entries: [(String, String)] {
        Generator.allCases.map { ($0.rawValue, $0.line) }
            + BuiltInTable.allCases.map { ($0.rawValue, $0.line) }
            + DatasetFile.allCases.map { ($0.listedName, "\($0.summary); \($0.defaults.line)") }
    }
}

/// A built-in generator of data: its name (what `--dataset` takes), what it makes, the settings
/// it takes, what it trains with by default, and how it is made.
public enum Generator: String, CaseIterable, Sendable {
    case circles, moons, xor, spiral, blobs, sine

    /// What it makes, in a few words.
    var summary: String {
        switch self {
        case .circles: "two concentric circles, outer vs inner"
        case .moons: "two interleaving half circles"
        case .xor: "four clusters at (±0.5, ±0.5), opposite signs vs same sign"
        case .spiral: "K interleaved spiral arms"
        case .blobs: "K Gaussian blobs on a circle"
        case .sine: "1-D regression: y = sin x + noise on [−π, π]"
        }
    }

    /// The settings it takes, besides the seed and the test fraction that every data set takes.
    var settings: [AnyKeyPath] {
        switch self {
        case .circles: [\RunConfig.samples, \RunConfig.noise, \RunConfig.factor]
        case .moons, .xor, .sine: [\RunConfig.samples, \RunConfig.noise]
        case .spiral, .blobs: [\RunConfig.samples, \RunConfig.classes, \RunConfig.noise]
        }
    }

    /// What it trains with when the run does not say: the reference run's, but for sine, whose
    /// regression diverges at a learning rate of 0.5 (0.1 fits it, R² about 0.98, in 1000 epochs).
    public var defaults: DatasetDefaults {
        switch self {
        case .circles, .moons, .xor, .spiral, .blobs: .reference
        case .sine: DatasetDefaults(learningRate: 0.1, hidden: [16], epochs: 1000)
        }
    }

    /// The data set `config` asks for, made with the settings it takes and the seed.
    func make(_ config: RunConfig) throws(GeneratorError) -> Dataset {
        let (samples, noise, seed) = (config.samples, config.noise, config.seed)
        return switch self {
        case .circles: try .circles(samples: samples, noise: noise, factor: config.factor, seed: seed)
        case .moons: try .moons(samples: samples, noise: noise, seed: seed)
        case .xor: try .xor(samples: samples, noise: noise, seed: seed)
        case .spiral: try .spiral(samples: samples, classes: config.classes, noise: noise, seed: seed)
        case .blobs: try .blobs(samples: samples, classes: config.classes, noise: noise, seed: seed)
        case .sine: try .sine(samples: samples, noise: noise, seed: seed)
        }
    }

    /// Its line in `flipbook datasets`: the summary, the flags of its settings, whether it is
    /// the reference run's data, and its defaults.
    var line: String {
        let flags = settings.map { "--" + Setting.declared($0).name }.joined(separator: ", ")
        return "\(summary) (\(flags))" + (rawValue == RunConfig().dataset ? "; the reference run" : "") + "; \(defaults.line)"
    }
}

extension BuiltInTable {
    /// What it trains with when the run does not say (`flipbook-bench defaults` measures them).
    public var defaults: DatasetDefaults {
        switch self {
        case .iris: DatasetDefaults(learningRate: 0.1, hidden: [16], epochs: 500)
        case .wine: DatasetDefaults(learningRate: 0.1, hidden: [16], epochs: 500)
        case .breastCancer: DatasetDefaults(learningRate: 0.5, hidden: [16], epochs: 500)
        }
    }

    /// Its line in `flipbook datasets`: what it holds, its size, its defaults.
    var line: String {
        let (n, d, k) = size
        return "\(summary) (\(n) samples × \(d) features, \(k) classes; UCI, CC BY 4.0; drawn through a plane, see --plane); \(defaults.line)"
    }
}

/// A data set read from files, named by a prefix and the path (`csv:PATH`).
enum DatasetFile: CaseIterable {
    case csv, mnist, fashionMNIST

    /// The name before the colon.
    var prefix: String {
        switch self {
        case .csv: "csv"
        case .mnist: "mnist"
        case .fashionMNIST: "fashion-mnist"
        }
    }

    /// What follows the colon, as the forms show it.
    private var argument: String { self == .csv ? "PATH" : "DIR" }

    /// The source when the path is left out: Fashion-MNIST where Debian installs it; nil for
    /// the others, which need a path.
    var withoutPath: DatasetSource? { self == .fashionMNIST ? .fashionMNIST(directory: nil) : nil }

    private var hasDefaultPath: Bool { withoutPath != nil }

    /// The form `--dataset` takes: `csv:PATH`, `fashion-mnist[:DIR]`.
    var form: String { hasDefaultPath ? "\(prefix)[:\(argument)]" : "\(prefix):\(argument)" }

    /// Its name in `flipbook datasets` (whose summary says what a path would be).
    var listedName: String { hasDefaultPath ? prefix : form }

    /// What it holds, in one line.
    var summary: String {
        switch self {
        case .csv: "your own table: records x1,…,xn,label, header optional, labels as written (numbers or names)"
        case .mnist: "an MNIST-layout directory of four IDX files (raw or .gz): 28×28 digits, 10 classes"
        case .fashionMNIST: "Fashion-MNIST from \(IDXReader.fashionDefaultDirectory) (setup.sh --fashion-mnist), or fashion-mnist:DIR"
        }
    }

    /// What its data trains with when the run does not say.
    var defaults: DatasetDefaults { source(at: "").defaults }

    /// The source at `path`.
    func source(at path: String) -> DatasetSource {
        switch self {
        case .csv: .csv(path: path)
        case .mnist: .mnist(directory: path)
        case .fashionMNIST: .fashionMNIST(directory: path)
        }
    }
}
