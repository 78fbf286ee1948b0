import Testing
import Foundation
import TestSupport
import Render
@testable import Flipbook

/// Stills are encoded once per distinct picture and on several threads: what that could break.
@Suite struct StillFilesTests {
    /// A canvas with a few shapes of colour `color`.
    static func canvas(_ color: Int) -> Canvas {
        let canvas = Canvas(width: 40, height: 30)
        canvas.fill(Rect(x: 3, y: 4, width: 20, height: 10), Palette.classColor(color))
        canvas.fill(Rect(x: 25, y: 10, width: 9, height: 15), Palette.classColor(color + 1))
        return canvas
    }

    @Test(arguments: [true, false])
    func aPictureWrittenUnderTwoNamesIsEncodedOnceAndIsTheSameBytesUnderBoth(parallel: Bool) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = RunDirectory(path: directory.path)
        let stills = StillFiles.$encodedInParallel.withValue(parallel) { StillFiles(directory: run) }
        let first = Self.canvas(0), again = Self.canvas(0), other = Self.canvas(2)
        try stills.write(first, named: "a.png", theme: .light)
        try stills.write(other, named: "c.png", theme: .light)
        try stills.write(again, named: "b.png", theme: .light)
        try stills.write(first, named: "a.dark.png", theme: .dark)
        try stills.finish()
        #expect(stills.encodings == 3, "the light picture once, the other once, the dark one once")
        let bytes = { (name: String) in try Data(contentsOf: run.file(name)) }
        #expect(try bytes("a.png") == bytes("b.png"))
        #expect(try bytes("a.png") == first.pngData(palette: Theme.light.palette))
        #expect(try bytes("c.png") == other.pngData(palette: Theme.light.palette))
        #expect(try bytes("a.dark.png") == first.pngData(palette: Theme.dark.palette))
        #expect(try bytes("a.png") != bytes("c.png") && bytes("a.png") != bytes("a.dark.png"))
    }

    @Test func aRunsPosterIsItsLastKeyStillEncodedOnce() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.pictures.views = [.boundary, .loss]
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.run(config, into: run, progress: SilentProgress())
        for stem in ["decision_boundary", "loss"] {
            let poster = try Data(contentsOf: run.file("\(stem).poster.png"))
            #expect(try poster == Data(contentsOf: run.file("\(stem)_epoch_029.png")), "\(stem)")
        }
    }

    /// Both ways are really taken (every encoding at once on the thread that handed its picture
    /// over, or every one queued), give the same files byte for byte, and each distinct picture is
    /// encoded once in both: posters and the last key stills are the same bytes.
    @Test func aStoredRunRendersTheSamePicturesWithStillsInParallelOrOneByOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PipelineTests.smallConfig()
        config.epochs = 12
        let source = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.train(config, into: source, progress: SilentProgress())
        var pictures = PictureSettings()
        pictures.theme = .both
        var drawn: [[String: Data]] = []
        var encodings: [(inline: Int, queued: Int)] = []
        for parallel in [true, false] {
            let out = RunDirectory(path: directory.appendingPathComponent(parallel ? "parallel" : "serial").path)
            let log = StillFiles.ThreadLog()
            try StillFiles.$threadLog.withValue(log) {
                try StillFiles.$encodedInParallel.withValue(parallel) {
                    try Pipeline.render(source, into: out, pictures: pictures, progress: SilentProgress())
                }
            }
            encodings.append(log.encodings)
            let names = try FileManager.default.contentsOfDirectory(atPath: out.url.path).filter { $0.hasSuffix(".png") || $0.hasSuffix(".gif") }
            drawn.append(Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: out.file($0))) }))
        }
        let stills = drawn[0].keys.filter { $0.hasSuffix(".png") }
        #expect(stills.count >= 20)
        #expect(encodings[0].inline == 0 && encodings[0].queued > 0, "in parallel: every encoding queued \(encodings[0])")
        #expect(encodings[1].queued == 0 && encodings[1].inline > 0, "one by one: every encoding at once, on the handing thread \(encodings[1])")
        #expect(encodings[0].queued == encodings[1].inline, "the same distinct pictures encoded either way")
        #expect(encodings[1].inline < stills.count, "pictures written under two names are encoded once: \(encodings[1]) for \(stills.count) stills")
        #expect(Set(drawn[0].keys) == Set(drawn[1].keys))
        for (name, bytes) in drawn[0] { #expect(bytes == drawn[1][name], "\(name)") }
        for stem in ["decision_boundary", "loss"] {
            #expect(drawn[1]["\(stem).poster.png"] != nil && drawn[1]["\(stem).poster.png"] == drawn[1]["\(stem)_epoch_011.png"], "\(stem)")
        }
    }
}
