import Testing
import Foundation
import TestSupport
@testable import Encoding

/// Frames that are not Render's: a small colour table, and no transparent index, so that a
/// changed rectangle must be stored opaque (replacing what it covers rather than drawn over it).
@Suite struct IndexedFrameTests {
    private let colors = ColorTable(colors: [0x112233, 0xFFEEDD, 0x00FF00], background: 1)

    /// Three frames of 6×5 in three colours: the first all colour 0, then a block of 1, then a
    /// pixel of 2 inside the block's rows.
    private var frames: [IndexedFrame] {
        var indices = [UInt8](repeating: 0, count: 30)
        var frames = [IndexedFrame(width: 6, height: 5, indices: indices, colors: colors)]
        for y in 1...3 { for x in 2...4 { indices[y * 6 + x] = 1 } }
        frames.append(IndexedFrame(width: 6, height: 5, indices: indices, colors: colors))
        indices[2 * 6 + 1] = 2
        frames.append(IndexedFrame(width: 6, height: 5, indices: indices, colors: colors))
        return frames
    }

    @Test func aGIFWithoutTransparencyStoresOpaqueRectanglesInAPaddedTable() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("small.gif").path
        let writer = try GIFWriter(path: path, width: 6, height: 5, fps: 10, finalHoldSeconds: 0)
        for frame in frames { writer.append(frame) }
        try writer.finish()
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(gif.globalColors.count == 4, "3 colours padded to a power of two")
        #expect(gif.frames.allSatisfy { $0.transparent == nil })
        #expect((gif.frames[2].left, gif.frames[2].top, gif.frames[2].width, gif.frames[2].height) == (1, 2, 1, 1))
        #expect(gif.composites() == frames.map { Array($0.indices) })
    }

    @Test func aWebPWithoutTransparencyReplacesWhatItsRectanglesCover() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("small.webp").path
        let writer = try WebPWriter(path: path, width: 6, height: 5, fps: 10, finalHoldSeconds: 0)
        for frame in frames { writer.append(frame) }
        try writer.finish()
        let decoded = try decodedWithPillow(path)
        #expect(decoded.map(\.duration) == [100, 100, 100])
        for (frame, shown) in zip(frames, decoded) {
            let rgb = frame.indices.flatMap { index -> [UInt8] in
                let c = colors.colors[Int(index)]
                return [UInt8(c >> 16), UInt8(c >> 8 & 0xFF), UInt8(c & 0xFF)]
            }
            #expect(shown.pixels == rgb)
        }
    }
}
