import Testing
import Foundation
import TestSupport
import FrameStore
@testable import Flipbook

/// explorer.html and its scripts as files: what a run and a comparison write, and what the page
/// is told. The page itself is tested in a browser: python/tests/test_explorer.py.
@Suite struct ExplorerTests {
    /// The run's `RUN` object, read back from its page.
    static func model(_ run: RunDirectory) throws -> [String: Any] {
        let page = try String(contentsOf: run.file(Explorer.fileName), encoding: .utf8)
        let start = try #require(page.range(of: "const RUN = "))
        let end = try #require(page[start.upperBound...].range(of: ";\nfor (const span"))
        return try #require(try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
    }

    /// The GIF a `NAME.gif.js` script holds.
    static func scriptGIF(_ url: URL) throws -> Data {
        let script = try String(contentsOf: url, encoding: .utf8)
        let parts = script.split(separator: "\"")
        #expect(parts.count == 5 && parts[0] == "flipbookFrames(")
        return try #require(Data(base64Encoded: String(parts[3])))
    }

    @Test func aRunWritesItsExplorerWithTheAnimationsItsScriptsHold() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = RunConfig()
        (config.samples, config.epochs, config.frameEvery) = (100, 20, 3)
        (config.pictures.size, config.pictures.theme, config.pictures.keyEpochs) = (160, .both, [0, 9])
        config.pictures.views = [.boundary, .loss]
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())

        let listed = Set(run.listedOutputs())
        for name in ["explorer.html", "decision_boundary.gif.js", "decision_boundary.dark.gif.js", "loss.gif.js", "loss.dark.gif.js"] {
            #expect(listed.contains(name), "\(name) is listed among the run's outputs")
            #expect(FileManager.default.fileExists(atPath: run.file(name).path), "\(name)")
        }
        for gif in ["decision_boundary.gif", "decision_boundary.dark.gif", "loss.gif"] {
            #expect(try Self.scriptGIF(run.file(gif + ".js")) == Data(contentsOf: run.file(gif)), "\(gif).js holds \(gif)")
        }
        let model = try Self.model(run)
        let store = try FrameStore.open(at: run.store.path)
        let moments = try #require(model["moments"] as? [[String: Any]])
        #expect(moments.compactMap { $0["key"] as? String } == store.frameEpochs.map(String.init))
        #expect(model["keys"] as? [String] == ["0", "9"])
        #expect(model["themes"] as? [String] == ["light", "dark"])
        let views = try #require(model["views"] as? [[String: Any]])
        #expect(views.compactMap { $0["id"] as? String } == ["boundary", "training", "loss"])
        #expect(views[0]["gifs"] as? [String: String] == ["light": "decision_boundary.gif", "dark": "decision_boundary.dark.gif"])
        let series = try #require((model["series"] as? [[String: Any]])?.first?["rows"] as? [[Any]])
        #expect(series.count == 20, "every epoch's metrics, for the chart")

        let report = try String(contentsOf: run.report, encoding: .utf8)
        #expect(report.contains("[explorer.html](explorer.html)"))
        let page = try String(contentsOf: run.file("explorer.html"), encoding: .utf8)
        #expect(page.contains("<img src=\"decision_boundary.poster.png\""), "the poster, for a page without scripts")
        #expect(page.contains("Network 2 → 16 → 1"), "the report's text")
        let addresses = page.replacingOccurrences(of: "\"http://www.w3.org/2000/svg\"", with: "")   // SVG's namespace, a name
        #expect(!addresses.contains("http://") && !addresses.contains("https://") && !addresses.contains("//cdn"), "nothing from the network")
    }

    @Test func withoutAGIFTheExplorerReadsOneWrittenForItAlone() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = RunConfig()
        (config.samples, config.epochs) = (100, 8)
        (config.pictures.size, config.pictures.format, config.pictures.views) = (160, .webp, [.loss])
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let names = run.entries()
        #expect(names.contains("loss.webp") && names.contains("loss.gif.js") && names.contains("explorer.html"))
        #expect(!names.contains { $0.hasSuffix(".gif") }, "no GIF left: \(names.sorted())")
        #expect(!run.listedOutputs().contains { $0.hasSuffix(".gif") })
        let gif = try DecodedGIF([UInt8](Self.scriptGIF(run.file("loss.gif.js"))))
        #expect(gif.frames.count == 8)
    }

    @Test func aComparisonWritesAnExplorerWithEveryVariantsMetrics() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = RunConfig()
        (base.samples, base.epochs, base.pictures.size) = (80, 6, 160)
        base.pictures.views = [.boundary]
        let out = RunDirectory(path: directory.appendingPathComponent("cmp").path)
        try Comparison.run(base: base, variations: [try Variation(parsing: "learning-rate=0.1,0.5")], into: out, progress: SilentProgress())
        #expect(out.listedOutputs().contains("explorer.html") && out.listedOutputs().contains("comparison.gif.js"))
        let model = try Self.model(out)
        let series = try #require(model["series"] as? [[String: Any]])
        #expect(series.compactMap { $0["name"] as? String } == ["learning-rate 0.1", "learning-rate 0.5"])
        #expect((model["views"] as? [[String: Any]])?.first?["id"] as? String == "boundary")
        #expect(try String(contentsOf: out.report, encoding: .utf8).contains("[explorer.html](explorer.html)"))
    }

    @Test func theReportReadsAsHTML() {
        let markdown = """
            # Flipbook run: circles

            Network 2 → 16 → 1, `gd` with **rate** 0.5 <b>.

            | epoch | loss |
            | ---: | --- |
            | 9 | 0.1 |

            Scrub through it in [explorer.html](explorer.html).

            ## Animations

            <picture>
              <source media="(prefers-color-scheme: dark)" srcset="a.dark.gif">
              <img alt="a.gif" src="a.gif">
            </picture>

            ![b.png](b.png)

            See [the store](frames.sqlite).
            """
        let html = ReportHTML.html(markdown, droppingLinksTo: "explorer.html")
        #expect(html == """
            <p>Network 2 → 16 → 1, <code>gd</code> with <strong>rate</strong> 0.5 &lt;b&gt;.</p>
            <table>
            <thead><tr><th style="text-align:right">epoch</th><th style="text-align:left">loss</th></tr></thead>
            <tbody>
            <tr><td style="text-align:right">9</td><td style="text-align:left">0.1</td></tr>
            </tbody>
            </table>
            <h2>Animations</h2>
            <p>Picture: <a href="a.gif">a.gif</a>, <a href="a.dark.gif">a.dark.gif</a></p>
            <p>Picture: <a href="b.png">b.png</a></p>
            <p>See <a href="frames.sqlite">the store</a>.</p>
            """)
    }

    @Test func viewsAreNamedForTheAddress() {
        #expect(Explorer.viewID("decision_boundary", taken: []) == "boundary")
        #expect(Explorer.viewID("hidden_space", taken: []) == "hidden")
        #expect(Explorer.viewID("weights", taken: []) == "network")
        #expect(Explorer.viewID("predictions", taken: ["boundary"]) == "predictions")
        #expect(Explorer.label("hidden_space") == "Hidden space")
    }
}
