import Testing
import Foundation
import TestSupport
import CGD
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

/// Every pixel of a PNG decoded by libgd (through libpng), as 0xRRGGBB, row after row.
func decodedPixels(_ png: Data) -> (width: Int, height: Int, rgb: [UInt32])? {
    var bytes = [UInt8](png)
    guard let image = gdImageCreateFromPngPtr(Int32(bytes.count), &bytes) else { return nil }
    defer { gdImageDestroy(image) }
    guard gdImagePaletteToTrueColor(image) != 0 else { return nil }
    let (width, height) = (Int(image.pointee.sx), Int(image.pointee.sy))
    var rgb: [UInt32] = []
    for y in 0..<height {
        for x in 0..<width { rgb.append(UInt32(truncatingIfNeeded: gdImageGetTrueColorPixel(image, Int32(x), Int32(y))) & 0xFF_FFFF) }
    }
    return (width, height, rgb)
}

@Suite struct PNGEncoderTests {
    /// A canvas with many palette indices in use: fills, anti-aliased discs and text.
    static func busyCanvas() throws -> Canvas {
        let canvas = Canvas(width: 97, height: 61)
        for k in 0..<6 { canvas.fill(Rect(x: 15 * k, y: 3 * k, width: 14, height: 40 - 5 * k), Palette.classColor(k)) }
        canvas.fillDisc(center: Point(50, 30), radius: 17.3, color: Palette.classColor(7), outline: Palette.classColor(1), outlineWidth: 1.5)
        return canvas
    }

    @Test(arguments: [Theme.light, .dark])
    func stillsDecodeToTheSamePixelsAsLibgdsOwnPNG(theme: Theme) throws {
        let canvas = try Self.busyCanvas()
        let ours = canvas.pngData(palette: theme.palette), libgds = canvas.libgdPNGData(palette: theme.palette)
        let decoded = try #require(decodedPixels(ours)), reference = try #require(decodedPixels(libgds))
        #expect(decoded.width == 97 && decoded.height == 61)
        #expect(decoded.rgb == reference.rgb)
        #expect(Set(decoded.rgb).count > 8, "the picture uses many colours")
        // Every pixel is the palette's colour of its index.
        let colors = theme.palette.colorTable.colors
        let expected = (0..<61).flatMap { y in (0..<97).map { x in colors[Int(canvas[x, y])] } }
        #expect(decoded.rgb == expected)
    }

    @Test func aLargeStillIsAboutTheSizeOfLibgds() throws {
        let canvas = Canvas(width: 480, height: 480)
        for k in 0..<40 {
            canvas.fillDisc(center: Point(Double(37 * k % 460) + 10, Double(53 * k % 460) + 10), radius: 6,
                            color: Palette.classColor(k % 5), outline: Palette.classColor((k + 1) % 5), outlineWidth: 1)
        }
        let ours = canvas.pngData().count, libgds = canvas.libgdPNGData().count
        #expect(Double(ours) < 1.05 * Double(libgds), "\(ours) bytes against libgd's \(libgds)")
    }
}
