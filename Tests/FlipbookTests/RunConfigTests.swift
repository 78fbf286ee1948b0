import Testing
import Foundation
import TestSupport
@testable import Flipbook
@testable import FlipbookCommandLine

@Suite struct RunConfigTests {
    @Test func defaultsAreTheReferenceRun() throws {
        let config = RunConfig()
        #expect(config.dataset == "circles" && config.samples == 1000 && config.noise == 0.1 && config.factor == 0.5)
        #expect(config.seed == 0 && config.testFraction == 0.2 && config.activation == .relu)
        #expect(config.optimizer == nil && config.batchSize == nil && config.resolvedOptimizer == .gd && config.resolvedBatchSize == 0)
        // Circles' own: the learning rate, widths and epochs a run takes when they are not given.
        #expect(config.hidden == nil && config.learningRate == nil && config.epochs == nil)
        #expect(config.resolvedHidden == [16] && config.resolvedLearningRate == 0.5 && config.resolvedEpochs == 500)
        #expect(config.resolvedKeyEpochs == [0, 240, 499])
        try config.validate()
    }

    @Test func keyEpochsDefaultToFirstAboutHalfAndLast() {
        var config = RunConfig()
        config.epochs = 10
        #expect(config.resolvedKeyEpochs == [0, 4, 9])
        config.epochs = 1
        #expect(config.resolvedKeyEpochs == [0])
        config.epochs = 100
        config.frameEvery = 30
        #expect((0..<100).filter(config.isRecorded) == [0, 30, 48, 60, 90, 99])
    }

    @Test func readsAConfigFileWithFlagNamedKeys() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("run.json")
        try Data(#"{"dataset": "moons", "learning-rate": 0.1, "hidden": [8, 8], "optimizer": "adam", "key-epochs": [0, 5]}"#.utf8).write(to: url)
        let config = try RunConfig.load(path: url.path)
        #expect(config.dataset == "moons" && config.learningRate == 0.1 && config.hidden == [8, 8])
        #expect(config.optimizer == .adam && config.pictures.keyEpochs == [0, 5] && config.epochs == nil && config.resolvedEpochs == 500)
        // The stored JSON reads back to the same configuration.
        #expect(try RunConfig(json: Data(config.json().utf8), source: nil) == config)
    }

    @Test(arguments: [
        (#"{"epochs": 10, "colour": "red"}"#, "invalid config key 'colour' in FILE: expected one of dataset,"),
        (#"{"epochs": "ten"}"#, "invalid epochs 'ten' in FILE: expected a whole number from 1 to 1000000"),
        (#"{"epochs": 3.5}"#, "invalid epochs '3.5' in FILE: expected a whole number from 1 to 1000000"),
        (#"{"seed": -1}"#, "invalid seed '-1' in FILE: expected a whole number from 0 to"),
        (#"{"learning-rate": 1e300}"#, "invalid learning-rate '1e+300' in FILE: expected a number from 1e-30 to 1e30"),
        (#"{"hidden": [16, "x"]}"#, "invalid hidden '16,x' in FILE: expected comma-separated layer widths"),
        (#"{"hidden": true}"#, "invalid config key 'hidden' in FILE: expected a number, a string"),
        (#"{"epochs": 10"#, "invalid config 'FILE': expected a JSON object of settings (the file is not valid JSON)"),
        (#"[1, 2]"#, "invalid config 'FILE': expected a JSON object of settings"),
    ])
    func badConfigFilesAreRefused(json: String, message: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.json")
        try Data(json.utf8).write(to: url)
        do {
            _ = try RunConfig.load(path: url.path)
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".hasPrefix(message.replacingOccurrences(of: "FILE", with: Excerpt.of(url.path))), "\(error)")
        }
    }

    @Test func nonsenseSettingsAreRefusedBeforeAnythingRuns() {
        func refused(_ change: (inout RunConfig) -> Void, _ setting: String) {
            var config = RunConfig()
            change(&config)
            do {
                try config.validate()
                Issue.record("\(setting) accepted")
            } catch {
                #expect(error.setting == setting)
            }
        }
        refused({ $0.epochs = 0 }, "epochs")
        refused({ $0.learningRate = 0 }, "learning-rate")
        refused({ $0.learningRate = -1 }, "learning-rate")
        refused({ $0.hidden = [16, 0] }, "hidden")
        refused({ $0.hidden = [] }, "hidden")
        refused({ $0.testFraction = 1 }, "test-fraction")
        refused({ $0.pictures.size = 10 }, "size")
        refused({ $0.pictures.fps = 0 }, "fps")
        refused({ $0.frameEvery = 0 }, "frame-every")
        refused({ $0.pictures.keyEpochs = [0, 500] }, "key-epochs")
        refused({ $0.batchSize = -1 }, "batch-size")
        // Values that do not survive the conversion to Float, or sizes without a bound.
        refused({ $0.learningRate = 1e300 }, "learning-rate")
        refused({ $0.learningRate = 1e-300 }, "learning-rate")
        refused({ $0.noise = 1e300 }, "noise")
        refused({ $0.weightDecay = 1e39 }, "weight-decay")
        refused({ $0.samples = 1_000_000_000 }, "samples")
        refused({ $0.hidden = [Int.max] }, "hidden")
        refused({ $0.epochs = Int.max }, "epochs")
    }

    @Test func oneDeclarationReadsFlagsConfigKeysAndVariations() throws {
        // Every setting has help and is reachable by the same name everywhere.
        // The store records what shapes training; the picture settings go to the renderer only.
        var pictured = RunConfig()
        pictured.pictures = PictureSettings(size: 200, fps: 10, keyEpochs: [0, 3])
        pictured.initializer = .he
        let stored = try JSONSerialization.jsonObject(with: Data(pictured.json().utf8)) as? [String: Any] ?? [:]
        #expect(stored["size"] == nil && stored["fps"] == nil && stored["key-epochs"] as? [Int] == [0, 3] && stored["init"] as? String == "he")
        #expect(Set(stored.keys) == Set(Setting.all.filter(\.isRecorded).map(\.name)).subtracting(["output", "learning-rate", "hidden", "epochs", "plane", "optimizer", "batch-size"]))
        let run = try JSONSerialization.jsonObject(with: Data(pictured.withDatasetDefaults.json().utf8)) as? [String: Any] ?? [:]
        #expect(Set(run.keys) == Set(Setting.all.filter(\.isRecorded).map(\.name)).subtracting(["output", "plane"]), "a run records every value it used")
        #expect(try RunConfig(json: Data(pictured.json(pictures: true).utf8), source: nil) == pictured)
        #expect(Setting.all.allSatisfy { !$0.help.isEmpty })
        #expect(RunConfig.settingNames.contains("learning-rate") && !RunConfig.settingNames.contains("size"))
        var config = RunConfig()
        try config.apply("hidden", "8, 4")
        try config.apply("learning-rate", "0.25")
        #expect(config.hidden == [8, 4] && config.learningRate == 0.25)
        #expect(throws: SettingError("learning-rate", "0", expected: "a number from 1e-30 to 1e30")) { try config.apply("learning-rate", "0") }
    }

    /// The CLI reference, docs/cli.md, documents every flag a declaration makes (a new setting
    /// without a word there fails).
    @Test func everySettingIsDocumentedInTheCLIReference() throws {
        let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs").appendingPathComponent("cli.md")
        let text = try String(contentsOf: reference, encoding: .utf8)
        for setting in Setting.all {
            #expect(text.contains("`--\(setting.name) ") || text.contains("`--\(setting.name)`"), "docs/cli.md does not mention --\(setting.name)")
        }
    }

    @Test func everySettingIsAFlagOfTheSameName() throws {
        // Through the argument parser: `--NAME TEXT` reaches the setting NAME with TEXT, for every setting.
        for setting in Setting.all {
            let text = setting.choices?.last ?? "-1"
            let options = setting.shapesTraining ? try RunOptions.parse(["--\(setting.name)", text]).given
                : try PictureOptions.parse(["--\(setting.name)", text]).given
            let given = options.compactMap { path, text in text.map { (name: Setting.declared(path).name, text: $0) } }
            #expect(given.map(\.name) == [setting.name] && given.map(\.text) == [text], "--\(setting.name)")
        }
    }

    @Test func aDeclarationIsAFlagAConfigKeyAHelpLineAndAVariation() throws {
        // Every piece a setting needs is derived from its declaration: nothing else lists it.
        let runHelp = RunOptions.helpMessage(columns: 10_000), pictureHelp = PictureOptions.helpMessage(columns: 10_000)
        for setting in Setting.all {
            let name = setting.name
            // In --help, with its sentence and its default.
            let help = setting.shapesTraining ? runHelp : pictureHelp
            #expect(help.contains("--\(name) <") && help.contains(setting.help), "--\(name) in --help")
            #expect(setting.help.hasSuffix("(default \(setting.shownDefault))."), "\(name)'s default in its help")
            // Read by its own declaration as a flag, a config key and a --vary value: a bad value is
            // refused in the setting's name, quoting it (a choice's flag is refused by the parser).
            do {
                _ = try RunConfig(json: Data(#"{"\#(name)": "?!"}"#.utf8), source: nil)
                Issue.record("config key \(name): ?! accepted")
            } catch {
                #expect(error.setting == name && error.value == "?!", "config key \(name): \(error)")
            }
            if setting.choices == nil {
                do {
                    var config = try RunOptions.parse(setting.shapesTraining ? ["--\(name)", "?!"] : []).resolve()
                    if !setting.shapesTraining { try PictureOptions.parse(["--\(name)", "?!"]).apply(to: &config) }
                    Issue.record("--\(name) ?! accepted")
                } catch let error as SettingError {
                    #expect(error.setting == name && error.value == "?!", "--\(name): \(error)")
                }
            }
            // A printed default reads back, as a config value and as a flag, to the default.
            if let json = setting.json(RunConfig()), let text = json.text {
                let object = Data(SettingJSON.text(ofObject: [name: json]).utf8)
                #expect(try RunConfig(json: object, source: nil) == RunConfig(), "config key \(name)")
                var config = RunConfig()
                try config.apply(name, text)
                #expect(config == RunConfig(), "\(name) \(text)")
            }
            // The settings that shape training are --vary names; the others are not.
            #expect(((try? Variation(parsing: "\(name)=1,2")) != nil) == setting.shapesTraining, "--vary \(name)")
        }
    }

    @Test func theArgumentParserTakesEachChoiceAndNothingElse() throws {
        let choiceSettings = Setting.all.filter { $0.choices != nil }
        #expect(choiceSettings.map(\.name) == ["activation", "init", "optimizer", "lr-schedule", "output", "theme", "first-frame", "landscape-plane"])
        for setting in choiceSettings {
            for choice in setting.choices ?? [] {
                var config = RunConfig()
                if setting.shapesTraining {
                    config = try RunOptions.parse(["--\(setting.name)", choice]).resolve()
                } else {
                    try PictureOptions.parse(["--\(setting.name)", choice]).apply(to: &config)
                }
                #expect(setting.json(config) == .string(choice), "--\(setting.name) \(choice)")
            }
            // The argument parser refuses another name, quoting it and listing the choices.
            do {
                if setting.shapesTraining {
                    _ = try RunOptions.parse(["--\(setting.name)", "bogus"])
                } else {
                    _ = try PictureOptions.parse(["--\(setting.name)", "bogus"])
                }
                Issue.record("--\(setting.name) bogus was accepted")
            } catch {
                let message = RunOptions.message(for: error)
                #expect(message.contains("'bogus'") && (setting.choices ?? []).allSatisfy { message.contains("'\($0)'") },
                        "--\(setting.name) bogus: \(message)")
            }
            let help = setting.shapesTraining ? RunOptions.helpMessage(columns: 10_000) : PictureOptions.helpMessage(columns: 10_000)
            #expect(help.contains("(values: " + (setting.choices ?? []).joined(separator: ", ") + ")"), "\(setting.name)'s values in --help")
        }
    }

    @Test func flagsOverrideTheConfigFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("run.json")
        try Data(#"{"epochs": 40, "learning-rate": 0.1, "hidden": [8, 8], "init": "uniform"}"#.utf8).write(to: url)
        let options = try RunOptions.parse(["--config", url.path, "--learning-rate", "0.02", "--init", "he"])
        let config = try options.resolve()
        #expect(config.epochs == 40 && config.hidden == [8, 8], "kept from the file")
        #expect(config.learningRate == 0.02 && config.initializer == .he, "overridden by the flags")
    }

    @Test func initChoosesTheInitialWeights() throws {
        var config = RunConfig()
        config.samples = 100
        let standard = try TrainingRun(config: config).initialNetwork
        try config.apply("init", "uniform")
        let uniform = try TrainingRun(config: config).initialNetwork
        #expect(uniform.layers[0].weight.elements.allSatisfy { abs($0) <= 1 })
        #expect(uniform.layers[0].weight != standard.layers[0].weight)
        try config.apply("init", "glorot")
        let limit = Float((6.0 / 18.0).squareRoot())
        #expect(try TrainingRun(config: config).initialNetwork.layers[0].weight.elements.allSatisfy { abs($0) <= limit })
    }

    @Test func aNetworkTooLargeForMemoryIsRefusedBeforeItIsBuilt() {
        var config = RunConfig()
        config.hidden = [65_536, 65_536]
        #expect(throws: SettingError.self) { try TrainingRun(config: config) }
    }
}
