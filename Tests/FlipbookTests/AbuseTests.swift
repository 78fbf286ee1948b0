import Testing
import Foundation
import TestSupport

/// The promises of docs/cli.md under abuse: one writer per run directory, nothing written before
/// a refusal, a run replaced as a whole, broken output streams, and the exit-status table.
@Suite struct AbuseTests {
    /// A small, fast run.
    static let small = ["--epochs", "12", "--samples", "80", "--size", "160"]

    /// Runs `script` with `bash -c` in `directory`, `$F` being the flipbook executable.
    func shell(_ script: String, in directory: URL) throws -> CommandResult {
        try run("/bin/bash", ["-c", script], in: directory,
                environment: ["F": productsDirectory.appendingPathComponent("flipbook").path])
    }

    func bytes(_ url: URL) -> Data? { try? Data(contentsOf: url) }

    @Test func aRefusedCommandLeavesTheExistingRunUntouched() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r"] + Self.small, in: directory).status == 0)
        let store = directory.appendingPathComponent("r/frames.sqlite")
        let before = bytes(store)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("r").path).sorted()
        for bad in [["--learning-rate", "1e300"], ["--learning-rate", "1e-300"], ["--key-epochs", "0,99"], ["--dataset", "csv:nope.csv"]] {
            let refused = try flipbook(["run", "--out", "r"] + Self.small + bad, in: directory)
            #expect(refused.status == 2, "\(bad): \(refused.stderr)")
            #expect(bytes(store) == before, "\(bad) changed the store")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("r").path).sorted() == names)
    }

    /// `render --out DIR` refused (no store, a bad key epoch, DIR holding the run) creates no
    /// directory and leaves an earlier drawing in DIR as it was.
    @Test func aRefusedRenderIntoAnotherDirectoryWritesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let noStore = try flipbook(["render", "empty", "--out", "new/pictures"], in: directory)
        #expect(noStore.status == 2, "\(noStore.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("new").path), "nothing created")

        #expect(try flipbook(["run", "--out", "r"] + Self.small, in: directory).status == 0)
        #expect(try flipbook(["render", "r", "--out", "p", "--size", "160"], in: directory).status == 0)
        let pictures = directory.appendingPathComponent("p")
        let names = try FileManager.default.contentsOfDirectory(atPath: pictures.path).sorted()
        let gif = bytes(pictures.appendingPathComponent("decision_boundary.gif"))
        let around = try flipbook(["render", "r", "--out", "."], in: directory)
        #expect(around.status == 2 && around.stderr.hasPrefix("flipbook: .: holds the run being drawn (r)"), "\(around.stderr)")
        let refused = try flipbook(["render", "r", "--out", "p", "--key-epochs", "0,99"], in: directory)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: pictures.path).sorted() == names)
        #expect(bytes(pictures.appendingPathComponent("decision_boundary.gif")) == gif)
    }

    @Test func aSecondWriterIsRefusedNamingTheFirst() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try startFlipbook(["run", "--out", "s", "--epochs", "1000000", "--samples", "80", "--frame-every", "100000"],
                                      in: directory)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() } }
        let store = directory.appendingPathComponent("s/frames.sqlite").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: store), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let second = try flipbook(["run", "--out", "s"] + Self.small + ["--seed", "5"], in: directory)
        #expect(second.status == 2)
        #expect(second.stderr == "flipbook: s: is in use by another flipbook (process \(first.processIdentifier)) drawing or writing this run; wait for it to finish or choose another directory\n")
        let render = try flipbook(["render", "s", "--size", "160"], in: directory)
        #expect(render.status == 2)
        #expect(render.stderr.hasPrefix("flipbook: s: is being written by another flipbook (process \(first.processIdentifier))"), "\(render.stderr)")
        let export = try flipbook(["export", "s"], in: directory)
        #expect(export.status == 2, "\(export.stderr)")
    }

    @Test func twoRendersOfOneRunAtOnceBothSucceed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r", "--epochs", "60", "--samples", "80", "--size", "160"], in: directory).status == 0)
        let both = try shell(#"$F render r --size 160 >/dev/null 2>a.err & $F render r --size 160 >/dev/null 2>b.err; s=$?; wait $!; echo "$s $?""#, in: directory)
        #expect(both.stdout == "0 0\n", "\(both.stdout) \(String(decoding: bytes(directory.appendingPathComponent("a.err")) ?? Data(), as: UTF8.self))")
    }

    @Test func aNewRunReplacesTheOldOneWhole() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r"] + Self.small + ["--key-epochs", "0,5,11"], in: directory).status == 0)
        let run = directory.appendingPathComponent("r")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("decision_boundary_epoch_005.png").path))
        // A one-feature CSV draws no boundary pictures (more features are drawn through a plane):
        // the circles run's must not stay beside it.
        let csv = (0..<60).map { i in "\(Double(i) / 10),\(i % 2)" }.joined(separator: "\n")
        try Data(csv.utf8).write(to: directory.appendingPathComponent("t.csv"))
        let table = try flipbook(["run", "--out", "r", "--dataset", "csv:t.csv", "--epochs", "5", "--size", "160"], in: directory)
        #expect(table.status == 0, "\(table.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
        #expect(!names.contains { $0.hasPrefix("decision_boundary") || $0 == "training.gif" || $0 == "final_predictions.png" }, "\(names)")
        #expect(names.contains("loss.gif") && names.contains("report.md"))
        // A redraw with other key epochs removes the stills it no longer draws.
        #expect(try flipbook(["render", "r", "--size", "160", "--key-epochs", "1,4"], in: directory).status == 0)
        let redrawn = try FileManager.default.contentsOfDirectory(atPath: run.path)
        #expect(redrawn.contains("loss_epoch_001.png") && !redrawn.contains("loss_epoch_000.png"), "\(redrawn)")
    }

    @Test func aFolderOfTheUsersOwnIsRefusedUnlessForced() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mine = directory.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("my notes".utf8).write(to: mine.appendingPathComponent("report.md"))
        try Data("mine".utf8).write(to: mine.appendingPathComponent("loss_epoch_003.png"))
        let refused = try flipbook(["run", "--out", "mine"] + Self.small, in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("flipbook: mine: is not empty and holds no Flipbook run;"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine.path).sorted() == ["loss_epoch_003.png", "report.md"])
        let forced = try flipbook(["run", "--out", "mine", "--force"] + Self.small, in: directory)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(bytes(mine.appendingPathComponent("loss_epoch_003.png")) == Data("mine".utf8), "a file Flipbook did not write is kept")
        // The next run there is a Flipbook run: no --force needed, and the user's file still stays.
        #expect(try flipbook(["run", "--out", "mine"] + Self.small, in: directory).status == 0)
        #expect(bytes(mine.appendingPathComponent("loss_epoch_003.png")) == Data("mine".utf8))
    }

    @Test func brokenOutputStreamsNeverStopARun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, redirect) in [("pipe", "| head -c 1 >/dev/null"), ("closed", ">&-"), ("full", ">/dev/full")] {
            let script = "set -o pipefail; $F run --out \(name) --epochs 200 --samples 80 --size 160 \(redirect); echo \"status $?\""
            let result = try shell(script, in: directory)
            #expect(result.stdout.hasSuffix("status 4\n"), "\(name): \(result.stdout) \(result.stderr)")
            for file in ["report.md", "metrics.csv", "parameters.npz", "training.gif"] {
                #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(name)/\(file)").path), "\(name): \(file)")
            }
        }
        let refused = try shell(#"$F run --out x --epochs 0 2>/dev/full; echo "status $?""#, in: directory)
        #expect(refused.stdout == "status 2\n", "\(refused.stdout) \(refused.stderr)")
    }

    @Test func aDivergedRunExitsWithItsOwnStatusAfterDrawing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "d", "--learning-rate", "1e30"] + Self.small, in: directory)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("flipbook: training diverged at epoch"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("d/report.md").path))
    }

    @Test func aComparisonChecksEveryVariantDirectoryBeforeTraining() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let comparison = directory.appendingPathComponent("c")
        try FileManager.default.createDirectory(at: comparison, withIntermediateDirectories: true)
        try Data("in the way".utf8).write(to: comparison.appendingPathComponent("seed-2"))
        // Earlier runs' leftovers make the folder "not a Flipbook run": force past that, but a
        // file where a variant's directory goes is still refused, before any variant trains.
        let result = try flipbook(["compare", "--out", "c", "--force", "--vary", "seed=1,2"] + Self.small, in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("flipbook: c/seed-2: exists and is not a directory"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: comparison.path) == ["seed-2"])
    }

    @Test func aDivergingRegressionIsDrawnRedrawnAndCompared() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sine = ["--dataset", "sine", "--activation", "tanh", "--epochs", "30", "--size", "160"]
        let run = try flipbook(["run", "--out", "d", "--learning-rate", "3"] + sine, in: directory)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("d/fit.gif").path))
        let render = try flipbook(["render", "d", "--size", "160"], in: directory)
        #expect(render.status == 0, "\(render.stderr)")
        let compare = try flipbook(["compare", "--out", "c", "--vary", "learning-rate=0.1,3"] + sine, in: directory)
        #expect(compare.status == 0, "\(compare.stderr)")
    }

    @Test func aTableOfThreeHundredClassesIsDrawn() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = (0..<900).map { i in "\(Double(i % 300) + Double(i) / 1000),\(Double(i % 7) / 7),\(i % 300)" }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("many.csv"))
        let result = try flipbook(["run", "--out", "m", "--dataset", "csv:many.csv", "--epochs", "3", "--size", "160",
                                   "--test-fraction", "0.5"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("m/decision_boundary.gif").path))
    }

    @Test func pipesAndFoldersAreRefusedAsDataWithoutBlocking() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(mkfifo(directory.appendingPathComponent("pipe.csv").path, 0o644) == 0)
        let images = directory.appendingPathComponent("digits")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
            #expect(mkfifo(images.appendingPathComponent(name).path, 0o644) == 0)
        }
        for (flags, message) in [(["--dataset", "csv:pipe.csv"], "flipbook: pipe.csv: is not a regular file"),
                                 (["--dataset", "csv:."], "flipbook: .: is not a regular file"),
                                 (["--dataset", "mnist:digits"], "flipbook: digits/train-images-idx3-ubyte: is not a regular file"),
                                 (["--config", "pipe.csv"], "flipbook: invalid config 'pipe.csv': expected a regular JSON file")] {
            let result = try flipbook(["run", "--out", "r"] + flags, in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        }
    }

    @Test func aTableTooSmallToSplitSaysSoWithoutBlamingAFlag() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("0,0,0\n1,1,0\n2,2,1\n3,3,1\n".utf8).write(to: directory.appendingPathComponent("tiny.csv"))
        let result = try flipbook(["run", "--out", "r", "--dataset", "csv:tiny.csv"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("flipbook: tiny: 4 samples leave the test part empty at a test fraction of 0.2"), "\(result.stderr)")
    }

    @Test func aComparisonRefusesALaterVariantBeforeTrainingAny() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = (0..<40).map { "\($0),\($0 % 5),\($0 % 3),\($0 % 2)" }.joined(separator: "\n")
        try Data(csv.utf8).write(to: directory.appendingPathComponent("three.csv"))
        for vary in ["dataset=circles,csv:missing.csv", "hidden=8|70000", "dataset=moons,csv:three.csv,spiral"] {
            let result = try flipbook(["compare", "--out", "c", "--vary", vary] + Self.small, in: directory)
            if vary.hasSuffix("spiral") {
                // Three features and two: every variant is checked, and the comparison is drawn.
                #expect(result.status == 0, "\(result.stderr)")
                continue
            }
            #expect(result.status == 2, "\(vary): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("c").path), "\(vary) wrote before refusing")
        }
    }

    @Test func aRunRendersIntoAnotherDirectoryWithoutChangingAByte() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r"] + Self.small, in: directory).status == 0)
        let run = directory.appendingPathComponent("r")
        func snapshot() throws -> [String: Data] {
            try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: run.path).map {
                ($0, try Data(contentsOf: run.appendingPathComponent($0)))
            })
        }
        let before = try snapshot()
        let render = try flipbook(["render", "r", "--out", "copy", "--size", "200"], in: directory)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(try snapshot() == before, "the run directory changed")
        let copy = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("copy").path)
        #expect(copy.contains("decision_boundary.gif") && copy.contains("report.md") && !copy.contains("frames.sqlite"), "\(copy)")
    }

    @Test func anOutputThatCannotBeWrittenEndsWithStatus5AndOneLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A file-size limit of 200 kB: the store fits, the first 1600-pixel GIF frames do not.
        let result = try shell("ulimit -f 400; $F run --out w --epochs 8 --samples 300 --size 1600", in: directory)
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("flipbook: w/") && result.stderr.contains(": cannot write (File too large)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("w").path)
        #expect(!left.contains { $0.hasSuffix(".partial") }, "half-written files are removed: \(left)")
        let export = try flipbook(["export", "w", "--to", "last.npz"], in: directory)
        #expect(export.status == 0, "the store keeps every epoch it committed: \(export.stderr)")
    }

    @Test func anExportToADirectoryIsRefusedAndWritesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r", "--views", "loss"] + Self.small, in: directory).status == 0)
        let folder = directory.appendingPathComponent("out.npz")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let refused = try flipbook(["export", "r", "--to", "out.npz"], in: directory)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("flipbook: out.npz: is a directory"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A run says in a few lines what was trained, how it did, how long it took and where to
    /// look; --verbose adds a line per file, --quiet says nothing when all went well.
    @Test func aRunPrintsAFewLinesOrEveryFileOrNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = try flipbook(["run", "--out", "r"] + Self.small, in: directory)
        #expect(plain.status == 0)
        let lines = plain.stdout.split(separator: "\n")
        #expect(lines.count <= 4, "\(plain.stdout)")
        #expect(lines.first?.hasPrefix("trained 12 epochs in ") == true && lines.first?.contains("test accuracy") == true)
        #expect(lines.contains { $0.hasPrefix("rendered 12 of 12 recorded epochs in ") }, "\(plain.stdout)")
        #expect(lines.last?.hasSuffix("files in r/: start with report.md") == true, "\(plain.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("r").path)
            .filter { !$0.hasPrefix(".") && $0 != "frames.sqlite" }
        let verbose = try flipbook(["render", "r", "--verbose"], in: directory)
        for file in files { #expect(verbose.stdout.contains("\n\(file): "), "\(file)") }
        let quiet = try flipbook(["render", "r", "--quiet"], in: directory)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
    }

    /// The console, report.md and metrics.csv give one training time: the sum of the epochs' seconds.
    @Test func oneTrainingTimeEverywhere() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try flipbook(["run", "--out", "r", "--views", "loss"] + Self.small, in: directory)
        #expect(run.status == 0)
        let console = try #require(run.stdout.split(separator: "\n").first.flatMap { $0.split(separator: " ").dropFirst(4).first })
        let report = try String(contentsOf: directory.appendingPathComponent("r/report.md"), encoding: .utf8)
        #expect(report.contains("Training took \(console) s (12 epochs"), "console \(console); \(report)")
        let metrics = try String(contentsOf: directory.appendingPathComponent("r/metrics.csv"), encoding: .utf8)
        let sum = metrics.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }.reduce(0, +)
        #expect(String(format: "%.2f", sum) == console, "metrics.csv sums to \(sum)")
    }
}
