import Foundation
import Testing
import TestSupport
import FlipbookCommandLine
import FrameStore
import Render
@testable import Flipbook

/// A picture family made here, in one file, as a plug-in would be: a still of how far training
/// got (a bar as long as the share of the run's epochs recorded), drawn only when `--views`
/// names it. Registering it is the only other line it needs.
struct ProgressBarView: PictureFamily {
    static let viewName = "progress-bar"
    static let isDrawnByDefault = false
    static let sentences = ["progress_bar.png": "How far training got, as a bar."]

    let size: Int

    init?(subject: RunSubject) { size = subject.pictures.size }

    var animation: AnimationShape? { nil }

    func finalStills(of subject: RunSubject, last: RunFrame?) throws -> [Still] {
        let canvas = Canvas(width: size, height: size)
        let share = Double(subject.store.frameEpochs.count) / Double(max(1, subject.recorded.count))
        canvas.fill(Rect(x: 0, y: size / 2 - 10, width: Int(Double(size) * share), height: 20), Palette.classColor(0))
        return [Still(name: "progress_bar.png", canvas: canvas, detail: "training's progress")]
    }
}

@Suite(.serialized) struct ViewPluginTests {
    /// A family registered in a test is chosen by `--views`, drawn by `run` and `render`, and
    /// described in report.md, without any other file knowing it.
    @Test func aRegisteredViewIsChosenDrawnAndReported() throws {
        #expect(throws: SettingError.self, "unknown before it is registered") { try PictureView.list("progress-bar") }
        RunSubject.catalog.register(ProgressBarView.self)
        defer { RunSubject.catalog.unregister(ProgressBarView.self) }
        #expect(try PictureView.list("progress-bar,loss").map(\.rawValue) == ["progress-bar", "loss"])
        try FlipbookCommand.check(arguments: ["run", "--out", "x", "--views", "progress-bar"])

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = RunConfig()
        (config.samples, config.epochs) = (100, 4)
        config.pictures = PictureSettings(size: 160, views: [try #require(PictureView(rawValue: "progress-bar"))])
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        let files = try FileManager.default.contentsOfDirectory(atPath: run.url.path)
        #expect(files.contains("progress_bar.png") && !files.contains { $0.hasSuffix(".gif") }, "only the view asked for: \(files)")
        let store = try FrameStore.open(at: run.store.path)
        let subject = try RunSubject(directory: run, store: store, pictures: config.pictures, keyEpochs: [0, 3])
        let bar = try #require(try ProgressBarView(subject: subject)?.finalStills(of: subject, last: nil).first).canvas
        #expect(bar[159, 80] == Palette.classColor(0) && bar[80, 40] != Palette.classColor(0), "a full bar across the middle")
        #expect(try Data(contentsOf: run.file("progress_bar.png")) == bar.pngData(palette: Theme.light.palette), "the still as drawn")
        let report = try String(contentsOf: run.report, encoding: .utf8)
        #expect(report.contains("![progress_bar.png](progress_bar.png)") && report.contains("How far training got, as a bar."))

        let redrawn = RunDirectory(path: directory.appendingPathComponent("redrawn").path)
        try Pipeline.render(run, into: redrawn, pictures: PictureSettings(size: 160, views: [try #require(PictureView(rawValue: "progress-bar")), .loss]),
                            progress: SilentProgress())
        let again = try FileManager.default.contentsOfDirectory(atPath: redrawn.url.path)
        #expect(again.contains("progress_bar.png") && again.contains("loss.gif") && !again.contains("decision_boundary.gif"), "\(again)")
    }

    /// Unregistered, the name is refused again: the catalogue is the one list of views.
    @Test func anUnregisteredViewIsRefused() throws {
        RunSubject.catalog.register(ProgressBarView.self)
        RunSubject.catalog.unregister(ProgressBarView.self)
        #expect(throws: SettingError.self) { try PictureView.list("progress-bar") }
        #expect(PictureView.allCases.map(\.rawValue) == ["boundary", "loss", "network", "hidden", "landscape"])
    }
}
