import Foundation
import Neural

// Every setting, declared once. A declaration is all a setting needs besides the stored property
// that holds its value and the code that uses it: the command line's options, config file keys,
// `compare --vary` names, `--help` and the frame store's `config_json` all derive from this list
// (see `Setting`).

extension Setting {
    /// Every setting, in the order `--help` lists them: those that shape training, then the
    /// picture settings.
    public static let all: [Setting] = training + pictures

    /// The settings that shape training: the frame store records them and `compare --vary`
    /// varies them. `RunConfig` holds their values.
    static let training: [Setting] = [
        Setting(\RunConfig.dataset, "dataset", DatasetCatalog.forms.joined(separator: " | "), .dataset),
        Setting(\RunConfig.samples, "samples", "Samples to generate, \(Bounds.samples.lowerBound)…\(Bounds.samples.upperBound.formatted)",
                .whole(in: Bounds.samples)),
        Setting(\RunConfig.noise, "noise", "Noise of the generated data, in data units, 0…\(Bounds.noise.upperBound.formatted)",
                .number(in: Bounds.noise)),
        Setting(\RunConfig.factor, "factor", "Inner radius of circles relative to the outer, strictly between 0 and 1",
                .number(in: 0...1, open: true)),
        Setting(\RunConfig.classes, "classes", "Classes of spiral and blobs, 2…10", .whole(in: 2...10)),
        Setting(\RunConfig.testFraction, "test-fraction", "Fraction held out for testing, strictly between 0 and 1",
                .number(in: 0...1, open: true)),
        Setting(\RunConfig.seed, "seed", "Seed of data, split, weights and shuffles, 0…2⁶⁴−1", .seed),
        Setting(\RunConfig.hidden, "hidden",
                "Hidden layer widths, e.g. 16,16: 1…\(Bounds.hiddenLayers.upperBound) layers of 1…\(Bounds.width.upperBound.formatted) units",
                SettingFormat.list(of: Bounds.hiddenLayers, in: Bounds.width,
                                   expected: "comma-separated layer widths, e.g. 16,16: 1 to \(Bounds.hiddenLayers.upperBound) layers of 1 to \(Bounds.width.upperBound) units").optional,
                unset: DatasetDefaults.shown(\.hidden) { $0.map(String.init).joined(separator: ",") }),
        Setting(\RunConfig.activation, "activation", "Hidden activation", .choice),
        Setting(\RunConfig.initializer, "init", "Initial weights (glorot: Glorot uniform; he: He normal; uniform: U(−1, 1))",
                SettingFormat.choice.optional, unset: "He for ReLU layers, Glorot for the others"),
        Setting(\RunConfig.optimizer, "optimizer", "Optimizer", SettingFormat.choice.optional,
                unset: DatasetDefaults.shown(\.optimizer, \.rawValue)),
        Setting(\RunConfig.learningRate, "learning-rate",
                "Step size, \(Bounds.learningRate.lowerBound.formatted)…\(Bounds.learningRate.upperBound.formatted)",
                SettingFormat.number(in: Bounds.learningRate).optional, unset: DatasetDefaults.shown(\.learningRate, \.formatted)),
        Setting(\RunConfig.batchSize, "batch-size", "Samples per step; 0 = full batch",
                SettingFormat.whole(in: 0...Bounds.samples.upperBound).optional, unset: DatasetDefaults.shown(\.batchSize, String.init)),
        Setting(\RunConfig.weightDecay, "weight-decay", "L2 weight decay λ on the weights, 0…\(Bounds.weightDecay.upperBound.formatted)",
                .number(in: Bounds.weightDecay)),
        Setting(\RunConfig.lrSchedule, "lr-schedule", "Learning-rate schedule (step: ×0.1 from 50 % of the epochs, ×0.01 from 75 %)",
                .choice),
        Setting(\RunConfig.epochs, "epochs", "Epochs to train, 1…\(Bounds.epochs.upperBound.formatted)",
                SettingFormat.whole(in: Bounds.epochs).optional, unset: DatasetDefaults.shown(\.epochs, String.init)),
        Setting(\RunConfig.frameEvery, "frame-every", "Record a frame every N epochs (the key epochs and the last always)",
                .whole(in: Bounds.epochs)),
        Setting(\RunConfig.recordEverySteps, "record-every-steps",
                "Mini-batch runs: also record a frame every K optimizer steps inside epochs, drawn at fractional epochs (0: epochs' ends only)",
                .whole(in: 0...Bounds.epochs.upperBound)),
        Setting(\RunConfig.output, "output", "Output head", SettingFormat.choice.optional, unset: "sigmoid for 2 classes, softmax for more"),
    ]

    /// How a run's pictures are drawn. They go from the command line straight to the renderer
    /// (the frame store records only the key epochs, whose parameters training keeps).
    /// `PictureSettings` holds their values.
    static let pictures: [Setting] = [
        Setting(\PictureSettings.size, "size", "Side of a square panel in pixels, 160…4096", .whole(in: PictureSettings.sizes)),
        Setting(\PictureSettings.fps, "fps", "Frames per second of the animations, 1…50", .whole(in: PictureSettings.frameRates)),
        // Key epochs are drawn as stills, and recorded while training even between --frame-every frames.
        Setting(\PictureSettings.keyEpochs, "key-epochs", "Epochs drawn as stills, e.g. 0,240,499", SettingFormat.keyEpochs.optional,
                unset: "first, ~48 %, last", recorded: true),
        Setting(\PictureSettings.theme, "theme", "The page the pictures are for (both: NAME.gif and NAME.dark.gif, paired in report.md)",
                .choice),
        Setting(\PictureSettings.format, "format",
                "Animation encodings, comma-separated: gif, webp (lossless), mp4 (H.264 video); both = gif,webp (stills stay PNG)",
                SettingFormat.parsed(AnimationFormat.list, isList: true, json: { .string($0.text) })),
        Setting(\PictureSettings.firstFrame, "first-frame",
                "What the animations open with (untrained: the network before its first update, then the epochs)", .choice),
        Setting(\PictureSettings.frames, "frames",
                "Frames per animation, \(PictureSettings.frameCounts.lowerBound)…\(PictureSettings.frameCounts.upperBound.formatted), chosen where the picture changes most",
                SettingFormat.whole(in: PictureSettings.frameCounts).optional,
                unset: "every recorded epoch up to \(PictureSettings.defaultFrameLimit), \(PictureSettings.defaultFrameLimit) chosen beyond"),
        Setting(\PictureSettings.maxBytes, "max-bytes",
                "The most bytes an animation may have, e.g. 5MB, 800kB or 250000 (kB = 1000 bytes): fewer frames, then a smaller size (explorer.html's copies not counted)",
                SettingFormat.bytes.optional, unset: "no limit"),
        Setting(\PictureSettings.views, "views", "Pictures to draw, e.g. boundary,network: " + Views.names.joined(separator: " | "),
                SettingFormat.parsed(PictureView.list, isList: true, json: { .array($0.map { .string($0.rawValue) }) }).optional,
                unset: "every view that applies to the data"),
        Setting(\PictureSettings.hold, "hold",
                "Seconds every key epoch's frame is held in the animations, 0…600 (a pause to talk over; the last frame keeps its 2 s more)",
                .number(in: PictureSettings.holds)),
        Setting(\PictureSettings.duration, "duration",
                "Seconds each animation lasts, holds and the last frame's pause included, \(PictureSettings.durations.lowerBound.formatted)…\(PictureSettings.durations.upperBound.formatted): frames at most --fps, spread evenly over the rest",
                SettingFormat.number(in: PictureSettings.durations).optional, unset: "the frames at --fps, with the holds"),
        Setting(\PictureSettings.loop, "loop",
                "How many times the animations play: forever, once (ending on the last frame), or a number of plays up to 65,535",
                .loop),
        Setting(\PictureSettings.landscapePlane, "landscape-plane",
                "The loss landscape's plane (trajectory: the first two principal components of the parameters' path; random: two seeded Gaussian directions, filter-normalised per unit)",
                .choice),
        Setting(\PictureSettings.landscapeGrid, "landscape-grid",
                "Grid points along each side of the loss landscape, \(PictureSettings.landscapeGrids.lowerBound)…\(PictureSettings.landscapeGrids.upperBound)",
                .whole(in: PictureSettings.landscapeGrids)),
        // Recorded: a redraw without --plane keeps the plane the run was drawn on.
        Setting(\PictureSettings.plane, "plane",
                "The plane data of more than two features is drawn on: pca (its first two principal components), lda (Fisher's discriminant directions) or two features by name or column number, e.g. petal_length,petal_width (the others held at their training medians)",
                SettingFormat.plane.optional, unset: "pca for more than two features", recorded: true),
    ]
}

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
