import Testing
import Foundation
import TestSupport
@testable import Encoding
@testable import Render

@Suite struct WebPWriterTests {
    /// Frames 0, 1, 1, 2 at 20 fps, held 1 s, in the dark theme: Pillow decodes three frames of
    /// 50, 100 and 50 + 1000 ms whose pixels are exactly the dark palette's colours of the frames.
    @Test func framesTimingAndPixelsSurviveAnIndependentDecoder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("anim.dark.webp").path
        let writer = try WebPWriter(path: path, width: 12, height: 8, fps: 20, finalHoldSeconds: 1)
        let canvas = Canvas(width: 12, height: 8)
        var expected: [[UInt8]] = []
        func add(_ times: Int) {
            for _ in 0..<times { writer.append(canvas, palette: .dark) }
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

        // Each frame after the first is the rectangle that changed, its corner on even pixels.
        #expect(try frameRects(of: Data(contentsOf: URL(fileURLWithPath: path))) == [
            Rect(x: 0, y: 0, width: 12, height: 8), Rect(x: 6, y: 2, width: 4, height: 3), Rect(x: 10, y: 6, width: 2, height: 2),
        ])

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
    /// The file is streamed: each frame's chunk reaches the temporary file on disk as the frame
    /// is stored (one frame later, when its duration is known), so the writer holds no more than
    /// a chunk whatever the length. A writer that kept the file in memory until `finish` would
    /// leave the disk empty here.
    @Test func framesReachTheDiskAsTheyCome() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("stream.webp").path
        let writer = try WebPWriter(path: path, width: 96, height: 96, fps: 10)
        let colors = ColorTable(colors: (0..<200).map { UInt32($0) * 0x010305 & 0xFF_FFFF })
        var state: UInt64 = 3
        var onDisk: [Int] = []
        for _ in 0..<12 {
            let indices = (0..<96 * 96).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(1 + (state >> 33) % 199)
            }
            writer.append(IndexedFrame(width: 96, height: 96, indices: indices, colors: colors, transparent: 0))
            let partial = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".partial") })
            let size = try #require(try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(partial).path)[.size] as? Int)
            onDisk.append(size)
            // All but what the stream buffers (a few kB) of the chunks written is on disk.
            #expect(size + 16 * 1024 >= writer.bytesWritten, "\(writer.bytesWritten) bytes written, \(size) on disk")
        }
        #expect(writer.framesWritten == 11, "each frame is stored when the next arrives")
        #expect(onDisk.last! > 10 * 96 * 96 / 2, "noise frames of 200 colours take about a byte a pixel: \(onDisk)")
        #expect(zip(onDisk, onDisk.dropFirst()).allSatisfy { $0 <= $1 })
        let bytes = try writer.finish()
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(file.count == bytes)
        #expect(file.prefix(4) == Data("RIFF".utf8))
        let riffSize = file[4..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(riffSize == bytes - 8, "the RIFF size is written at the end")
        #expect(try frameRects(of: file).count == 12)
        let frames = try decodedWithPillow(path)
        #expect(frames.count == 12)
    }

    /// What the writer holds between frames stays flat as the file grows: checked after 10 and
    /// after 200 frames of a 400 × 400 animation whose first frame is noise (the whole canvas,
    /// more than the encoder keeps of any scratch buffer) and whose later frames change a 40 × 40
    /// square. A writer that kept its chunks (or the large frame's scratch) would hold more at
    /// the 200th frame; this one holds its three frames' indices and under a megabyte besides.
    @Test func heldBytesStayFlatAsFramesGrow() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let side = 400
        let writer = try WebPWriter(path: directory.appendingPathComponent("flat.webp").path, width: side, height: side, fps: 10)
        let colors = ColorTable(colors: (0..<200).map { UInt32($0) * 0x010305 & 0xFF_FFFF })
        var state: UInt64 = 7
        func noise() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(1 + (state >> 33) % 199)
        }
        var indices = (0..<side * side).map { _ in noise() }
        var held: [Int: Int] = [:], written: [Int: Int] = [:]
        for frame in 1...200 {
            if frame > 1 {
                let corner = (frame * 37) % (side - 40)
                for y in corner..<corner + 40 { for x in corner..<corner + 40 { indices[y * side + x] = noise() } }
            }
            writer.append(IndexedFrame(width: side, height: side, indices: indices, colors: colors, transparent: 0))
            if frame == 10 || frame == 200 { (held[frame], written[frame]) = (writer.heldBytes, writer.bytesWritten) }
        }
        let frames = 3 * side * side
        #expect(written[200]! - written[10]! > 190 * 40 * 40 / 2, "190 noise squares went to the file: \(written)")
        #expect(held[10]! <= frames + 1 << 20, "after 10 frames the writer holds \(held[10]!) bytes")
        #expect(held[200]! <= held[10]! + 4096, "held \(held[10]!) bytes after 10 frames and \(held[200]!) after 200")
        try writer.finish()
    }
}

/// The rectangle of every `ANMF` chunk of an animated WebP file, read as the container
/// specification lays them out (offsets halved, sizes minus one, 24-bit little-endian).
private func frameRects(of file: Data) throws -> [Rect] {
    let bytes = [UInt8](file)
    func uint(_ at: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    var rects: [Rect] = []
    var at = 12
    while at + 8 <= bytes.count {
        let size = uint(at + 4, 4)
        if String(decoding: bytes[at..<at + 4], as: UTF8.self) == "ANMF" {
            rects.append(Rect(x: 2 * uint(at + 8, 3), y: 2 * uint(at + 11, 3), width: uint(at + 14, 3) + 1, height: uint(at + 17, 3) + 1))
        }
        at += 8 + size + size % 2
    }
    return rects
}
