import Foundation

/// The colours an indexed frame's indices stand for: 1…256 opaque colours (`0xRRGGBB`), and the
/// index of the page's background (a GIF's screen background, a WebP's background colour).
public struct ColorTable: Sendable, Equatable {
    /// The colour of each index, `0xRRGGBB`.
    public let colors: [UInt32]
    /// The index of the background colour.
    public let background: UInt8

    /// A table of `colors` (1…256 of them, `0xRRGGBB`) whose background is index `background`.
    public init(colors: [UInt32], background: UInt8 = 0) {
        precondition((1...256).contains(colors.count), "a colour table has 1…256 colours")
        precondition(Int(background) < colors.count, "the background index \(background) has no colour")
        precondition(colors.allSatisfy { $0 <= 0xFF_FFFF }, "colours are 0xRRGGBB")
        (self.colors, self.background) = (colors, background)
    }

    /// The number of colours.
    public var count: Int { colors.count }

    /// Each colour as opaque ARGB (alpha in the top byte), as WebP stores pixels.
    var argb: [UInt32] { colors.map { 0xFF00_0000 | $0 } }
}

/// One frame of an animation as the encoders take it: `width × height` palette indices, row
/// after row, each an index of `colors`; `transparent`, when given, is an index of `colors`
/// that no pixel uses, which an encoder may use to leave pixels of a later frame unchanged.
/// Checked when made: every frame an encoder is handed is whole and consistent.
public struct IndexedFrame: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The palette indices, row after row (`width × height`).
    public let indices: [UInt8]
    /// What the indices stand for.
    public let colors: ColorTable
    /// An index of `colors` that no pixel uses, free to mark unchanged pixels; nil when there is none.
    public let transparent: UInt8?

    /// A frame of `indices` (`width × height`, each below `colors.count`), with `transparent`
    /// (below `colors.count`, used by no pixel) free for the encoder.
    public init(width: Int, height: Int, indices: [UInt8], colors: ColorTable, transparent: UInt8? = nil) {
        precondition(width > 0 && height > 0 && indices.count == width * height, "IndexedFrame: \(indices.count) indices for \(width)×\(height)")
        if let transparent {
            precondition(Int(transparent) < colors.count, "IndexedFrame: the transparent index \(transparent) has no colour")
        }
        (self.width, self.height, self.indices, self.colors, self.transparent) = (width, height, indices, colors, transparent)
        precondition(Self.indicesFit(indices, colors: colors.count, transparent: transparent),
                     "IndexedFrame: an index past the colour table, or the transparent index drawn")
    }

    /// A frame of `height` rows of `width` indices, row `y` copied from `row(y)`, checked as
    /// `init(width:height:indices:colors:transparent:)` checks its indices, each row while it is
    /// fresh in the cache rather than in a second pass over the whole frame.
    public init(width: Int, height: Int, colors: ColorTable, transparent: UInt8? = nil, copyingRows row: (Int) -> UnsafePointer<UInt8>) {
        precondition(width > 0 && height > 0, "IndexedFrame: no pixels in \(width)×\(height)")
        if let transparent {
            precondition(Int(transparent) < colors.count, "IndexedFrame: the transparent index \(transparent) has no colour")
        }
        var fits = true
        let indices = [UInt8](unsafeUninitializedCapacity: width * height) { buffer, count in
            for y in 0..<height {
                let target = buffer.baseAddress! + y * width
                target.initialize(from: row(y), count: width)
                fits = fits && Self.indicesFit(UnsafeBufferPointer(start: target, count: width), colors: colors.count, transparent: transparent)
            }
            count = width * height
        }
        precondition(fits, "IndexedFrame: an index past the colour table, or the transparent index drawn")
        (self.width, self.height, self.indices, self.colors, self.transparent) = (width, height, indices, colors, transparent)
    }

    /// Whether every index is below `colors` and none is `transparent`.
    private static func indicesFit(_ indices: [UInt8], colors: Int, transparent: UInt8?) -> Bool {
        indices.withUnsafeBufferPointer { indicesFit($0, colors: colors, transparent: transparent) }
    }

    /// Whether every index of `pixels` is below `colors` and none is `transparent`.
    private static func indicesFit(_ pixels: UnsafeBufferPointer<UInt8>, colors: Int, transparent: UInt8?) -> Bool {
        if let transparent, memchr(pixels.baseAddress!, Int32(transparent), pixels.count) != nil { return false }
        guard colors < 256 else { return true }
        var largest: UInt8 = 0
        for index in pixels { largest = max(largest, index) }
        return Int(largest) < colors
    }
}
