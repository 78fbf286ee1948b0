import Testing
import Foundation
import TestSupport
import Render
@testable import Flipbook

/// The text of a comparison's small panels reads as a single run's: `network_comparison.gif`'s
/// headings were drawn at its 320-pixel panels' scale (8 px text at the default size).
@Suite struct ComparisonTextTests {
    /// The height in pixels of the ink of the first text line in `rect` of `canvas` (rows holding
    /// any pixel other than the background, from the first such row to the next empty row).
    static func firstLineHeight(in rect: Rect, of canvas: Canvas) -> Int {
        let inked = (rect.y..<rect.maxY).map { y in (rect.x..<rect.maxX).contains { canvas[$0, y] != Palette.background } }
        guard let first = inked.firstIndex(of: true) else { return 0 }
        return (inked[first...].firstIndex(of: false) ?? inked.count) - first
    }

    /// The ink height of the first column's heading ("inputs") of `view`'s diagram background.
    static func headingHeight(_ view: NetworkView) -> Int {
        let diagram = view.diagram, metrics = diagram.metrics
        let units = diagram.unitRects[0]
        let left = max(0, units[0].x - metrics.tx(20)), right = (units.map(\.maxX).max() ?? 0) + metrics.tx(20)
        // Between the legend row (baseline 44 at 480) and the units.
        let top = metrics.tx(50)
        return firstLineHeight(in: Rect(x: left, y: top, width: right - left, height: diagram.unitRects[0][0].y - top), of: view.template)
    }

    @Test func networkComparisonHeadingsAreAsTallAsASingleRuns() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var base = RunConfig()
        base.samples = 60
        base.epochs = 2
        base.pictures.views = [.network]
        let out = RunDirectory(path: directory.appendingPathComponent("cmp").path)
        let variations = [try Variation(parsing: "learning-rate=0.1,0.5")]
        try Comparison.run(base: base, variations: variations, into: out, progress: SilentProgress())
        let subject = try ComparisonSubject(directory: out, variants: try Comparison.variants(base: base, variations: variations), base: base)
        let grid = try #require(try NetworkComparison(subject: subject))
        #expect(subject.panelSide < base.pictures.size, "the grid's panels are smaller than a run's")
        let cell = grid.cells[0]
        let network = try RunRecorder.network(of: try #require(try cell.member.store.epoch(1)), in: cell.member.store)
        let single = try #require(NetworkView(scene: cell.member.scene, survey: cell.survey, network: network, size: base.pictures.size,
                                              font: subject.font, bold: subject.bold))
        let (small, reference) = (Self.headingHeight(cell.view), Self.headingHeight(single))
        #expect(reference >= 8, "a single run's heading is \(reference) px of ink")
        #expect(small >= reference - 1, "the comparison's heading is \(small) px of ink, a single run's \(reference)")
        #expect(cell.view.diagram.metrics.small.pixelSize >= 11)
    }
}
