import Foundation
import CGD
import TestSupport

/// One picture as RGB pixels, row by row: a PNG still or one frame of a GIF as a viewer shows it.
struct RGBImage: Equatable {
    var width: Int
    var height: Int
    /// Three bytes a pixel.
    var pixels: [UInt8]
}

/// The pictures of a file: a PNG's one image, or a GIF's frames composited in order with their
/// delays (hundredths of a second). PNGs are read by libgd, GIFs by the tests' own decoder.
struct PictureFile {
    var frames: [RGBImage]
    /// One delay per frame; empty for a PNG.
    var delays: [Int]

    /// Why a file is not a picture these tests read.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `url`, a `.png` or `.gif`.
    init(contentsOf url: URL) throws {
        let bytes = try Data(contentsOf: url)
        switch url.pathExtension {
        case "png":
            frames = [try Self.png(bytes, url: url)]
            delays = []
        case "gif":
            let gif = try DecodedGIF(Array(bytes))
            let colors = gif.globalColors
            frames = gif.composites().map { indices in
                var pixels = [UInt8](repeating: 0, count: indices.count * 3)
                for (i, index) in indices.enumerated() where Int(index) < colors.count {
                    (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = colors[Int(index)]
                }
                return RGBImage(width: gif.width, height: gif.height, pixels: pixels)
            }
            delays = gif.frames.map(\.delay)
        default:
            throw Unreadable(description: "\(url.path): neither a PNG nor a GIF")
        }
    }

    /// A PNG decoded by libgd (palette or true colour), its alpha ignored.
    private static func png(_ bytes: Data, url: URL) throws -> RGBImage {
        var copy = bytes
        guard let image = copy.withUnsafeMutableBytes({ gdImageCreateFromPngPtr(Int32($0.count), $0.baseAddress) }) else {
            throw Unreadable(description: "\(url.path): libgd cannot read it as a PNG")
        }
        defer { gdImageDestroy(image) }
        let width = Int(image.pointee.sx), height = Int(image.pointee.sy)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let color = gdImageGetTrueColorPixel(image, Int32(x), Int32(y))
                let i = 3 * (y * width + x)
                (pixels[i], pixels[i + 1], pixels[i + 2]) = (UInt8(color >> 16 & 0xFF), UInt8(color >> 8 & 0xFF), UInt8(color & 0xFF))
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}

/// How far a drawn picture may stray from its reference: a pixel counts as different when one of
/// its channels differs by more than `channel`, and at most `fraction` of the pixels may.
struct PictureTolerance: Sendable {
    var channel: Int
    var fraction: Double

    /// Every pixel the same: pictures that go through no BLAS (a stored field) are the same on
    /// every CPU.
    static let exact = PictureTolerance(channel: 0, fraction: 0)

    /// Pictures of a network evaluated through BLAS, whose last bits can differ between CPUs
    /// (AVX2 and AVX-512 kernels): a value at a shade's edge may fall into the next shade or move
    /// an anti-aliased line by a pixel. Any visible change of a pixel counts (2 levels of 255
    /// absorbs only the rounding of a blend); at most 0.02 % of the pixels (5 of a 160 × 160
    /// panel) may differ. Drawn with BLIS's generic, haswell, zen3 and skx kernels the pictures
    /// were the same to the byte; one class colour changed by 16 levels changed 43 pixels
    /// (0.15 %) of a picture where that class is only four points and a legend mark.
    static let blas = PictureTolerance(channel: 2, fraction: 0.0002)
}

/// How one drawn image differs from its reference.
struct PixelDifference {
    /// Pixels with a channel beyond the tolerance.
    var differing: Int
    var total: Int
    /// The largest difference of any channel, and the first pixel where it is.
    var worst: Int
    var worstAt: (x: Int, y: Int)

    /// Compares two images of the same size.
    init(_ actual: RGBImage, _ reference: RGBImage, tolerance: PictureTolerance) {
        (differing, total, worst, worstAt) = (0, actual.width * actual.height, 0, (0, 0))
        for p in 0..<total {
            var largest = 0
            for c in 0..<3 { largest = max(largest, abs(Int(actual.pixels[3 * p + c]) - Int(reference.pixels[3 * p + c]))) }
            if largest > tolerance.channel { differing += 1 }
            if largest > worst { (worst, worstAt) = (largest, (p % actual.width, p / actual.width)) }
        }
    }

    /// True when few enough pixels differ.
    func isWithin(_ tolerance: PictureTolerance) -> Bool {
        Double(differing) <= tolerance.fraction * Double(total)
    }

    /// "312 of 25600 pixels differ (1.22 %), the worst by 187 at (40, 12)".
    var described: String {
        String(format: "%d of %d pixels differ (%.2f %%), the worst channel by %d at (%d, %d)",
               differing, total, 100 * Double(differing) / Double(max(total, 1)), worst, worstAt.x, worstAt.y)
    }
}
