import Testing
import Foundation
import TestSupport
@testable import Encoding
@testable import Render

/// Frames held longer than the frame rate says (`--hold`), and how many times an animation
/// plays (`--loop`), read back from the files.
@Suite struct HoldAndLoopTests {
    /// Writes frames A, A (A held `hold` seconds the first time), B, C at 10 fps, played `loop`
    /// times, the last held 2 s, as `format`; returns its path.
    static func write(_ format: AnimationFileFormat, loop: AnimationLoop, hold: Double, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("held.\(format.fileExtension)").path
        let writer = try format.writer(path: path, width: 8, height: 8, fps: 10, finalHoldSeconds: 2, loop: loop)
        let canvas = Canvas(width: 8, height: 8)
        writer.append(canvas, holdingFor: hold)
        writer.append(canvas)
        canvas.fill(Rect(x: 0, y: 0, width: 4, height: 4), Palette.classColor(0))
        writer.append(canvas)
        canvas[7, 7] = Palette.red
        writer.append(canvas)
        try writer.finish(byteLimit: nil)
        return path
    }

    /// A held frame shows its time and the hold, the frames after it keep theirs, and a repeat of
    /// it merges into it; a GIF counts its plays after the first, and leaves the count out for one play.
    @Test(arguments: [(AnimationLoop.forever, 0 as Int?), (.times(1), nil), (.times(3), 2)])
    func aGIFHoldsAndLoopsAsAsked(loop: AnimationLoop, count: Int?) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: try Self.write(.gif, loop: loop, hold: 1.5, in: directory)))))
        #expect(gif.frames.map(\.delay) == [10 + 150 + 10, 10, 10 + 200])
        #expect(gif.loopCount == count)
    }

    /// The same in a WebP, whose `ANIM` chunk counts every play (0: for ever); Pillow reads the durations.
    @Test(arguments: [(AnimationLoop.forever, 0), (.times(1), 1), (.times(3), 3)])
    func aWebPHoldsAndLoopsAsAsked(loop: AnimationLoop, count: Int) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.write(.webp, loop: loop, hold: 1.5, in: directory)
        #expect(try decodedWithPillow(path).map(\.duration) == [1700, 100, 2100])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // RIFF header (12 bytes), VP8X chunk (18), then ANIM: its tag, size, background (4), loop count (2).
        #expect(String(decoding: bytes[30..<34], as: UTF8.self) == "ANIM")
        #expect(Int(bytes[42]) | Int(bytes[43]) << 8 == count)
    }

    /// Without holds the frames keep the frame rate's times exactly, as before holds existed.
    @Test func noHoldKeepsTheFrameRate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: try Self.write(.gif, loop: .forever, hold: 0, in: directory)))))
        #expect(gif.frames.map(\.delay) == [20, 10, 10 + 200])
    }
}
