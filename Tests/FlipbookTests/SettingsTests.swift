import Testing
import Foundation
import Datasets
import Neural
import TestSupport
@testable import Flipbook
@testable import FlipbookCommandLine

/// Every declared setting, through every way in: a config file, the frame store's record,
/// `compare --vary` and the command line, each with a valid value other than the default and a
/// bad one. The examples are a table by setting name; a setting without an entry fails, so a new
/// setting cannot be left out.
@Suite struct SettingsTests {
    /// A valid value other than the default, as typed and as a config file writes it, what the
    /// configuration then holds, a bad value as typed, and a bad value set in code (nil when the
    /// type holds none: a choice, a seed, a list of views).
    struct Example: Sendable {
        let text: String
        let json: String
        let holds: @Sendable (RunConfig) -> Bool
        let bad: String
        var spoil: (@Sendable (inout RunConfig) -> Void)? = nil
    }

    static let examples: [String: Example] = [
        "dataset": Example(text: "moons", json: #""moons""#, holds: { $0.dataset == "moons" }, bad: "nope", spoil: { $0.dataset = "nope" }),
        "samples": Example(text: "200", json: "200", holds: { $0.samples == 200 }, bad: "3", spoil: { $0.samples = 3 }),
        "noise": Example(text: "0.25", json: "0.25", holds: { $0.noise == 0.25 }, bad: "-1", spoil: { $0.noise = .infinity }),
        "factor": Example(text: "0.3", json: "0.3", holds: { $0.factor == 0.3 }, bad: "1", spoil: { $0.factor = 0 }),
        "classes": Example(text: "4", json: "4", holds: { $0.classes == 4 }, bad: "11", spoil: { $0.classes = 1 }),
        "test-fraction": Example(text: "0.5", json: "0.5", holds: { $0.testFraction == 0.5 }, bad: "0", spoil: { $0.testFraction = 1 }),
        "seed": Example(text: "18446744073709551615", json: "18446744073709551615", holds: { $0.seed == .max }, bad: "-1"),
        "hidden": Example(text: "8,4", json: "[8, 4]", holds: { $0.hidden == [8, 4] }, bad: "8,0", spoil: { $0.hidden = [] }),
        "activation": Example(text: "tanh", json: #""tanh""#, holds: { $0.activation == .tanh }, bad: "bogus"),
        "init": Example(text: "uniform", json: #""uniform""#, holds: { $0.initializer == .uniform }, bad: "zeros"),
        "optimizer": Example(text: "adam", json: #""adam""#, holds: { $0.optimizer == .adam }, bad: "sgd"),
        "learning-rate": Example(text: "0.01", json: "1e-2", holds: { $0.learningRate == 0.01 }, bad: "0", spoil: { $0.learningRate = 1e300 }),
        "batch-size": Example(text: "32", json: "32", holds: { $0.batchSize == 32 }, bad: "-1", spoil: { $0.batchSize = -1 }),
        "weight-decay": Example(text: "0.001", json: "0.001", holds: { $0.weightDecay == 0.001 }, bad: "-1", spoil: { $0.weightDecay = -1 }),
        "lr-schedule": Example(text: "cosine", json: #""cosine""#, holds: { $0.lrSchedule == .cosine }, bad: "linear"),
        "epochs": Example(text: "7", json: "7", holds: { $0.epochs == 7 }, bad: "0", spoil: { $0.epochs = 0 }),
        "frame-every": Example(text: "2", json: "2", holds: { $0.frameEvery == 2 }, bad: "0", spoil: { $0.frameEvery = 0 }),
        "record-every-steps": Example(text: "3", json: "3", holds: { $0.recordEverySteps == 3 }, bad: "-1", spoil: { $0.recordEverySteps = -1 }),
        "output": Example(text: "softmax", json: #""softmax""#, holds: { $0.output == .softmax }, bad: "softmax2"),
        "size": Example(text: "200", json: "200", holds: { $0.pictures.size == 200 }, bad: "10", spoil: { $0.pictures.size = 5000 }),
        "fps": Example(text: "10", json: "10", holds: { $0.pictures.fps == 10 }, bad: "0", spoil: { $0.pictures.fps = 51 }),
        "key-epochs": Example(text: "0,5", json: "[0, 5]", holds: { $0.pictures.keyEpochs == [0, 5] }, bad: "-1",
                              spoil: { $0.pictures.keyEpochs = Array(0...100) }),
        "theme": Example(text: "dark", json: #""dark""#, holds: { $0.pictures.theme == .dark }, bad: "sepia"),
        "format": Example(text: "gif,mp4", json: #""gif,mp4""#, holds: { $0.pictures.format == AnimationFormat([.gif, .mp4]) }, bad: "gif,png"),
        "first-frame": Example(text: "untrained", json: #""untrained""#, holds: { $0.pictures.firstFrame == .untrained }, bad: "last"),
        "frames": Example(text: "30", json: "30", holds: { $0.pictures.frames == 30 }, bad: "1", spoil: { $0.pictures.frames = 1 }),
        "max-bytes": Example(text: "2MB", json: #""2MB""#, holds: { $0.pictures.maxBytes == 2_000_000 }, bad: "10",
                             spoil: { $0.pictures.maxBytes = 10 }),
        "views": Example(text: "loss,network", json: #"["loss", "network"]"#, holds: { $0.pictures.views == [.loss, .network] }, bad: "nope"),
        "hold": Example(text: "1.5", json: "1.5", holds: { $0.pictures.hold == 1.5 }, bad: "-1", spoil: { $0.pictures.hold = 601 }),
        "duration": Example(text: "12.5", json: "12.5", holds: { $0.pictures.duration == 12.5 }, bad: "0", spoil: { $0.pictures.duration = .nan }),
        "loop": Example(text: "3", json: "3", holds: { $0.pictures.loop == .times(3) }, bad: "0", spoil: { $0.pictures.loop = .times(0) }),
        "landscape-plane": Example(text: "random", json: #""random""#, holds: { $0.pictures.landscapePlane == .random }, bad: "pca"),
        "landscape-grid": Example(text: "25", json: "25", holds: { $0.pictures.landscapeGrid == 25 }, bad: "4",
                                  spoil: { $0.pictures.landscapeGrid = 1000 }),
        "plane": Example(text: "x1,x2", json: #""x1,x2""#, holds: { $0.pictures.plane == .features("x1", "x2") }, bad: "pca,lda,x"),
    ]

    /// The setting called `name` and its example; a setting without one fails the test that asks.
    static func example(_ name: String) throws -> (Setting, Example) {
        let setting = try #require(Setting.named(name))
        return (setting, try #require(examples[name], "no example for the setting \(name): add one to SettingsTests.examples"))
    }

    /// A new configuration with the setting `name` set from `text`, as `--vary` and a flag set it.
    static func configuration(_ name: String, _ text: String) throws -> RunConfig {
        var config = RunConfig()
        try config.apply(name, text)
        return config
    }

    @Test func everySettingHasAnExampleAndEveryExampleASetting() {
        #expect(Set(Setting.all.map(\.name)) == Set(Self.examples.keys))
        #expect(Set(Setting.all.map(\.name)).count == Setting.all.count, "names are unique")
    }

    @Test(arguments: Setting.all.map(\.name))
    func aValueReadsTheSameFromAConfigFile(name: String) throws {
        let (_, example) = try Self.example(name)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("run.json")
        try Data(#"{"\#(name)": \#(example.json)}"#.utf8).write(to: file)
        let config = try RunConfig.load(path: file.path)
        #expect(example.holds(config) && config != RunConfig(), "\(name) \(example.json)")
        #expect(try config == Self.configuration(name, example.text), "the file's \(example.json) and the flag's \(example.text)")
    }

    @Test(arguments: Setting.all.map(\.name))
    func aValueReadsBackFromTheStoresRecord(name: String) throws {
        let (setting, example) = try Self.example(name)
        let config = try Self.configuration(name, example.text)
        if setting.isRecorded {
            #expect(try RunConfig(json: Data(config.json().utf8), source: nil) == config, "\(name): \(config.json())")
        } else {
            #expect(config.json() == RunConfig().json(), "\(name) is drawn, not recorded")
            #expect(try RunConfig(json: Data(config.json(pictures: true).utf8), source: nil) == config, "\(name)")
        }
    }

    @Test(arguments: Setting.all.map(\.name))
    func aValueVariesInACompare(name: String) throws {
        let (setting, example) = try Self.example(name)
        guard setting.shapesTraining else {
            #expect(throws: SettingError.self) { try Variation(parsing: "\(name)=\(example.text)") }
            return
        }
        let variation = try Variation(parsing: "\(name)=\(example.text)")
        #expect(variation.name == name && variation.values == [example.text])
        var config = RunConfig()
        for value in variation.values { try config.apply(variation.name, value) }
        #expect(example.holds(config), "--vary \(name)=\(example.text)")
    }

    @Test(arguments: Setting.all.map(\.name))
    func aValueIsAFlagOfTheRunCommand(name: String) throws {
        let (_, example) = try Self.example(name)
        let config = try Run.parse(["--out", "r", "--\(name)", example.text]).config()
        #expect(example.holds(config), "run --\(name) \(example.text)")
        #expect(try config == Self.configuration(name, example.text), "run --\(name) \(example.text) sets \(name) alone")
    }

    @Test(arguments: Setting.all.map(\.name))
    func aBadValueIsRefusedInTheSettingsName(name: String) throws {
        let (setting, example) = try Self.example(name)
        var config = RunConfig()
        #expect(throws: SettingError.self) { try config.apply(name, example.bad) }
        do {
            try config.apply(name, example.bad)
        } catch {
            #expect(error.setting == name && error.value == example.bad, "\(error)")
        }
        do {
            _ = try RunConfig(json: Data(#"{"\#(name)": "\#(example.bad)"}"#.utf8), source: "run.json")
            Issue.record("config key \(name): \(example.bad) accepted")
        } catch {
            #expect(error.setting == name && error.source == "run.json", "\(error)")
        }
        if setting.shapesTraining {
            #expect(throws: SettingError.self) { try Comparison.variants(base: RunConfig(), variations: [Variation(parsing: "\(name)=\(example.bad)")]) }
        }
        do {
            _ = try Run.parse(["--out", "r", "--\(name)", example.bad]).config()
            Issue.record("run --\(name) \(example.bad) accepted")
        } catch let error as SettingError {
            #expect(setting.choices == nil && error.setting == name, "\(error)")
        } catch {
            #expect(setting.choices != nil, "only a choice is refused by the argument parser: \(error)")
        }
    }

    @Test(arguments: Setting.all.map(\.name))
    func aBadValueSetInCodeIsRefusedByValidation(name: String) throws {
        let (_, example) = try Self.example(name)
        guard let spoil = example.spoil else { return }
        var config = RunConfig()
        spoil(&config)
        #expect(throws: SettingError.self) { try config.validate() }
        do {
            try config.validate()
        } catch {
            #expect(error.setting == name, "\(error)")
        }
    }

    /// `config_json` strings exactly as Flipbook wrote them before the settings were typed (and,
    /// the last, as an older one wrote them, with the panel size and frame rate): each reads as
    /// the configuration it was written from, and that configuration writes it again.
    @Test func theStoresRecordReadsAsWrittenBefore() throws {
        var first = RunConfig()
        (first.hidden, first.learningRate, first.optimizer, first.dataset) = ([16, 16], 0.1, .adam, "csv:/a/b.csv")
        first.pictures.keyEpochs = [0, 5, 9]
        var second = RunConfig()
        (second.seed, second.noise, second.factor, second.samples, second.classes, second.testFraction) = (.max, 0.25, 0.3, 200, 4, 0.5)
        (second.activation, second.initializer, second.batchSize, second.weightDecay, second.lrSchedule) = (.leakyReLU, .he, 32, 1e-5, .step)
        (second.epochs, second.frameEvery, second.recordEverySteps, second.output, second.learningRate) = (40, 2, 3, .sigmoidPerClass, 1)
        var third = RunConfig()
        (third.learningRate, third.noise) = (1e-30, 1000)
        let written = [
            (#"{"activation":"relu","batch-size":0,"classes":3,"dataset":"csv:\/a\/b.csv","epochs":500,"factor":0.5,"frame-every":1,"hidden":[16,16],"key-epochs":[0,5,9],"learning-rate":0.1,"lr-schedule":"constant","noise":0.1,"optimizer":"adam","record-every-steps":0,"samples":1000,"seed":0,"test-fraction":0.2,"weight-decay":0}"#, first),
            (#"{"activation":"leaky-relu","batch-size":32,"classes":4,"dataset":"circles","epochs":40,"factor":0.3,"frame-every":2,"hidden":[16],"init":"he","learning-rate":1,"lr-schedule":"step","noise":0.25,"optimizer":"gd","output":"sigmoid-per-class","record-every-steps":3,"samples":200,"seed":18446744073709551615,"test-fraction":0.5,"weight-decay":1e-05}"#, second),
            (#"{"activation":"relu","batch-size":0,"classes":3,"dataset":"circles","epochs":500,"factor":0.5,"frame-every":1,"hidden":[16],"learning-rate":1e-30,"lr-schedule":"constant","noise":1000,"optimizer":"gd","record-every-steps":0,"samples":1000,"seed":0,"test-fraction":0.2,"weight-decay":0}"#, third),
        ]
        for (json, asked) in written {
            // A run records the values it used, its data set's defaults among them.
            let config = asked.withDatasetDefaults
            #expect(try RunConfig(json: Data(json.utf8), source: nil) == config, "\(json)")
            #expect(config.json() == json)
        }
        var older = RunConfig()
        (older.dataset, older.epochs, older.frameEvery, older.hidden, older.learningRate, older.optimizer, older.samples) = ("moons", 6, 2, [4, 4], 0.05, .adam, 60)
        older.batchSize = 0
        older.pictures.size = 160
        let olderJSON = #"{"activation":"relu","batch-size":0,"classes":3,"dataset":"moons","epochs":6,"factor":0.5,"fps":20,"frame-every":2,"hidden":[4,4],"learning-rate":0.05,"lr-schedule":"constant","noise":0.1,"optimizer":"adam","samples":60,"seed":0,"size":160,"test-fraction":0.2,"weight-decay":0}"#
        #expect(try RunConfig(json: Data(olderJSON.utf8), source: nil) == older)
    }

    /// A config file's numbers are JSON numbers, read as their values: 3.0 and 1e2 are whole
    /// numbers, a seed goes up to 2⁶⁴−1, and a fraction is refused by a whole-number setting.
    @Test func aConfigFilesNumbersAreReadAsTheirValues() throws {
        let config = try RunConfig(json: Data(#"{"epochs": 3.0, "samples": 1e2, "seed": 18446744073709551615, "noise": 1E-5}"#.utf8), source: nil)
        #expect(config.epochs == 3 && config.samples == 100 && config.seed == .max && config.noise == 1e-5)
        #expect(throws: SettingError("epochs", "3.5", expected: "a whole number from 1 to 1000000", source: "run.json")) {
            try RunConfig(json: Data(#"{"epochs": 3.5}"#.utf8), source: "run.json")
        }
    }

    /// A key path names its declaration, whether the value is in `RunConfig` or in its pictures.
    @Test func aKeyPathNamesItsDeclaration() {
        #expect(Setting.declared(\RunConfig.learningRate).name == "learning-rate")
        #expect(Setting.declared(\PictureSettings.keyEpochs).name == "key-epochs")
        #expect(Setting.all.allSatisfy { Setting.declared($0.path).name == $0.name })
    }

    /// Neural's and the generators' refusals come out in the words of the setting that fed them.
    @Test(arguments: [("learningRate", "learning-rate"), ("weightDecay", "weight-decay"), ("epochs", "epochs"),
                      ("batchSize", "batch-size"), ("recordEverySteps", "record-every-steps"), ("hiddenSizes", "hidden")])
    func aNeuralRefusalNamesTheSetting(argument: String, setting: String) {
        #expect(throws: SettingError(setting, "0", expected: "more")) {
            try TrainingRun.inSettingWords { throw ArgumentError(argument, 0, expected: "more") }
        }
    }

    @Test func aGeneratorRefusalNamesTheSetting() {
        var config = RunConfig()
        (config.dataset, config.samples, config.classes) = ("spiral", 10, 8)
        #expect(throws: SettingError.self) { try config.makeSplit() }
        do {
            _ = try config.makeSplit()
        } catch let error as SettingError {
            #expect(error.setting == "samples", "\(error)")
        } catch {
            Issue.record("\(error)")
        }
        for argument in GeneratorError.Argument.allCases {
            #expect(Setting.named(Setting.declared(argument.setting).name) != nil, "\(argument)")
        }
    }
}

/// The data sets `--dataset` names come from one catalogue: the parser, its refusal, `flipbook
/// datasets` and `--help`.
@Suite struct DatasetCatalogTests {
    @Test func everyFormIsParsedListedAndHelped() throws {
        for generator in Generator.allCases {
            #expect(try DatasetSource(parsing: generator.rawValue) == .generated(generator))
        }
        #expect(try DatasetSource(parsing: "csv:/a/b.csv") == .csv(path: "/a/b.csv"))
        #expect(try DatasetSource(parsing: "mnist:digits") == .mnist(directory: "digits"))
        #expect(try DatasetSource(parsing: "fashion-mnist") == .fashionMNIST(directory: nil))
        #expect(try DatasetSource(parsing: "fashion-mnist:f") == .fashionMNIST(directory: "f"))
        for bad in ["csv:", "mnist", "mnist:", "Circles", "fashion-mnist:"] {
            #expect(throws: SettingError("dataset", bad, expected: "one of circles, moons, xor, spiral, blobs, sine, iris, wine, breast-cancer, csv:PATH, mnist:DIR, fashion-mnist[:DIR]")) {
                try DatasetSource(parsing: bad)
            }
        }
        #expect(DatasetCatalog.entries.map(\.0) == Generator.allCases.map(\.rawValue) + ["iris", "wine", "breast-cancer", "csv:PATH", "mnist:DIR", "fashion-mnist"])
        #expect(Setting.declared(\RunConfig.dataset).summary == "circles | moons | xor | spiral | blobs | sine | iris | wine | breast-cancer | csv:PATH | mnist:DIR | fashion-mnist[:DIR]")
        #expect(DatasetCatalog.entries.first?.1
                == "two concentric circles, outer vs inner (--samples, --noise, --factor); the reference run; defaults: learning rate 0.5, hidden 16, 500 epochs")
    }

    /// A generator's line names exactly the settings that change its data.
    @Test(arguments: Generator.allCases)
    func aGeneratorTakesTheSettingsItLists(generator: Generator) throws {
        let changes: [(AnyKeyPath, @Sendable (inout RunConfig) -> Void)] = [
            (\RunConfig.samples, { $0.samples = 300 }), (\RunConfig.noise, { $0.noise = 0.3 }),
            (\RunConfig.factor, { $0.factor = 0.2 }), (\RunConfig.classes, { $0.classes = 4 }),
        ]
        var base = RunConfig()
        base.samples = 200
        let data = try generator.make(base)
        for (path, change) in changes {
            var changed = base
            change(&changed)
            let other = try generator.make(changed)
            let differs = other.features != data.features || other.targets != data.targets
            #expect(differs == generator.settings.contains(path), "\(generator) and \(Setting.declared(path).name)")
        }
    }
}
