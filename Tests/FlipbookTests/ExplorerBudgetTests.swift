import Testing
import Foundation
import TestSupport
@testable import Flipbook

/// `--max-bytes` holds the animations asked for, not explorer.html's copies of their GIFs
/// (docs/cli.md): the scripts are 4/3 of a GIF, and the GIF written for the explorer alone (with
/// no GIF format asked) is not an animation the budget counts, so it never makes the animations
/// asked for smaller.
@Suite struct ExplorerBudgetTests {
    static func config() -> RunConfig {
        var config = RunConfig()
        (config.samples, config.epochs) = (100, 30)
        (config.pictures.size, config.pictures.format, config.pictures.views) = (160, .webp, [.boundary])
        return config
    }

    @Test func theBudgetHoldsTheWebPAndNotTheGIFWrittenForTheExplorer() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let free = RunDirectory(path: directory.appendingPathComponent("free").path)
        _ = try Pipeline.run(Self.config(), into: free, progress: SilentProgress())
        let webp = try Data(contentsOf: free.file("decision_boundary.webp"))
        let gif = try ExplorerTests.scriptGIF(free.file("decision_boundary.gif.js"))
        try #require(webp.count < gif.count, "the WebP (\(webp.count) bytes) is smaller than the GIF (\(gif.count))")

        // A budget the WebP keeps to and the explorer's GIF does not: the WebP is the same file.
        var config = Self.config()
        config.pictures.maxBytes = (webp.count + gif.count) / 2
        let held = RunDirectory(path: directory.appendingPathComponent("held").path)
        _ = try Pipeline.run(config, into: held, progress: SilentProgress())
        #expect(try Data(contentsOf: held.file("decision_boundary.webp")) == webp, "the WebP drawn again for the explorer's GIF")
        let heldGIF = try ExplorerTests.scriptGIF(held.file("decision_boundary.gif.js"))
        #expect(heldGIF == gif && heldGIF.count > config.pictures.maxBytes!)
        #expect(try DecodedGIF([UInt8](heldGIF)).frames.count == 30)
        #expect(held.entries().contains(Explorer.fileName) && !held.entries().contains { $0.hasSuffix(".gif") })
    }
}
