import Foundation

/// Writes a lossless animated WebP with the same frames as `GIFWriter`: each frame shown at the
/// frame rate to the millisecond (`FrameSchedule`), identical consecutive frames merged into one
/// longer frame, the last one held longer.
///
/// Frames arrive as indexed frames and are written in their colour table's colours. Each frame
/// after the first is only the rectangle that changed (`FrameDifferencer`, its corner on even
/// pixels), its unchanged pixels transparent and blended over the previous frame, encoded by our
/// own lossless encoder (`VP8LEncoder`, about a quarter of libwebp's `WebPEncode` time on these
/// frames). The chunks are streamed to the file as the frames are stored (`WebPAnimation`), so
/// memory stays at a few frames whatever the length (`heldBytes`); the file appears under its
/// name only when `finish()` succeeds. Not thread-safe: frames come from one thread at a time,
/// in order.
public final class WebPWriter: AnimationWriter, @unchecked Sendable {
    /// The largest side of an animated WebP's canvas (the container stores it in 24 bits, the
    /// lossless bitstream in 14; libwebp and browsers keep to 16,383).
    public static let maximumSide = 16383
    /// The largest frame rate: a frame lasts at least a millisecond.
    public static let maximumFrameRate = 1000
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// When each frame starts, in milliseconds.
    public var schedule: FrameSchedule { frames.schedule }
    /// Extra time the last frame stays, in milliseconds.
    public var finalHoldMilliseconds: Int { frames.finalHold }
    /// Frames written to the file so far (after merging repeats).
    public var framesWritten: Int { frames.framesStored }
    /// Bytes written to the (temporary) file so far.
    public var bytesWritten: Int { animation.bytes }
    /// Bytes of memory the writer holds between frames: the frames it compares and the one it
    /// cuts (`FrameDifferencer`), the encoder's scratch that stays backed, and what of the file
    /// is written but not yet on disk (the stream's buffer). Flat however many frames come.
    public var heldBytes: Int {
        var status = stat()
        let onDisk = fstat(fileno(file.stream), &status) == 0 ? Int(status.st_size) : 0
        return frames.heldBytes + encoder.heldBytes + max(0, animation.bytes - onDisk)
    }

    private let file: AtomicFile
    private var frames: FrameDifferencer
    private var animation: WebPAnimation
    private let encoder = VP8LEncoder()
    private var argb: [UInt32] = []
    private var finished = false

    /// A writer to `path` for frames of `width × height` shown `fps` times a second (1…1000),
    /// played `loop` times, the last one held `finalHoldSeconds` longer (as `GIFWriter` rounds
    /// them, to the hundredth).
    public convenience init(path: String, width: Int, height: Int, fps: Int, loop: AnimationLoop = .forever,
                            finalHoldSeconds: Double = 2) throws {
        try self.init(path: path, width: width, height: height, pace: .steady(fps), loop: loop, finalHoldSeconds: finalHoldSeconds)
    }

    /// A writer to `path` for frames of `width × height` shown at `pace`, played `loop` times, the
    /// last one held `finalHoldSeconds` longer.
    public init(path: String, width: Int, height: Int, pace: FramePace, loop: AnimationLoop = .forever, finalHoldSeconds: Double = 2) throws {
        precondition((1...Self.maximumFrameRate).contains(pace.fps) && width > 0 && height > 0 && width <= Self.maximumSide
                     && height <= Self.maximumSide, "WebPWriter needs a valid size and frame rate")
        self.width = width
        self.height = height
        frames = FrameDifferencer(width: width, height: height, schedule: FrameSchedule(pace: pace, ticksPerSecond: 1000),
                                  finalHold: 10 * finalHoldHundredths(finalHoldSeconds), evenCorners: true)
        file = try AtomicFile(path: path)
        animation = WebPAnimation(width: width, height: height, loop: loop, stream: file.stream)
    }

    deinit {
        if !finished { file.discard() }
    }

    /// Adds a frame (same size as the writer, and the same colours as the first frame), shown
    /// `hold` seconds longer than the frame rate says (rounded to the hundredth, as in a GIF).
    public func append(_ frame: IndexedFrame, holdingFor hold: Double) {
        precondition(!finished, "WebPWriter: append after finish")
        frames.append(frame, hold: 10 * finalHoldHundredths(hold)) { writeFrame($0) }
    }

    /// Encodes a stored frame and streams its chunk (after the file's header, for the first).
    private func writeFrame(_ frame: FramePatch) {
        if frame.isFirst {
            argb = frame.colors.argb
            animation.writeHeader(background: frame.colors.colors[Int(frame.colors.background)])
        }
        let blended = frame.transparent != nil
        encoder.withChunk(overwriting: frame.indices, width: frame.rect.width, height: frame.rect.height, colors: argb,
                          transparent: frame.transparent) { animation.add($0, at: frame.rect, blended: blended, duration: frame.duration) }
    }

    /// Ends the animation (the last frame held), writes the RIFF size and moves the file into
    /// place; returns its bytes. A file of more than `byteLimit` bytes is not written
    /// (`ByteLimitExceeded`).
    @discardableResult
    public func finish(byteLimit: Int? = nil) throws -> Int {
        guard !finished else { return 0 }
        finished = true
        frames.finish { writeFrame($0) }
        if frames.framesStored == 0 { animation.writeHeader(background: 0xFF_FFFF) }
        animation.finish()
        guard animation.failed == 0 else {
            file.discard()
            throw FileWriteError(message: "\(file.path): cannot write (\(systemReason(animation.failed)))")
        }
        let bytes = animation.bytes
        if let byteLimit, bytes > byteLimit {
            file.discard()
            throw ByteLimitExceeded(path: file.path, bytes: bytes, limit: byteLimit)
        }
        try file.commit()
        return bytes
    }
}
