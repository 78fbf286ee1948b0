import Foundation

/// Streams an animated GIF to a file, frame by frame, with the frames' colour table as its one
/// global table.
///
/// - Identical consecutive frames become one frame with their delays summed, and each frame after
///   the first is cropped to the rectangle that changed, the pixels in it that did not change
///   written as the frames' transparent index, so they compress to almost nothing
///   (`FrameDifferencer`, as for WebP).
/// - One frame is held back until the next arrives (to merge repeats); memory stays at a few
///   frames whatever the length. The file appears under its name only when `finish()` succeeds.
/// - Not thread-safe: frames come from one thread at a time, in order.
///
/// The GIF container and its LZW compression are written here rather than through libgd:
/// libgd's encoder read every pixel through a function call and dropped repeated frames, and
/// doing the frame difference ourselves needs the same control over every byte anyway.
public final class GIFWriter: AnimationWriter, @unchecked Sendable {
    /// The largest side of a GIF's logical screen (16 bits).
    public static let maximumSide = 65535
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// The largest frame rate: the shortest GIF delay browsers play as written is 2 hundredths of
    /// a second (they play 0 and 1 as 10).
    public static let maximumFrameRate = 50
    /// When each frame starts, in hundredths of a second.
    public var schedule: FrameSchedule { frames.schedule }
    /// Extra time the last frame stays, in hundredths of a second.
    public var finalHold: Int { frames.finalHold }
    /// Frames written to the file so far (after merging repeats).
    public var framesWritten: Int { frames.framesStored }

    private let file: AtomicFile
    private let loop: AnimationLoop
    private var frames: FrameDifferencer
    private var encoder = LZWEncoder()
    private var headerWritten = false
    private var finished = false
    private var failed: Int32 = 0

    /// A writer to `path` for frames of `width × height` shown `fps` times a second (1…50), played
    /// `loop` times, the last frame held `finalHoldSeconds` longer (clamped to 0…655.35 s, what a
    /// GIF delay can hold; NaN counts as 0).
    public convenience init(path: String, width: Int, height: Int, fps: Int, loop: AnimationLoop = .forever,
                            finalHoldSeconds: Double = 2) throws {
        try self.init(path: path, width: width, height: height, pace: .steady(fps), loop: loop, finalHoldSeconds: finalHoldSeconds)
    }

    /// A writer to `path` for frames of `width × height` shown at `pace` (at most 50 fps), played
    /// `loop` times, the last frame held `finalHoldSeconds` longer.
    public init(path: String, width: Int, height: Int, pace: FramePace, loop: AnimationLoop = .forever, finalHoldSeconds: Double = 2) throws {
        precondition((1...Self.maximumFrameRate).contains(pace.fps) && width > 0 && height > 0 && width <= Self.maximumSide
                     && height <= Self.maximumSide, "GIFWriter needs a valid size and frame rate")
        self.width = width
        self.height = height
        frames = FrameDifferencer(width: width, height: height, schedule: FrameSchedule(pace: pace, ticksPerSecond: 100),
                                  finalHold: finalHoldHundredths(finalHoldSeconds), evenCorners: false)
        self.loop = loop
        self.file = try AtomicFile(path: path)
    }

    deinit {
        if !finished { file.discard() }
    }

    /// Adds a frame (same size as the writer, and the same colours as the first frame), shown
    /// `hold` seconds longer than the frame rate says (rounded to the hundredth).
    public func append(_ frame: IndexedFrame, holdingFor hold: Double) {
        precondition(!finished, "GIFWriter: append after finish")
        frames.append(frame, hold: finalHoldHundredths(hold)) { writeFrame($0) }
    }

    /// Writes the last frame with its hold, ends the GIF and moves it into place; returns its
    /// bytes. A GIF of more than `byteLimit` bytes is discarded instead (`ByteLimitExceeded`).
    @discardableResult
    public func finish(byteLimit: Int? = nil) throws -> Int {
        guard !finished else { return 0 }
        frames.finish { writeFrame($0) }
        if !headerWritten { writeHeader(ColorTable(colors: [0, 0xFF_FFFF])) }
        write([0x3B])
        finished = true
        guard failed == 0 else {
            file.discard()
            throw FileWriteError(message: "\(file.path): cannot write (\(systemReason(failed)))")
        }
        let bytes = ftell(file.stream)
        if let byteLimit, bytes > byteLimit {
            file.discard()
            throw ByteLimitExceeded(path: file.path, bytes: bytes, limit: byteLimit)
        }
        try file.commit()
        return bytes
    }

    private func write(_ bytes: [UInt8]) {
        guard failed == 0 else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file.stream) }
        if written != bytes.count { failed = errno == 0 ? EIO : errno }
    }

    private func littleEndian(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }

    /// Header, logical screen with the global colour table (`colors` padded with black to a power
    /// of two, at least 2), and the loop extension.
    private func writeHeader(_ colors: ColorTable) {
        headerWritten = true
        var bits = 1
        while 1 << bits < colors.count { bits += 1 }
        var bytes = Array("GIF89a".utf8) + littleEndian(width) + littleEndian(height)
        bytes += [0xF0 | UInt8(bits - 1), colors.background, 0]        // global table, 8-bit resolution
        for color in colors.colors { bytes += [UInt8(color >> 16), UInt8(color >> 8 & 0xFF), UInt8(color & 0xFF)] }
        bytes += [UInt8](repeating: 0, count: 3 * ((1 << bits) - colors.count))
        if let count = loop.gifCount {
            bytes += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1] + littleEndian(count) + [0]
        }
        write(bytes)
    }

    /// A graphic control extension (delay, "do not dispose", transparency) and one image.
    private func writeFrame(_ frame: FramePatch) {
        if frame.isFirst { writeHeader(frame.colors) }
        let delay = min(frame.duration, 65535), rect = frame.rect
        var bytes: [UInt8] = [0x21, 0xF9, 4, (1 << 2) | (frame.transparent == nil ? 0 : 1)] + littleEndian(delay) + [frame.transparent ?? 0, 0]
        bytes += [0x2C] + littleEndian(rect.x) + littleEndian(rect.y) + littleEndian(rect.width) + littleEndian(rect.height) + [0]
        // The LZW's runs are of 0: outside the stretches, a patch is all 0 only if that is its transparent index.
        bytes += encoder.encode(UnsafeBufferPointer(frame.indices), stretches: frame.transparent == 0 ? frame.stretches : nil)
        write(bytes)
    }
}
