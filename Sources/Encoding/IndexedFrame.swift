import CDeflate
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

/// Memory for palette indices, row after row, shared by whoever draws into it (a canvas) and
/// the frames made from it, which read it without copying (`IndexedFrame(width:height:sharing:colors:transparent:)`);
/// freed when the last of them goes.
///
/// Once a frame is made from a block, nothing writes to it again: the frame's encoder may still
/// be reading it, and the one after compares against it. Debug builds check this: each frame
/// made from the block seals its checksum, and the block traps when it is freed, or sealed
/// again, with other bytes.
///
/// Sealing also answers a frame's check (is its transparent index drawn anywhere?) once for all
/// the frames made from the block, whoever seals it first: the canvas that drew it, while the
/// pixels are still in its core's cache (`Canvas.finish()`), or the first frame.
public final class PixelBlock: @unchecked Sendable {
    /// The first index.
    public let base: UnsafeMutablePointer<UInt8>
    /// How many indices it holds.
    public let count: Int
    private let lock = NSLock()
    /// The index the first seal looked for, and whether the block holds it.
    private var found: (index: UInt8, isThere: Bool)?
    #if DEBUG
    private var sealed: UInt32?
    #endif

    /// A block of `count` indices, not set yet.
    public init(count: Int) {
        precondition(count >= 0, "PixelBlock: a negative size")
        base = .allocate(capacity: max(count, 1))
        self.count = count
    }

    deinit {
        #if DEBUG
        if let sealed { precondition(checksum == sealed, "a canvas was drawn on after a frame was made from it") }
        #endif
        base.deallocate()
    }

    /// Marks the block as read by frames from now on (checked in debug builds) and tells
    /// whether `index` is among its indices (false for nil), searched once for a given index.
    @discardableResult
    public func seal(lookingFor index: UInt8?) -> Bool {
        #if DEBUG
        let sum = checksum
        lock.withLock {
            if let sealed { precondition(sealed == sum, "a canvas was drawn on after a frame was made from it") }
            sealed = sum
        }
        #endif
        guard let index else { return false }
        if let known = lock.withLock({ found }), known.index == index { return known.isThere }
        let isThere = memchr(base, Int32(index), count) != nil
        lock.withLock { found = (index, isThere) }
        return isThere
    }

    #if DEBUG
    private var checksum: UInt32 { libdeflate_crc32(0, base, count) }
    #endif
}

/// A frame's palette indices, row after row: read-only, in a `PixelBlock` that may be shared
/// with the canvas they were drawn on.
public struct FrameIndices: RandomAccessCollection, Equatable, Sendable {
    let block: PixelBlock

    public var startIndex: Int { 0 }
    public var endIndex: Int { block.count }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < block.count, "FrameIndices: index \(position) of \(block.count)")
        return withExtendedLifetime(block) { block.base[position] }
    }

    /// Calls `body` with the indices in place.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(block) { try body(UnsafeBufferPointer(start: block.base, count: block.count)) }
    }

    /// Calls `body` with the indices' bytes in place.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeBufferPointer(body)
    }

    public static func == (a: FrameIndices, b: FrameIndices) -> Bool {
        a.count == b.count && (a.block === b.block || a.withUnsafeBytes { a in b.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } })
    }
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
    public let indices: FrameIndices
    /// What the indices stand for.
    public let colors: ColorTable
    /// An index of `colors` that no pixel uses, free to mark unchanged pixels; nil when there is none.
    public let transparent: UInt8?

    /// A frame of `indices` (`width × height`, each below `colors.count`), with `transparent`
    /// (below `colors.count`, used by no pixel) free for the encoder. The indices are copied.
    public init(width: Int, height: Int, indices: [UInt8], colors: ColorTable, transparent: UInt8? = nil) {
        precondition(width > 0 && height > 0 && indices.count == width * height, "IndexedFrame: \(indices.count) indices for \(width)×\(height)")
        let block = PixelBlock(count: indices.count)
        indices.withUnsafeBufferPointer { block.base.initialize(from: $0.baseAddress!, count: $0.count) }
        self.init(width: width, height: height, sharing: block, colors: colors, transparent: transparent)
    }

    /// A frame whose indices are those in `block` (`width × height` of them), read in place:
    /// nothing may write to the block from now on (`PixelBlock`). Checked as
    /// `init(width:height:indices:colors:transparent:)` checks its indices.
    public init(width: Int, height: Int, sharing block: PixelBlock, colors: ColorTable, transparent: UInt8? = nil) {
        precondition(width > 0 && height > 0 && block.count == width * height, "IndexedFrame: \(block.count) indices for \(width)×\(height)")
        if let transparent {
            precondition(Int(transparent) < colors.count, "IndexedFrame: the transparent index \(transparent) has no colour")
        }
        let drawsTransparent = block.seal(lookingFor: transparent)
        (self.width, self.height, self.indices, self.colors, self.transparent) = (width, height, FrameIndices(block: block), colors, transparent)
        precondition(!drawsTransparent && indices.withUnsafeBufferPointer { Self.indicesFit($0, colors: colors.count) },
                     "IndexedFrame: an index past the colour table, or the transparent index drawn")
    }

    /// Whether every index of `pixels` is below `colors`.
    private static func indicesFit(_ pixels: UnsafeBufferPointer<UInt8>, colors: Int) -> Bool {
        guard colors < 256 else { return true }
        var largest: UInt8 = 0
        for index in pixels { largest = max(largest, index) }
        return Int(largest) < colors
    }
}
