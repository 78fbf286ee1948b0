import Testing
import Foundation
import TestSupport
@testable import Flipbook
@testable import FlipbookCommandLine

/// What a refusal quotes of what was typed, config files that give a key twice, and flags given
/// twice.
@Suite struct MessageTests {
    /// 100,000 characters: a value nobody means, which a refusal must not echo whole.
    private static let long = String(repeating: "x", count: 100_000)

    /// Control characters and line separators are shown escaped, so a quoted value never splits
    /// the one line of a refusal.
    @Test func anExcerptStaysOnOneLine() throws {
        #expect(Excerpt.of("1\n2\r3\t4") == "1\\n2\\r3\\t4")
        #expect(Excerpt.of("a\u{0}b\u{7F}c\u{85}d\u{2028}e") == "a\\u{0}b\\u{7F}c\\u{85}d\\u{2028}e")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try flipbook(["run", "--out", "r", "--hidden", "1\n2"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
    }

    @Test(arguments: [
        ["run", "--out", "r", "--hidden", long],
        ["run", "--out", "r", "--activation", long],
        ["run", "--out", "r", "--activation", "a'" + long],
        ["run", "--out", "r", "--config", long],
        ["run", "--out", "r", "--dataset", "csv:" + long],
        ["run", "--out", "r", "--dataset", "mnist:" + long],
        ["run", "--out", "r" + long],
        ["run", "--out", "r", "--" + long, "3"],
        ["run", "--out", "r", "--epochs", "3", long],
        ["render", long],
        ["compare", "--out", "r", "--vary", long + "=1,2"],
        ["compare", "--out", "r", "--vary", "seed=1," + long],
        ["inspect", "--rows", long],
    ])
    func aRefusalQuotesAtMostSixtyCharactersOfWhatWasTyped(arguments: [String]) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(arguments, in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("flipbook: ") && result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.count < 400, "\(result.stderr.prefix(200))… (\(result.stderr.count) characters)")
        #expect(!result.stderr.contains(String(repeating: "x", count: 61)))
        #expect(result.stderr.contains(String(repeating: "x", count: 15) + "…"), "\(result.stderr.prefix(300))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing written")
    }

    @Test func aLongValueInAConfigFileIsQuotedShort() throws {
        let json = Data(#"{"hidden": "1,\#(Self.long),2"}"#.utf8)
        #expect(throws: SettingError.self) { try RunConfig(json: json, source: "run.json") }
        do {
            _ = try RunConfig(json: json, source: "run.json")
        } catch {
            let quoted = "1," + String(repeating: "x", count: 28) + "…" + String(repeating: "x", count: 27) + ",2"
            #expect("\(error)".hasPrefix("invalid hidden '\(quoted)' in run.json: expected"), "\("\(error)".prefix(200))")
        }
    }

    /// Short texts are quoted whole; longer ones keep their first 30 and last 29 characters
    /// around "…", cut between characters (never inside a flag or an accented letter); a
    /// character of thousands of combining marks is cut too.
    @Test func anExcerptIsAtMostSixtyCharacters() {
        let sixty = String(repeating: "a", count: 60)
        #expect(Excerpt.of(sixty) == sixty)
        #expect(Excerpt.of(sixty + "b") == String(repeating: "a", count: 30) + "…" + String(repeating: "a", count: 28) + "b")
        #expect(Excerpt.of("") == "")
        let path = "/home/someone/experiments/2026/a-rather-long-folder-name/run.json"
        #expect(Excerpt.of(path) == "/home/someone/experiments/2026…her-long-folder-name/run.json")
        let flags = String(repeating: "🇫🇷", count: 70)
        #expect(Excerpt.of(flags) == String(repeating: "🇫🇷", count: 30) + "…" + String(repeating: "🇫🇷", count: 29))
        let accented = String(repeating: "e\u{301}", count: 70)
        #expect(Excerpt.of(accented) == String(repeating: "e\u{301}", count: 30) + "…" + String(repeating: "e\u{301}", count: 29))
        let oneCharacter = "e" + String(repeating: "\u{301}", count: 100_000)
        #expect(Excerpt.of(oneCharacter).unicodeScalars.count <= 4 * Excerpt.limit + 1)
        #expect(Excerpt.of(oneCharacter).unicodeScalars.contains("…"))
    }

    @Test(arguments: [
        (#"{"epochs": 10, "epochs": 20}"#, "epochs"),
        (#"{"epochs": 10, "seed": 3, "\u0065pochs": 20}"#, "epochs"),
        (#"{"hidden": [8, 8], "seed": 1, "hidden": "4"}"#, "hidden"),
        (#"{"colour": 1, "colour": 2}"#, "colour"),
    ])
    func aConfigFileGivingAKeyTwiceIsRefusedNamingTheKey(json: String, key: String) throws {
        do {
            let config = try RunConfig(json: Data(json.utf8), source: "twice.json")
            Issue.record("accepted \(json): epochs \(config.epochs)")
        } catch {
            #expect("\(error)" == "invalid config key '\(key)' in twice.json: expected each key once (it is given more than once)")
        }
    }

    @Test func aConfigFileGivingAKeyTwiceIsOneLineWithStatus2() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("twice.json")
        try Data(#"{"epochs": 2, "samples": 100, "epochs": 3}"#.utf8).write(to: config)
        let result = try flipbook(["run", "--out", "r", "--config", "twice.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == "flipbook: invalid config key 'epochs' in twice.json: expected each key once (it is given more than once)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["twice.json"], "nothing written")
    }

    /// A file in UTF-16 or UTF-32 (which JSON readers may accept) is held to the same rule.
    @Test(arguments: [String.Encoding.utf16LittleEndian, .utf16BigEndian, .utf16, .utf32LittleEndian, .utf32])
    func aKeyGivenTwiceInAnotherEncodingIsRefused(encoding: String.Encoding) throws {
        let json = try #require(#"{"epochs": 10, "epochs": 20}"#.data(using: encoding))
        #expect(throws: SettingError.self) { try RunConfig(json: json, source: "twice.json") }
    }

    /// Keys inside a value are not settings: a repeated one there is refused as the value's type.
    @Test func keysRepeatedInsideAValueAreNotSettings() throws {
        #expect(throws: SettingError("config key", "hidden", expected: "a number, a string or, for hidden and key-epochs, an array of numbers")) {
            try RunConfig(json: Data(#"{"hidden": {"a": 1, "a": 2}, "seed": 1}"#.utf8), source: nil)
        }
        let config = try RunConfig(json: Data(#"{"dataset": "moons", "seed": 1, "key-epochs": [0, 1]}"#.utf8), source: nil)
        #expect(config.dataset == "moons" && config.seed == 1)
    }

    /// Deeply nested or large inputs end, without a trap, in a refusal.
    @Test func hostileConfigsAreRefusedWithoutATrap() throws {
        for json in [String(repeating: "[", count: 100_000), "{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}",
                     "{" + (0..<20_000).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}", "{\"epochs\": 1, \"\\\"epochs\": 2}"] {
            #expect(throws: SettingError.self) { try RunConfig(json: Data(json.utf8), source: nil) }
        }
    }

    /// A flag given twice takes its last value, as argument-parser's options do.
    @Test func aFlagGivenTwiceTakesItsLastValue() throws {
        let config = try RunOptions.parse(["--epochs", "5", "--epochs", "7", "--activation", "tanh", "--activation", "sigmoid",
                                           "--hidden", "4", "--hidden", "8,8"]).resolve()
        #expect(config.epochs == 7 && config.activation == .sigmoid && config.hidden == [8, 8])
        var pictured = RunConfig()
        try PictureOptions.parse(["--fps", "10", "--fps", "30", "--theme", "dark", "--theme", "both"]).apply(to: &pictured)
        #expect(pictured.pictures.fps == 30 && pictured.pictures.theme == .both)
        #expect(throws: SettingError.self) { try RunOptions.parse(["--epochs", "5", "--epochs", "0"]).resolve().validate() }
    }
}
