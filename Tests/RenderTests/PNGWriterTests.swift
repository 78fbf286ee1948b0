import Testing
import Foundation
import TestSupport
@testable import Render

/// Every palette index of `canvas`, row after row.
func pixels(_ canvas: Canvas) -> [UInt8] {
    (0..<canvas.height).flatMap { y in (0..<canvas.width).map { x in canvas[x, y] } }
}

@Suite struct PNGWriterTests {
    @Test func pngIsAPaletteImageOfTheRightSize() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("still.png").path
        let canvas = Canvas(width: 33, height: 21)
        canvas.fill(Rect(x: 0, y: 0, width: 10, height: 10), Palette.classColor(2))
        try PNGWriter.write(canvas, to: path)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 33 && height == 21)
        #expect(bytes[24] == 8 && bytes[25] == 3, "8-bit palette PNG")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["still.png"])
    }
}
