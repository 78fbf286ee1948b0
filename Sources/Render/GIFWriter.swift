import Foundation

/// Streams an animated GIF to a file, frame by frame, with the one global palette.
///
/// - Identical consecutive frames become one frame with their delays summed.
/// - Each frame after the first is cropped to the rectangle that changed, and the pixels in it
///   that did not change are written as the transparent index, so they compress to almost nothing.
/// - One frame is held back until the next arrives (to merge repeats); memory stays at a few
///   frames whatever the length. The file appears under its name only when `finish()` succeeds.
/// - Not thread-safe: frames come from one thread at a time, in order.
///
/// The GIF container and its LZW compression are written here rather than through libgd:
/// libgd's encoder reads every pixel through a function call and drops repeated frames, and
/// doing the frame difference ourselves needs the same control over every byte anyway.
public final class GIFWriter: @unchecked Sendable {
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
    public let schedule: FrameSchedule
    /// Extra time the last frame stays, in hundredths of a second.
    public let finalHold: Int
    /// Frames written to the file so far (after merging repeats).
    public private(set) var framesWritten = 0

    private let file: AtomicFile
    private let loopCount: Int
    private let palette: Palette
    private var encoder = LZWEncoder()
    private var shown: [UInt8]          // what a viewer displays after the frames written so far
    private var pending: [UInt8]?       // the last frame received, not yet written
    private var spare: [UInt8]?         // a frame buffer written out, reused for the next frame
    private var patch: [UInt8] = []     // the changed rectangle of a frame, reused
    private var pendingDelay = 0
    private var framesAppended = 0
    private var finished = false
    private var failed: Int32 = 0

    /// A writer to `path` for frames of `width × height` shown `fps` times a second (1…50), looping
    /// `loopCount` times (0 = forever), the last frame held `finalHoldSeconds` longer (clamped to
    /// 0…655.35 s, what a GIF delay can hold; NaN counts as 0), its colour table `palette`.
    public init(path: String, width: Int, height: Int, fps: Int, loopCount: Int = 0, finalHoldSeconds: Double = 2,
                palette: Palette = .standard) throws {
        precondition((1...Self.maximumFrameRate).contains(fps) && width > 0 && height > 0 && width <= Self.maximumSide
                     && height <= Self.maximumSide, "GIFWriter needs a valid size and frame rate")
        self.width = width
        self.height = height
        self.schedule = FrameSchedule(fps: fps, ticksPerSecond: 100)
        self.finalHold = clampedInt(finalHoldSeconds * 100, 0...65535, .toNearestOrAwayFromZero) ?? 0
        self.loopCount = loopCount
        self.palette = palette
        self.file = try AtomicFile(path: path)
        shown = []
    }

    deinit {
        if !finished { file.discard() }
    }

    /// Adds a frame (same size as the writer). The canvas may be reused by the caller afterwards.
    public func append(_ frame: Canvas) {
        precondition(frame.width == width && frame.height == height, "GIFWriter: frame size differs")
        precondition(!finished, "GIFWriter: append after finish")
        var pixels = spare ?? [UInt8](repeating: 0, count: width * height)
        spare = nil
        frame.copyIndices(into: &pixels)
        let frameDelay = schedule.duration(ofFrame: framesAppended)
        framesAppended += 1
        if let pending, pending == pixels {
            pendingDelay += frameDelay
            spare = pixels
            return
        }
        flushPending()
        pending = pixels
        pendingDelay = frameDelay
    }

    /// Writes the last frame with its hold, ends the GIF and moves it into place; returns its
    /// bytes. A GIF of more than `byteLimit` bytes is discarded instead (`ByteLimitExceeded`).
    @discardableResult
    public func finish(byteLimit: Int? = nil) throws -> Int {
        guard !finished else { return 0 }
        pendingDelay += finalHold
        flushPending()
        if framesWritten == 0 { writeHeader() }
        write([0x3B])
        finished = true
        guard failed == 0 else {
            file.discard()
            throw RenderError(message: "\(file.path): cannot write (\(systemReason(failed)))")
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

    /// Header, logical screen with the global colour table, and the loop extension.
    private func writeHeader() {
        var bytes = Array("GIF89a".utf8) + littleEndian(width) + littleEndian(height)
        bytes += [0xF7, Palette.background, 0]        // global table of 256 colours, 8-bit resolution
        for color in palette.colors { bytes += [color.r, color.g, color.b] }
        if loopCount >= 0 {
            bytes += [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1] + littleEndian(loopCount) + [0]
        }
        write(bytes)
    }

    private func flushPending() {
        guard let frame = pending else { return }
        let delay = min(pendingDelay, 65535)
        if shown.isEmpty {
            writeHeader()
            frame.withUnsafeBufferPointer { writeImage($0, Rect(x: 0, y: 0, width: width, height: height), delay: delay, transparent: false) }
            shown = frame
        } else if let rect = changedRect(shown, frame, width: width, height: height) {
            // The changed rectangle, with unchanged pixels transparent.
            if patch.count < rect.width * rect.height { patch = [UInt8](repeating: Palette.transparent, count: width * height) }
            let width = self.width
            patch.withUnsafeMutableBufferPointer { patch in
                shown.withUnsafeMutableBufferPointer { shown in
                    frame.withUnsafeBufferPointer { frame in
                        for y in 0..<rect.height {
                            let base = (rect.y + y) * width + rect.x, out = y * rect.width
                            for x in 0..<rect.width {
                                let new = frame[base + x]
                                // Select, not branch: unchanged pixels stay transparent.
                                patch[out + x] = new == shown[base + x] ? Palette.transparent : new
                            }
                            (shown.baseAddress! + base).update(from: frame.baseAddress! + base, count: rect.width)
                        }
                    }
                }
            }
            patch.withUnsafeBufferPointer { writeImage(UnsafeBufferPointer(rebasing: $0[0..<(rect.width * rect.height)]), rect, delay: delay, transparent: true) }
            spare = frame
        }
        framesWritten += 1
        pending = nil
    }

    /// A graphic control extension (delay, "do not dispose", transparency) and one image.
    private func writeImage(_ pixels: UnsafeBufferPointer<UInt8>, _ rect: Rect, delay: Int, transparent: Bool) {
        var bytes: [UInt8] = [0x21, 0xF9, 4, (1 << 2) | (transparent ? 1 : 0)] + littleEndian(delay) + [Palette.transparent, 0]
        bytes += [0x2C] + littleEndian(rect.x) + littleEndian(rect.y) + littleEndian(rect.width) + littleEndian(rect.height) + [0]
        bytes += encoder.encode(pixels)
        write(bytes)
    }
}
