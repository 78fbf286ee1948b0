import CDeflate
import Foundation

/// Encodes an indexed frame as a palette PNG (colour type 3, 8 bits an index): IHDR, PLTE with
/// every colour of the frame's table, pHYs (96 dpi, as libgd wrote), one IDAT, IEND.
///
/// Every row is stored with filter None: palette indices are labels, not intensities, and the
/// other filters' differences deflate worse (on the demo's stills Sub +13 %, Up +19 % at the same
/// level). The rows are deflated by libdeflate at `defaultLevel`, chosen on measurement
/// (`docs/benchmarks.md`): about the bytes of libgd's PNG writer (zlib level 6, which Flipbook
/// used before) in about 0.4× its time.
public enum PNGEncoder {
    /// libdeflate's level for stills (1…12).
    public static let defaultLevel: Int32 = 5

    /// The PNG file of `frame`, its rows deflated at `level` (libdeflate's 1…12).
    public static func encode(_ frame: IndexedFrame, level: Int32 = defaultLevel) -> Data {
        precondition((1...12).contains(level), "PNGEncoder: libdeflate level \(level) is not 1…12")
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(frame.width))
        header.appendBigEndian(UInt32(frame.height))
        header.append(contentsOf: [8, 3, 0, 0, 0])      // 8 bits, palette, deflate, adaptive filtering, no interlace
        png.appendChunk("IHDR", header)
        var palette = Data(capacity: 3 * frame.colors.count)
        for color in frame.colors.colors {
            palette.append(contentsOf: [UInt8(color >> 16 & 0xFF), UInt8(color >> 8 & 0xFF), UInt8(color & 0xFF)])
        }
        png.appendChunk("PLTE", palette)
        var density = Data()
        density.appendBigEndian(3780)                   // pixels per metre (96 dpi), x and y
        density.appendBigEndian(3780)
        density.append(1)                               // the unit is the metre
        png.appendChunk("pHYs", density)
        png.appendChunk("IDAT", deflated(frame, level: level))
        png.appendChunk("IEND", Data())
        return png
    }

    /// The frame's rows, each after its filter byte (None), as one zlib stream.
    private static func deflated(_ frame: IndexedFrame, level: Int32) -> Data {
        let (width, height) = (frame.width, frame.height)
        var rows = [UInt8](repeating: 0, count: (width + 1) * height)
        frame.indices.withUnsafeBufferPointer { indices in
            rows.withUnsafeMutableBufferPointer { rows in
                for y in 0..<height {
                    (rows.baseAddress! + y * (width + 1) + 1).update(from: indices.baseAddress! + y * width, count: width)
                }
            }
        }
        guard let compressor = libdeflate_alloc_compressor(level) else {
            preconditionFailure("PNGEncoder: libdeflate could not allocate a compressor (out of memory)")
        }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor, rows.count)
        var stream = [UInt8](repeating: 0, count: bound)
        let written = rows.withUnsafeBytes { input in
            stream.withUnsafeMutableBytes { output in
                libdeflate_zlib_compress(compressor, input.baseAddress, input.count, output.baseAddress, output.count)
            }
        }
        precondition(written > 0, "PNGEncoder: libdeflate's output overran its own bound")
        return Data(stream[..<written])
    }
}

extension Data {
    /// Appends `value` most significant byte first, as PNG stores numbers.
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    /// Appends a PNG chunk: its length, type, data and the CRC-32 of type and data.
    fileprivate mutating func appendChunk(_ type: String, _ data: Data) {
        appendBigEndian(UInt32(data.count))
        let typed = Data(type.utf8) + data
        append(typed)
        let crc = typed.withUnsafeBytes { bytes in libdeflate_crc32(0, bytes.baseAddress, bytes.count) }
        appendBigEndian(crc)
    }
}
