import Testing
import Foundation
import TestSupport
@testable import Flipbook
@testable import FlipbookCommandLine

/// What a refusal quotes of what was typed.
@Suite struct MessageTests {
    /// 100,000 characters: a value nobody means, which a refusal must not echo whole.
    private static let long = String(repeating: "x", count: 100_000)

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
}
