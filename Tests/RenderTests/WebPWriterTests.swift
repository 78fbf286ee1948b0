import Testing
import Foundation
import TestSupport
@testable import Render

@Suite struct WebPWriterTests {
    /// Frames 0, 1, 1, 2 at 20 fps, held 1 s, in the dark theme: Pillow decodes three frames of
    /// 50, 100 and 50 + 1000 ms whose pixels are exactly the dark palette's colours of the frames.
    @Test func framesTimingAndPixelsSurviveAnIndependentDecoder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("anim.dark.webp").path
        let writer = try WebPWriter(path: path, width: 12, height: 8, fps: 20, finalHoldSeconds: 1, palette: Palette.dark)
        let canvas = Canvas(width: 12, height: 8)
        var expected: [[UInt8]] = []
        func add(_ times: Int) {
            for _ in 0..<times { writer.append(canvas) }
            expected.append(pixels(canvas).flatMap { index in
                let c = Palette.dark.colors[Int(index)]
                return [c.r, c.g, c.b]
            })
        }
        canvas.fill(Rect(x: 0, y: 0, width: 6, height: 8), Palette.classColor(0))
        add(1)
        canvas.fill(Rect(x: 7, y: 2, width: 3, height: 3), Palette.classShade(1, 9))
        add(2)
        canvas[11, 7] = Palette.red
        add(1)
        #expect(!FileManager.default.fileExists(atPath: path), "the file appears only when finished")
        try writer.finish()
        #expect(writer.framesWritten == 3)

        let frames = try decodedWithPillow(path)
        #expect(frames.map(\.duration) == [50, 100, 1050])
        for (index, frame) in frames.enumerated() where index < expected.count {
            #expect(frame.pixels == expected[index], "frame \(index) is not the frame drawn")
        }
    }

    /// An animation over its byte limit is not written, and says by how much.
    @Test func aFileOverItsLimitIsNotWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.webp").path
        let writer = try WebPWriter(path: path, width: 64, height: 64, fps: 10)
        let canvas = Canvas(width: 64, height: 64)
        for step in 0..<6 {
            for y in 0..<64 { for x in 0..<64 { canvas[x, y] = Palette.classShade((x * 7 + y * 13 + step) % 8, (x ^ y ^ step) % 28 + 1) } }
            writer.append(canvas)
        }
        #expect(throws: ByteLimitExceeded.self) { try writer.finish(byteLimit: 1000) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
