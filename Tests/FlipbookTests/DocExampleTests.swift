import Testing
import Foundation
import TestSupport

/// Every `flipbook` command that README.md and docs/*.md show runs as written, in document order
/// in one scratch directory, with a small `--epochs 3 --samples 60` substituted where it trains,
/// and exits with status 0; no two write the same directory. The commands are taken from the
/// markdown itself: every `flipbook` line of an `sh` block, and every inline `flipbook …` span
/// that is a whole command (not a synopsis with placeholders such as `DIR`, nor the bare name of
/// a command that needs arguments). The few that cannot run here are listed with the reason.
@Suite struct DocExampleTests {
    /// The package's root folder (this file is Tests/FlipbookTests/DocExampleTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The markdown files whose commands must run.
    static var files: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    /// Commands that cannot run in this test, by their arguments as written, with the reason.
    static let notRun: [String: String] = [
        "run --out output/fashion --dataset fashion-mnist":
            "needs Fashion-MNIST (setup.sh --fashion-mnist), 60,000 images an epoch",
        "run --out output/fashion-steps --dataset fashion-mnist --hidden 256,128 --optimizer adam --learning-rate 0.001 --batch-size 128 --epochs 20 --record-every-steps 47":
            "needs Fashion-MNIST (setup.sh --fashion-mnist), 60,000 images an epoch",
    ]

    /// One command found in the markdown: its arguments after `flipbook`, and where it is.
    struct Example {
        let arguments: [String]
        let place: String
        var text: String { arguments.joined(separator: " ") }
    }

    /// The commands of `file`'s `sh` blocks and inline spans, in order; synopses and bare command
    /// names are left out (they are counted in `synopses`).
    static func examples(in file: String, synopses: inout [String]) throws -> [Example] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var found: [Example] = [], prose: [String] = [], block: [String]? = nil, shell = false
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if let lines = block, shell {
                    let joined = lines.joined(separator: "\n").replacingOccurrences(of: "\\\n", with: " ")
                    for command in joined.split(separator: "\n").flatMap({ $0.components(separatedBy: "&&") }) {
                        if let arguments = flipbookArguments(command) { found.append(Example(arguments: arguments, place: "\(file):\(number)")) }
                    }
                }
                shell = ["sh", "bash", "shell"].contains(line.dropFirst(3).trimmingCharacters(in: .whitespaces))
                block = block == nil ? [] : nil
                if block == nil { prose.append("") }
                continue
            }
            if block != nil { block?.append(String(line)) } else { prose.append(String(line)) }
        }
        let spans = try Regex("`([^`]+)`")
        for match in prose.joined(separator: " ").matches(of: spans) {
            let span = String(match.output[1].substring ?? "")
            guard span.hasPrefix("flipbook "), let arguments = flipbookArguments(span) else { continue }
            let needsArguments = ["run", "compare", "render", "restore", "export", "inspect"]
            if span.contains(try Regex("\\b[A-Z][A-Z_]*[A-Z]\\b|\\b[NK]\\b|\\[|…")) || (arguments.count == 1 && needsArguments.contains(arguments[0])) {
                synopses.append(span)
            } else {
                found.append(Example(arguments: arguments, place: "\(file) (inline)"))
            }
        }
        return found
    }

    /// The arguments after `flipbook` in a shell command (`swift run -c release flipbook …`,
    /// `flipbook …`), split at spaces with single quotes kept together; nil for another command.
    static func flipbookArguments(_ command: some StringProtocol) -> [String]? {
        var words: [String] = [], word = "", quoted = false
        for character in command {
            if character == "'" { quoted.toggle() } else if character == " ", !quoted {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else { word.append(character) }
        }
        if !word.isEmpty { words.append(word) }
        guard let index = words.firstIndex(where: { $0 == "flipbook" || $0.hasSuffix("/flipbook") }) else { return nil }
        let before = words[..<index]
        guard before.isEmpty || before.elementsEqual(["swift", "run", "-c", "release"]) else { return nil }
        return Array(words[(index + 1)...])
    }

    /// The arguments run for an example: a training command with `--epochs 3 --samples 60` in
    /// place of its own, the demo as the reference run it is (`run --out output/circles`), an
    /// absolute `--out` (`/tmp/webp-src`) inside the scratch directory.
    static func substituted(_ arguments: [String]) -> [String] {
        var arguments = arguments
        if arguments.first == "demo" { arguments = ["run", "--out", "output/circles"] + arguments.dropFirst() }
        if let index = arguments.firstIndex(of: "--out"), index + 1 < arguments.count, arguments[index + 1].hasPrefix("/") {
            arguments[index + 1] = String(arguments[index + 1].drop { $0 == "/" })
        }
        guard let command = arguments.first, ["run", "compare", "inspect"].contains(command), !arguments.contains("--help") else { return arguments }
        for flag in ["--epochs", "--samples"] {
            if let index = arguments.firstIndex(of: flag), index + 1 < arguments.count { arguments.removeSubrange(index...(index + 1)) }
        }
        return arguments + ["--epochs", "3", "--samples", "60"]
    }

    /// The directory an example writes: `--out`, the demo's `output/circles`, or the run
    /// directory `render` draws into; nil for a command that writes nothing.
    static func written(by arguments: [String]) -> String? {
        if let index = arguments.firstIndex(of: "--out"), index + 1 < arguments.count { return arguments[index + 1] }
        switch arguments.first {
        case "demo": return "output/circles"
        case "render": return arguments.dropFirst().first { !$0.hasPrefix("-") }
        default: return nil
        }
    }

    @Test func everyCommandInTheDocsRunsAsWritten() throws {
        var synopses: [String] = [], examples: [Example] = []
        for file in Self.files { examples += try Self.examples(in: file, synopses: &synopses) }
        var seen = Set<String>()
        examples = examples.filter { seen.insert($0.text).inserted }     // the same command shown twice runs once
        #expect(examples.count >= 10 && synopses.count >= 10, "\(examples.map(\.text)) \(synopses)")

        var writers: [String: String] = [:]
        for example in examples {
            guard let directory = Self.written(by: example.arguments) else { continue }
            #expect(writers[directory] == nil, "\(example.place) `\(example.text)` writes \(directory), as `\(writers[directory] ?? "")` does")
            writers[directory] = example.text
        }
        for listed in Self.notRun.keys {
            #expect(examples.contains { $0.text == listed }, "notRun lists a command no doc shows: \(listed)")
        }

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // `flipbook render runs/mine` draws the store the README's Python example records; a run makes one.
        let recorded = try flipbook(["run", "--out", "runs/mine", "--epochs", "3", "--samples", "60"], in: directory)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        for example in examples where Self.notRun[example.text] == nil {
            let arguments = Self.substituted(example.arguments)
            let result = try flipbook(arguments, in: directory)
            #expect(result.status == 0, "\(example.place): flipbook \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }
}
