import Testing
import Foundation
import TestSupport
@testable import Flipbook

/// The size of the file at `url` in bytes (0 when it is missing).
private func bytes(_ url: URL) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
}

/// Frame count and durations (ms) of an animation, as Pillow (Debian's python3-pil) decodes it.
private func pillowFrames(_ url: URL) throws -> [Int] {
    let script = """
        import json, sys
        from PIL import Image
        im = Image.open(sys.argv[1]); d = []
        for i in range(im.n_frames):
            im.seek(i); im.load(); d.append(im.info.get("duration", 0))
        print(json.dumps(d))
        """
    let result = try run("/usr/bin/python3", ["-c", script, url.path], in: url.deletingLastPathComponent())
    guard result.status == 0, let durations = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Int] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.stderr])
    }
    return durations
}

/// The `<picture>` elements of a Markdown file as Python's html.parser reads them: for each,
/// the `<source>`'s media and srcset and the `<img>`'s src.
private func pictureElements(_ url: URL) throws -> [[String: String]] {
    let script = """
        import json, sys
        from html.parser import HTMLParser
        class P(HTMLParser):
            def __init__(self):
                super().__init__(); self.found = []; self.open = None
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "picture": self.open = {}
                elif tag == "source" and self.open is not None: self.open.update(media=a.get("media"), srcset=a.get("srcset"))
                elif tag == "img" and self.open is not None: self.open.update(src=a.get("src"), alt=a.get("alt"))
            def handle_endtag(self, tag):
                if tag == "picture" and self.open is not None: self.found.append(self.open); self.open = None
        p = P(); p.feed(open(sys.argv[1]).read()); print(json.dumps(p.found))
        """
    let result = try run("/usr/bin/python3", ["-c", script, url.path], in: url.deletingLastPathComponent())
    guard result.status == 0, let found = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: result.stderr])
    }
    return found
}

@Suite struct DocsPicturesTests {
    /// Both themes and formats, 12 frames of 40 epochs: every animation has its GIF, WebP, dark
    /// twins and posters; Pillow decodes 12 frames at 50 ms (the last held 2 s longer); the
    /// report pairs each light and dark picture in a `<picture>` whose files exist.
    @Test func themesFormatsFramesAndTheReport() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "r", "--epochs", "40", "--samples", "200", "--size", "200",
                                   "--theme", "both", "--format", "both", "--frames", "12"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let run = directory.appendingPathComponent("r")
        for stem in ["decision_boundary", "training", "loss"] {
            for name in ["\(stem).gif", "\(stem).dark.gif", "\(stem).webp", "\(stem).dark.webp", "\(stem).poster.png", "\(stem).poster.dark.png"] {
                #expect(bytes(run.appendingPathComponent(name)) > 0, "\(name) is missing")
            }
            for name in ["\(stem).webp", "\(stem).dark.webp", "\(stem).gif"] {
                let durations = try pillowFrames(run.appendingPathComponent(name))
                #expect(durations.count == 12, "\(name): \(durations.count) frames")
                #expect(durations.dropLast().allSatisfy { $0 == 50 } && durations.last == 2050, "\(name): \(durations)")
            }
        }
        let pictures = try pictureElements(run.appendingPathComponent("report.md"))
        #expect(pictures.count >= 3 + 3 + 3 + 3)          // animations, boundary stills, loss stills, the rest
        for picture in pictures {
            let dark = picture["srcset"] ?? "", light = picture["src"] ?? ""
            #expect(picture["media"] == "(prefers-color-scheme: dark)")
            let twin = PictureMarkup.lightName(of: dark)
            #expect(twin.0 == light && twin.1, "\(dark) is not the dark twin of \(light)")
            #expect(bytes(run.appendingPathComponent(dark)) > 0 && bytes(run.appendingPathComponent(light)) > 0)
        }
        #expect(pictures.contains { $0["src"] == "decision_boundary.gif" })
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("[decision_boundary.poster.png](decision_boundary.poster.png)"))
    }

    /// A budget is met by every animation, with one line each saying what was chosen; a budget
    /// under the smallest animation is refused before drawing, naming the smallest that works,
    /// and that one works.
    @Test func aBudgetIsMetAndAnImpossibleOneRefusedWithTheSmallestThatWorks() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "r", "--epochs", "80", "--samples", "300", "--format", "both",
                                   "--views", "boundary,loss", "--max-bytes", "300kB"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let run = directory.appendingPathComponent("r")
        for name in ["decision_boundary", "training", "loss"].flatMap({ ["\($0).gif", "\($0).webp"] }) {
            let size = bytes(run.appendingPathComponent(name))
            #expect(size > 0 && size <= 300_000, "\(name): \(size) bytes")
        }
        #expect(result.stderr.contains("decision_boundary.gif: ") && result.stderr.contains("within 300 kB"), "\(result.stderr)")
        // Motion before size: a picture made smaller than asked kept at least 50 frames until it was 240 px.
        #expect(!result.stderr.contains(try Regex("\\b([0-9]|[1-4][0-9]) of 80 recorded epochs at (2[5-9][0-9]|[3-4][0-9][0-9]) px")), "\(result.stderr)")
        #expect(try pillowFrames(run.appendingPathComponent("training.gif")).count < 80, "the budget took frames away")

        let refused = try flipbook(["render", "r", "--out", "small", "--max-bytes", "1000"], in: directory)
        #expect(refused.status == 2)
        let pattern = try #require(try Regex("at least ([0-9]+) bytes").firstMatch(in: refused.stderr), "\(refused.stderr)")
        let smallest = try #require(Int(pattern.output[1].substring ?? ""))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("small").path)) ?? []
        #expect(!written.contains { $0.hasSuffix(".gif") || $0.hasSuffix(".png") }, "nothing drawn: \(written)")

        let fits = try flipbook(["render", "r", "--out", "small", "--max-bytes", "\(smallest)"], in: directory)
        #expect(fits.status == 0, "\(fits.stderr)")
        for name in ["decision_boundary.gif", "training.gif", "loss.gif"] {
            let size = bytes(directory.appendingPathComponent("small").appendingPathComponent(name))
            #expect(size > 0 && size <= smallest, "\(name): \(size) bytes, budget \(smallest)")
        }
        let tooSmall = try flipbook(["render", "r", "--out", "small2", "--max-bytes", "\(smallest - 1)"], in: directory)
        #expect(tooSmall.status == 2, "one byte less is refused")
    }

    /// `run` measures the smallest budget on the trained run, so its refusal comes after
    /// training: the run already in the directory is left byte for byte as it was, and a
    /// directory the refused run created is gone.
    @Test func aRunRefusingItsBudgetLeavesTheDirectoryAsItWas() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try flipbook(["run", "--out", "r", "--epochs", "20", "--samples", "200", "--views", "boundary"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let run = directory.appendingPathComponent("r")
        let before = try contents(of: run)

        let refused = try flipbook(["run", "--out", "r", "--epochs", "30", "--samples", "200", "--seed", "9", "--max-bytes", "2kB"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("flipbook: invalid max-bytes '2kB'") && refused.stderr.split(separator: "\n").count == 1,
                "\(refused.stderr)")
        #expect(try contents(of: run) == before, "the previous run is back, whole")

        let fresh = try flipbook(["run", "--out", "new/r", "--epochs", "20", "--samples", "200", "--max-bytes", "1000"], in: directory)
        #expect(fresh.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("new/r").path), "nothing written")
    }

    /// A comparison refused after training (its budget) leaves the comparison before it as it was.
    @Test func aComparisonRefusingItsBudgetLeavesTheDirectoryAsItWas() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["compare", "--vary", "learning-rate=0.1,1", "--epochs", "10", "--samples", "100", "--views", "boundary", "--out", "c"]
        let first = try flipbook(arguments, in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try contents(of: directory.appendingPathComponent("c"))
        let refused = try flipbook(arguments + ["--seed", "4", "--max-bytes", "1000"], in: directory)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(try contents(of: directory.appendingPathComponent("c")) == before)
    }

    /// Every file under `root` (hidden ones too, the lock file aside) with its bytes.
    private func contents(of root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        while let name = enumerator.nextObject() as? String {
            let url = root.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard url.lastPathComponent != ".flipbook.lock", FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            files[name] = isDirectory.boolValue ? Data() : try Data(contentsOf: url)
        }
        return files
    }

    /// An animation larger than its format allows (9 network diagrams of 4096-pixel panels are
    /// 16,704 pixels high; WebP allows 16,383) is refused before anything is drawn, naming the
    /// size, instead of stopping the program.
    @Test func anAnimationTooLargeForItsFormatIsRefusedBeforeDrawing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["compare", "--vary", "learning-rate=0.1,0.2,0.3", "--vary", "seed=1,2,3", "--epochs", "2",
                                   "--samples", "100", "--size", "4096", "--format", "webp", "--views", "network", "--out", "c"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("flipbook: invalid size '4096'") && result.stderr.contains("a WebP animation has at most 16,383 a side"),
                "\(result.stderr)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("c").path)) ?? []
        #expect(!written.contains { $0.hasSuffix(".webp") || $0.hasSuffix(".png") }, "nothing drawn: \(written)")
    }

    /// A comparison keeps to a budget as a run does (fewer frames, then smaller panels), and an
    /// impossible budget is refused before any picture is drawn, naming the smallest that works.
    @Test func aComparisonKeepsToItsBudgetOrRefusesItBeforeDrawing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["compare", "--vary", "learning-rate=0.1,1", "--epochs", "40", "--samples", "200", "--views", "boundary,network"]
        let refused = try flipbook(arguments + ["--out", "c", "--max-bytes", "1000"], in: directory)
        #expect(refused.status == 2)
        let pattern = try #require(try Regex("at least ([0-9]+) bytes").firstMatch(in: refused.stderr), "\(refused.stderr)")
        let smallest = try #require(Int(pattern.output[1].substring ?? ""))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("c").path)) ?? []
        #expect(!written.contains { $0.hasSuffix(".gif") || $0.hasSuffix(".png") }, "nothing drawn: \(written)")

        let fits = try flipbook(arguments + ["--out", "c", "--max-bytes", "\(smallest)"], in: directory)
        #expect(fits.status == 0, "\(fits.stderr)")
        for name in ["comparison.gif", "network_comparison.gif"] {
            let size = bytes(directory.appendingPathComponent("c").appendingPathComponent(name))
            #expect(size > 0 && size <= smallest, "\(name): \(size) bytes, budget \(smallest)")
        }
        #expect(fits.stderr.contains("panels of \(ComparisonSubject.smallestPanel) px"), "the smallest budget needs the smallest panels: \(fits.stderr)")
    }

    /// Bad picture flags are refused with one line, before anything is written.
    @Test func badPictureFlagsAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (flag, value) in [("--theme", "sepia"), ("--format", "png"), ("--frames", "1"), ("--max-bytes", "5GB")] {
            let result = try flipbook(["run", "--out", "r", flag, value], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("flipbook: ") && result.stderr.contains("'\(value)'") && result.stderr.contains(flag.dropFirst(2)),
                    "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r").path))
        }
    }
}
