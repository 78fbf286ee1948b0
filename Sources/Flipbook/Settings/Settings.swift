import Foundation
import Neural

// Every setting, declared once. A declaration is all a setting needs besides the code that uses
// its value: `config.learningRate` reads the `learningRate` declaration's value, and the command
// line's options, config file keys, `compare --vary` names, `--help` and the frame store's
// `config_json` all derive from these lists (see `Setting` and `RunSetting`).

/// The settings that shape training: the frame store records them and `compare --vary` varies
/// them. `RunConfig` holds their values.
public struct TrainingDeclarations: SettingDeclarations {
    public static let declared = Self()
    public static let shapesTraining = true
    public static let values: WritableKeyPath<RunConfig, SettingValues<Self>> & Sendable = \.values

    public let dataset = Setting<String>(
        "dataset", "circles | moons | xor | spiral | blobs | sine | csv:PATH | mnist:DIR | fashion-mnist[:DIR]",
        default: "circles", parse: { text throws(SettingError) in
            _ = try DatasetSource(parsing: text)
            return text
        }, json: { $0 })
    public let samples = Setting.whole("samples", "Samples to generate, \(Bounds.samples.lowerBound)…\(Bounds.samples.upperBound.formatted)",
                                       default: 1000, in: Bounds.samples)
    public let noise = Setting.number("noise", "Noise of the generated data, in data units, 0…\(Bounds.noise.upperBound.formatted)",
                                      default: 0.1, in: Bounds.noise)
    public let factor = Setting.number("factor", "Inner radius of circles relative to the outer, strictly between 0 and 1",
                                       default: 0.5, in: 0...1, open: true)
    public let classes = Setting.whole("classes", "Classes of spiral and blobs, 2…8", default: 3, in: 2...8)
    public let testFraction = Setting.number("test-fraction", "Fraction held out for testing, strictly between 0 and 1",
                                             default: 0.2, in: 0...1, open: true)
    public let seed = Setting<UInt64>(
        "seed", "Seed of data, split, weights and shuffles, 0…2⁶⁴−1", default: 0, parse: { text throws(SettingError) in
            guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw SettingError("seed", text, expected: "a whole number from 0 to \(UInt64.max)")
            }
            return seed
        }, json: { $0 })
    public let hidden = Setting<[Int]>(
        "hidden", "Hidden layer widths, e.g. 16,16: 1…\(Bounds.hiddenLayers.upperBound) layers of 1…\(Bounds.width.upperBound.formatted) units",
        default: [16], parse: { text throws(SettingError) in
            let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard Bounds.hiddenLayers.contains(widths.count), widths.allSatisfy({ $0.map(Bounds.width.contains) ?? false }) else {
                throw SettingError("hidden", text, expected: "comma-separated layer widths, e.g. 16,16: 1 to \(Bounds.hiddenLayers.upperBound) layers of 1 to \(Bounds.width.upperBound) units")
            }
            return widths.map { $0! }
        }, json: { $0 })
    public let activation = Setting.choice("activation", "Hidden activation", default: HiddenActivation.relu)
    public let initializer = Setting<InitialWeights?>.choice(
        "init", "Initial weights (glorot: Glorot uniform; he: He normal; uniform: U(−1, 1))",
        defaultMeans: "He for ReLU layers, Glorot for the others")
    public let optimizer = Setting.choice("optimizer", "Optimizer", default: RunConfig.OptimizerChoice.gd)
    public let learningRate = Setting.number(
        "learning-rate", "Step size, \(Bounds.learningRate.lowerBound.formatted)…\(Bounds.learningRate.upperBound.formatted)",
        default: 0.5, in: Bounds.learningRate)
    public let batchSize = Setting.whole("batch-size", "Samples per step; 0 = full batch", default: 0, in: 0...Bounds.samples.upperBound)
    public let weightDecay = Setting.number("weight-decay", "L2 weight decay λ on the weights, 0…\(Bounds.weightDecay.upperBound.formatted)",
                                            default: 0, in: Bounds.weightDecay)
    public let lrSchedule = Setting.choice("lr-schedule", "Learning-rate schedule (step: ×0.1 from 50 % of the epochs, ×0.01 from 75 %)",
                                           default: LearningRateSchedule.constant)
    public let epochs = Setting.whole("epochs", "Epochs to train, 1…\(Bounds.epochs.upperBound.formatted)", default: 500, in: Bounds.epochs)
    public let frameEvery = Setting.whole("frame-every", "Record a frame every N epochs (the key epochs and the last always)",
                                          default: 1, in: Bounds.epochs)
    public let recordEverySteps = Setting.whole(
        "record-every-steps",
        "Mini-batch runs: also record a frame every K optimizer steps inside epochs, drawn at fractional epochs (0: epochs' ends only)",
        default: 0, in: 0...Bounds.epochs.upperBound)
    public let output = Setting<OutputHead?>.choice("output", "Output head", defaultMeans: "sigmoid for 2 classes, softmax for more")
}

/// How a run's pictures are drawn. They go from the command line straight to the renderer (the
/// frame store records only the key epochs, whose parameters training keeps). `PictureSettings`
/// holds their values.
public struct PictureDeclarations: SettingDeclarations {
    public static let declared = Self()
    public static let shapesTraining = false
    public static let values: WritableKeyPath<RunConfig, SettingValues<Self>> & Sendable = \.pictures.values

    public let size = Setting.whole("size", "Side of a square panel in pixels, 160…4096", default: 480, in: PictureSettings.sizes)
    public let fps = Setting.whole("fps", "Frames per second of the animations, 1…50", default: 20, in: PictureSettings.frameRates)
    /// Key epochs are drawn as stills, and recorded while training even between --frame-every frames.
    public let keyEpochs = Setting<[Int]?>(
        "key-epochs", "Epochs drawn as stills, e.g. 0,240,499", default: nil, defaultMeans: "first, ~48 %, last", recorded: true,
        parse: { text throws(SettingError) in
            let epochs = try PictureSettings.epochList(text)
            guard epochs.count <= PictureSettings.maximumKeyEpochs else {
                throw SettingError("key-epochs", "\(epochs.count) epochs", expected: "at most \(PictureSettings.maximumKeyEpochs) key epochs")
            }
            return epochs
        }, json: { $0 })
    public let theme = Setting.choice("theme", "The page the pictures are for (both: NAME.gif and NAME.dark.gif, paired in report.md)",
                                      default: PictureTheme.light)
    public let format = Setting.choice("format", "Animation encoding, lossless (stills stay PNG)", default: AnimationFormat.gif)
    public let firstFrame = Setting.choice(
        "first-frame", "What the animations open with (untrained: the network before its first update, then the epochs)",
        default: FirstFrame.firstEpoch)
    public let frames = Setting<Int?>(
        "frames", "Frames per animation, \(PictureSettings.frameCounts.lowerBound)…\(PictureSettings.frameCounts.upperBound.formatted), chosen where the picture changes most",
        default: nil, defaultMeans: "every recorded epoch up to \(PictureSettings.defaultFrameLimit), \(PictureSettings.defaultFrameLimit) chosen beyond",
        parse: { text throws(SettingError) in try wholeNumber("frames", text, in: PictureSettings.frameCounts) }, json: { $0 })
    public let maxBytes = Setting<Int?>(
        "max-bytes", "The most bytes an animation may have, e.g. 5MB, 800kB or 250000 (kB = 1000 bytes): fewer frames, then a smaller size",
        default: nil, defaultMeans: "no limit", parse: { text throws(SettingError) in try SizeBudget.bytes(parsing: text) }, json: { $0 })
    public let views = Setting<[PictureView]?>(
        "views", "Pictures to draw, e.g. boundary,network: boundary | network | hidden | loss", default: nil,
        defaultMeans: "every view that applies to the data",
        parse: { text throws(SettingError) in try PictureView.list(text) }, json: { $0?.map(\.rawValue) })
}

// The choices of training. (The picture choices are in `PictureStyle.swift`.)

/// The activation of the hidden layers (`--activation`).
public enum HiddenActivation: String, SettingChoice {
    case relu
    case leakyReLU = "leaky-relu"
    case tanh
    case sigmoid

    /// The activation function.
    public var activation: Activation {
        switch self {
        case .relu: .relu
        case .leakyReLU: .leakyReLU
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        }
    }
}

/// How the weights are drawn before training (`--init`); unset, each layer takes the customary
/// one for its activation.
public enum InitialWeights: String, SettingChoice {
    /// Glorot uniform.
    case glorot
    /// He normal.
    case he
    /// U(−1, 1).
    case uniform

    /// The initialiser.
    public var initializer: Initializer {
        switch self {
        case .glorot: .glorotUniform
        case .he: .heNormal
        case .uniform: .uniform(limit: 1)
        }
    }
}

extension RunConfig {
    /// Which optimizer moves the parameters (`--optimizer`).
    public enum OptimizerChoice: String, SettingChoice, Codable {
        /// Plain gradient descent.
        case gd
        /// Gradient descent with momentum 0.9.
        case momentum
        /// Adam with β₁ = 0.9, β₂ = 0.999.
        case adam
        /// RMSProp with ρ = 0.9, ε = 1e-8.
        case rmsprop
    }
}

/// The output head of a classifier (`--output`); unset, sigmoid for two classes, softmax for more.
public enum OutputHead: String, SettingChoice {
    /// One sigmoid unit: two classes, binary cross-entropy.
    case sigmoid
    /// One sigmoid unit per class, binary cross-entropy on one-hot targets.
    case sigmoidPerClass = "sigmoid-per-class"
    /// One unit per class, softmax cross-entropy.
    case softmax
}

extension LearningRateSchedule: SettingChoice {}
