import Foundation
import Neural

/// One run setting, declared once: its name (the command-line flag without `--`, the config
/// file's key and the `compare --vary` name), its help, and how its text is read and checked.
/// Flags, config files and `--vary` all go through `read`, so a value is refused the same way
/// wherever it is given, quoting what the user typed.
public struct RunSetting: Sendable {
    /// The flag and key name, e.g. `learning-rate`.
    public let name: String
    /// One line for `--help`, with the accepted values and the default.
    public let help: String
    /// Whether `compare --vary` may vary it (pictures are the same for every variant).
    public let isVariable: Bool
    /// Sets the setting in a configuration from its text; throws `SettingError` for a bad value.
    let read: @Sendable (inout RunConfig, String) throws(SettingError) -> Void

    /// The setting called `name`, if there is one.
    public static func named(_ name: String) -> RunSetting? {
        all.first { $0.name == name }
    }

    /// The help of the setting called `name` (for the command line's option declarations).
    public static func help(_ name: String) -> String {
        named(name)?.help ?? ""
    }

    /// The names `compare --vary` accepts.
    public static var variableNames: [String] { all.filter(\.isVariable).map(\.name) }

    /// Every run setting, in the order `--help` lists them.
    public static let all: [RunSetting] = [
        RunSetting(name: "dataset", help: "circles | moons | xor | spiral | blobs | sine | csv:PATH | mnist:DIR | fashion-mnist[:DIR] (default circles).",
                   isVariable: true) { config, text throws(SettingError) in
            _ = try DatasetSource(parsing: text)
            config.dataset = text
        },
        whole("samples", "Samples to generate, \(Bounds.samples.lowerBound)…\(Bounds.samples.upperBound.formatted) (default 1000).",
              Bounds.samples) { $0.samples = $1 },
        number("noise", "Noise of the generated data, in data units, 0…\(Bounds.noise.upperBound.formatted) (default 0.1).",
               Bounds.noise) { $0.noise = $1 },
        number("factor", "Inner radius of circles relative to the outer, strictly between 0 and 1 (default 0.5).",
               0...1, open: true) { $0.factor = $1 },
        whole("classes", "Classes of spiral and blobs, 2…8 (default 3).", 2...8) { $0.classes = $1 },
        number("test-fraction", "Fraction held out for testing, strictly between 0 and 1 (default 0.2).",
               0...1, open: true) { $0.testFraction = $1 },
        RunSetting(name: "seed", help: "Seed of data, split, weights and shuffles, 0…2⁶⁴−1 (default 0).", isVariable: true) { config, text throws(SettingError) in
            guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw SettingError("seed", text, expected: "a whole number from 0 to \(UInt64.max)")
            }
            config.seed = seed
        },
        RunSetting(name: "hidden", help: "Hidden layer widths, e.g. 16,16: 1…\(Bounds.hiddenLayers.upperBound) layers of 1…\(Bounds.width.upperBound.formatted) units (default 16).",
                   isVariable: true) { config, text throws(SettingError) in
            config.hidden = try widths(text)
        },
        choice("activation", "Hidden activation", ["relu", "leaky-relu", "tanh", "sigmoid"], default: "relu") { $0.activation = $1 },
        choice("init", "Initial weights (glorot: Glorot uniform; he: He normal; uniform: U(−1, 1))",
               ["glorot", "he", "uniform"], default: "He for ReLU layers, Glorot for the others") { $0.initializer = $1 },
        choice("optimizer", "Optimizer", RunConfig.OptimizerChoice.allCases.map(\.rawValue), default: "gd") {
            $0.optimizer = RunConfig.OptimizerChoice(rawValue: $1)!
        },
        number("learning-rate", "Step size, \(Bounds.learningRate.lowerBound.formatted)…\(Bounds.learningRate.upperBound.formatted) (default 0.5).",
               Bounds.learningRate) { $0.learningRate = $1 },
        whole("batch-size", "Samples per step; 0 = full batch (default 0).", 0...Bounds.samples.upperBound) { $0.batchSize = $1 },
        number("weight-decay", "L2 weight decay λ on the weights, 0…\(Bounds.weightDecay.upperBound.formatted) (default 0).",
               Bounds.weightDecay) { $0.weightDecay = $1 },
        choice("lr-schedule", "Learning-rate schedule (step: ×0.1 from 50 % of the epochs, ×0.01 from 75 %)",
               LearningRateSchedule.allCases.map(\.rawValue), default: "constant") {
            $0.lrSchedule = LearningRateSchedule(rawValue: $1)!
        },
        whole("epochs", "Epochs to train, 1…\(Bounds.epochs.upperBound.formatted) (default 500).", Bounds.epochs) { $0.epochs = $1 },
        whole("frame-every", "Record a frame every N epochs (default 1; the key epochs and the last always).",
              Bounds.epochs) { $0.frameEvery = $1 },
        choice("output", "Output head (default sigmoid for 2 classes, softmax for more)", RunConfig.outputHeads, default: nil) {
            $0.output = $1
        },
        picture("size", "Side of a square panel in pixels, 160…4096 (default 480).", PictureSettings.sizes) { $0.size = $1 },
        picture("fps", "Frames per second of the animations, 1…50 (default 20).", PictureSettings.frameRates) { $0.fps = $1 },
        RunSetting(name: "key-epochs", help: "Epochs drawn as stills, e.g. 0,240,499 (default first, ~48 %, last).",
                   isVariable: false) { config, text throws(SettingError) in
            config.keyEpochs = try epochList(text)
        },
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
                              _ set: @escaping @Sendable (inout RunConfig, Int) -> Void) -> RunSetting {
        RunSetting(name: name, help: help, isVariable: true) { config, text throws(SettingError) in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw SettingError(name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            set(&config, value)
        }
    }

    private static func picture(_ name: String, _ help: String, _ range: ClosedRange<Int>,
                                _ set: @escaping @Sendable (inout RunConfig, Int) -> Void) -> RunSetting {
        let setting = whole(name, help, range, set)
        return RunSetting(name: name, help: help, isVariable: false, read: setting.read)
    }

    /// A real number in `range` (excluding its ends when `open`). The value must also survive the
    /// conversion to `Float` that training uses: the bounds are chosen inside its range.
    private static func number(_ name: String, _ help: String, _ range: ClosedRange<Double>, open: Bool = false,
                               _ set: @escaping @Sendable (inout RunConfig, Double) -> Void) -> RunSetting {
        RunSetting(name: name, help: help, isVariable: true) { config, text throws(SettingError) in
            let value = Double(text.trimmingCharacters(in: .whitespaces))
            guard let value, value.isFinite, range.contains(value),
                  !open || (value != range.lowerBound && value != range.upperBound) else {
                let interval = open ? "strictly between \(range.lowerBound.formatted) and \(range.upperBound.formatted)"
                    : "from \(range.lowerBound.formatted) to \(range.upperBound.formatted)"
                throw SettingError(name, text, expected: "a number \(interval)")
            }
            set(&config, value)
        }
    }

    private static func choice(_ name: String, _ help: String, _ choices: [String], default: String?,
                               _ set: @escaping @Sendable (inout RunConfig, String) -> Void) -> RunSetting {
        let listed = choices.joined(separator: " | ")
        return RunSetting(name: name, help: "\(help): \(listed)" + (`default`.map { " (default \($0))." } ?? "."),
                          isVariable: true) { config, text throws(SettingError) in
            guard choices.contains(text) else {
                throw SettingError(name, text, expected: "one of " + choices.joined(separator: ", "))
            }
            set(&config, text)
        }
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
