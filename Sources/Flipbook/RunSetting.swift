import Foundation
import Neural

/// One run setting, declared once: its name (the command-line flag without `--`, the config
/// file's key and the `compare --vary` name), its help, how its text is read and checked, and
/// its JSON value. Flags, config files and `--vary` all go through `read`, so a value is refused
/// the same way wherever it is given, quoting what the user typed; the frame store's
/// `config_json` is made of the `value`s of the settings that shape training.
public struct RunSetting: Sendable {
    /// The flag and key name, e.g. `learning-rate`.
    public let name: String
    /// One line for `--help`, with the accepted values and the default.
    public let help: String
    /// True for the settings that shape training (the store records them, `compare --vary`
    /// varies them); false for picture settings, which go straight to the renderer.
    public let shapesTraining: Bool
    /// True for the settings the store records: those that shape training, and the key epochs
    /// (training records their parameters; a redraw draws them again).
    public var isRecorded: Bool { shapesTraining || name == "key-epochs" }
    /// The values a choice accepts, in the order `--help` lists them; nil for other settings.
    public let choices: [String]?
    /// Sets the setting in a configuration from its text; throws `SettingError` for a bad value.
    let read: @Sendable (inout RunConfig, String) throws(SettingError) -> Void
    /// The setting's value in a configuration, as JSON (nil when it is unset: the default).
    let value: @Sendable (RunConfig) -> Any?

    init(name: String, help: String, shapesTraining: Bool, choices: [String]? = nil,
         read: @escaping @Sendable (inout RunConfig, String) throws(SettingError) -> Void,
         value: @escaping @Sendable (RunConfig) -> Any?) {
        (self.name, self.help, self.shapesTraining, self.choices, self.read, self.value) = (name, help, shapesTraining, choices, read, value)
    }

    /// The setting called `name`, if there is one.
    public static func named(_ name: String) -> RunSetting? {
        all.first { $0.name == name }
    }

    /// The help of the setting called `name` (for the command line's option declarations).
    public static func help(_ name: String) -> String {
        named(name)?.help ?? ""
    }

    /// The names `compare --vary` accepts.
    public static var variableNames: [String] { all.filter(\.shapesTraining).map(\.name) }

    /// Every run setting, in the order `--help` lists them.
    public static let all: [RunSetting] = [
        RunSetting(name: "dataset", help: "circles | moons | xor | spiral | blobs | sine | csv:PATH | mnist:DIR | fashion-mnist[:DIR] (default circles).",
                   shapesTraining: true, read: { config, text throws(SettingError) in
            _ = try DatasetSource(parsing: text)
            config.dataset = text
        }, value: { $0.dataset }),
        whole("samples", "Samples to generate, \(Bounds.samples.lowerBound)…\(Bounds.samples.upperBound.formatted) (default 1000).",
              Bounds.samples, \.samples),
        number("noise", "Noise of the generated data, in data units, 0…\(Bounds.noise.upperBound.formatted) (default 0.1).",
               Bounds.noise, \.noise),
        number("factor", "Inner radius of circles relative to the outer, strictly between 0 and 1 (default 0.5).",
               0...1, open: true, \.factor),
        whole("classes", "Classes of spiral and blobs, 2…8 (default 3).", 2...8, \.classes),
        number("test-fraction", "Fraction held out for testing, strictly between 0 and 1 (default 0.2).",
               0...1, open: true, \.testFraction),
        RunSetting(name: "seed", help: "Seed of data, split, weights and shuffles, 0…2⁶⁴−1 (default 0).",
                   shapesTraining: true, read: { config, text throws(SettingError) in
            guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw SettingError("seed", text, expected: "a whole number from 0 to \(UInt64.max)")
            }
            config.seed = seed
        }, value: { $0.seed }),
        RunSetting(name: "hidden", help: "Hidden layer widths, e.g. 16,16: 1…\(Bounds.hiddenLayers.upperBound) layers of 1…\(Bounds.width.upperBound.formatted) units (default 16).",
                   shapesTraining: true, read: { config, text throws(SettingError) in
            config.hidden = try widths(text)
        }, value: { $0.hidden }),
        choice("activation", "Hidden activation", \.activation),
        choice("init", "Initial weights (glorot: Glorot uniform; he: He normal; uniform: U(−1, 1))", \.initializer,
               default: "He for ReLU layers, Glorot for the others"),
        choice("optimizer", "Optimizer", \.optimizer),
        number("learning-rate", "Step size, \(Bounds.learningRate.lowerBound.formatted)…\(Bounds.learningRate.upperBound.formatted) (default 0.5).",
               Bounds.learningRate, \.learningRate),
        whole("batch-size", "Samples per step; 0 = full batch (default 0).", 0...Bounds.samples.upperBound, \.batchSize),
        number("weight-decay", "L2 weight decay λ on the weights, 0…\(Bounds.weightDecay.upperBound.formatted) (default 0).",
               Bounds.weightDecay, \.weightDecay),
        choice("lr-schedule", "Learning-rate schedule (step: ×0.1 from 50 % of the epochs, ×0.01 from 75 %)", \.lrSchedule),
        whole("epochs", "Epochs to train, 1…\(Bounds.epochs.upperBound.formatted) (default 500).", Bounds.epochs, \.epochs),
        whole("frame-every", "Record a frame every N epochs (default 1; the key epochs and the last always).",
              Bounds.epochs, \.frameEvery),
        whole("record-every-steps", "Mini-batch runs: also record a frame every K optimizer steps inside epochs, drawn at fractional epochs (default 0: epochs' ends only).",
              0...Bounds.epochs.upperBound, \.recordEverySteps),
        choice("output", "Output head", \.output, default: "sigmoid for 2 classes, softmax for more"),
        whole("size", "Side of a square panel in pixels, 160…4096 (default 480).", PictureSettings.sizes, \.pictures.size,
              shapesTraining: false),
        whole("fps", "Frames per second of the animations, 1…50 (default 20).", PictureSettings.frameRates, \.pictures.fps,
              shapesTraining: false),
        // Key epochs are drawn as stills, and recorded while training even between --frame-every frames.
        RunSetting(name: "key-epochs", help: "Epochs drawn as stills, e.g. 0,240,499 (default first, ~48 %, last).",
                   shapesTraining: false, read: { config, text throws(SettingError) in
            config.pictures.keyEpochs = try epochList(text)
        }, value: { $0.pictures.keyEpochs }),
        choice("theme", "The page the pictures are for (both: NAME.gif and NAME.dark.gif, paired in report.md)", \.pictures.theme,
               shapesTraining: false),
        choice("format", "Animation encoding, lossless (stills stay PNG)", \.pictures.format, shapesTraining: false),
        choice("first-frame", "What the animations open with (untrained: the network before its first update, then the epochs)",
               \.pictures.firstFrame, shapesTraining: false),
        RunSetting(name: "frames", help: "Frames per animation, \(PictureSettings.frameCounts.lowerBound)…\(PictureSettings.frameCounts.upperBound.formatted), chosen where the picture changes most (default every recorded epoch up to \(PictureSettings.defaultFrameLimit), \(PictureSettings.defaultFrameLimit) chosen beyond).",
                   shapesTraining: false, read: { config, text throws(SettingError) in
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), PictureSettings.frameCounts.contains(count) else {
                throw SettingError("frames", text, expected: "a whole number from \(PictureSettings.frameCounts.lowerBound) to \(PictureSettings.frameCounts.upperBound)")
            }
            config.pictures.frames = count
        }, value: { $0.pictures.frames }),
        RunSetting(name: "max-bytes", help: "The most bytes an animation may have, e.g. 5MB, 800kB or 250000 (kB = 1000 bytes): fewer frames, then a smaller size.",
                   shapesTraining: false, read: { config, text throws(SettingError) in
            config.pictures.maxBytes = try SizeBudget.bytes(parsing: text)
        }, value: { $0.pictures.maxBytes }),
        RunSetting(name: "views", help: "Pictures to draw, e.g. boundary,network: boundary | network | hidden | loss (default every view that applies to the data).",
                   shapesTraining: false, read: { config, text throws(SettingError) in
            config.pictures.views = try PictureView.list(text)
        }, value: { $0.pictures.views?.map(\.rawValue) }),
    ]

    /// Comma-separated epoch numbers.
    static func epochList(_ text: String) throws(SettingError) -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { field throws(SettingError) in
            guard let epoch = Int(field.trimmingCharacters(in: .whitespaces)), epoch >= 0 else {
                throw SettingError("key-epochs", text, expected: "comma-separated epoch numbers from 0, e.g. 0,240,499")
            }
            return epoch
        }
    }

    private static func widths(_ text: String) throws(SettingError) -> [Int] {
        let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard Bounds.hiddenLayers.contains(widths.count), widths.allSatisfy({ $0.map(Bounds.width.contains) ?? false }) else {
            throw SettingError("hidden", text, expected: "comma-separated layer widths, e.g. 16,16: 1 to \(Bounds.hiddenLayers.upperBound) layers of 1 to \(Bounds.width.upperBound) units")
        }
        return widths.map { $0! }
    }

    private static func whole(_ name: String, _ help: String, _ range: ClosedRange<Int>,
                              _ path: WritableKeyPath<RunConfig, Int> & Sendable, shapesTraining: Bool = true) -> RunSetting {
        RunSetting(name: name, help: help, shapesTraining: shapesTraining, read: { config, text throws(SettingError) in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw SettingError(name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            config[keyPath: path] = value
        }, value: { $0[keyPath: path] })
    }

    /// A real number in `range` (excluding its ends when `open`). The value must also survive the
    /// conversion to `Float` that training uses: the bounds are chosen inside its range.
    private static func number(_ name: String, _ help: String, _ range: ClosedRange<Double>, open: Bool = false,
                               _ path: WritableKeyPath<RunConfig, Double> & Sendable) -> RunSetting {
        RunSetting(name: name, help: help, shapesTraining: true, read: { config, text throws(SettingError) in
            let value = Double(text.trimmingCharacters(in: .whitespaces))
            guard let value, value.isFinite, range.contains(value),
                  !open || (value != range.lowerBound && value != range.upperBound) else {
                let interval = open ? "strictly between \(range.lowerBound.formatted) and \(range.upperBound.formatted)"
                    : "from \(range.lowerBound.formatted) to \(range.upperBound.formatted)"
                throw SettingError(name, text, expected: "a number \(interval)")
            }
            config[keyPath: path] = value
        }, value: { $0[keyPath: path] })
    }

    /// One case of a choice, always set; the help names the default (the value of a new
    /// configuration). The help does not list the choices: `choices` does, and `--help` shows them.
    private static func choice<Choice: SettingChoice>(_ name: String, _ help: String,
                                                      _ path: WritableKeyPath<RunConfig, Choice> & Sendable,
                                                      shapesTraining: Bool = true) -> RunSetting {
        RunSetting(name: name, help: "\(help) (default \(RunConfig()[keyPath: path].rawValue)).", shapesTraining: shapesTraining,
                   choices: Choice.allCases.map(\.rawValue), read: { config, text throws(SettingError) in
            config[keyPath: path] = try chosen(name, text, as: Choice.self)
        }, value: { $0[keyPath: path].rawValue })
    }

    /// One case of a choice, or nil for a default that depends on other settings (`default` says how).
    private static func choice<Choice: SettingChoice>(_ name: String, _ help: String,
                                                      _ path: WritableKeyPath<RunConfig, Choice?> & Sendable,
                                                      default: String) -> RunSetting {
        RunSetting(name: name, help: "\(help) (default \(`default`)).", shapesTraining: true,
                   choices: Choice.allCases.map(\.rawValue), read: { config, text throws(SettingError) in
            config[keyPath: path] = try chosen(name, text, as: Choice.self)
        }, value: { $0[keyPath: path]?.rawValue })
    }

    private static func chosen<Choice: SettingChoice>(_ name: String, _ text: String, as: Choice.Type) throws(SettingError) -> Choice {
        guard let choice = Choice(rawValue: text) else {
            throw SettingError(name, text, expected: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}

extension Numeric where Self: CustomStringConvertible {
    /// The value for help and messages: thousands separated by commas, e.g. 1,000,000.
    var formatted: String {
        let text = description
        if let number = self as? Double {
            if number != 0, abs(number) >= 1e7 || abs(number) < 1e-4 {
                return String(format: "%g", number).replacingOccurrences(of: "e+", with: "e")
            }
            return number == number.rounded() ? String(Int(number)) : text
        }
        guard text.count > 4, text.allSatisfy(\.isNumber) else { return text }
        var grouped = ""
        for (index, character) in text.reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return String(grouped.reversed())
    }
}
