/// An animation file being written: frames in, in order, then `finish` ends the file and moves
/// it into place. `GIFWriter`, `WebPWriter` and `MP4Writer` are the three.
public protocol AnimationWriter: AnyObject, Sendable {
    /// Adds a frame: the same size and colour table as every other frame of the file, shown its
    /// time in the frame rate and `hold` seconds more (a key frame to talk over).
    func append(_ frame: IndexedFrame, holdingFor hold: Double)
    /// Ends the animation and moves the file into place; returns its bytes. A file of more than
    /// `byteLimit` bytes is not written (`ByteLimitExceeded`).
    @discardableResult
    func finish(byteLimit: Int?) throws -> Int
}

extension AnimationWriter {
    /// Adds a frame shown its time in the frame rate.
    public func append(_ frame: IndexedFrame) { append(frame, holdingFor: 0) }
}

/// How many times an animation plays: for ever, or a number of times (1: once, ending on its last
/// frame). A GIF counts the plays after the first (none written: once); a WebP counts them all.
public enum AnimationLoop: Sendable, Equatable {
    case forever
    case times(Int)

    /// The most plays either format can count.
    public static let mostTimes = 65535

    /// A WebP's `ANIM` loop count: 0 for ever, else the plays.
    var webPCount: Int {
        switch self {
        case .forever: 0
        case .times(let plays): min(max(plays, 1), Self.mostTimes)
        }
    }

    /// A GIF's `NETSCAPE2.0` loop count, the plays after the first (0 for ever); nil for one play,
    /// which a GIF says by leaving the extension out.
    var gifCount: Int? {
        switch self {
        case .forever: 0
        case .times(let plays): plays <= 1 ? nil : min(plays - 1, Self.mostTimes)
        }
    }
}

/// The animated formats Flipbook writes, each by its own encoder.
public enum AnimationFileFormat: String, Sendable, CaseIterable {
    /// Animated GIF (`GIFWriter`, our LZW).
    case gif
    /// Lossless animated WebP (`WebPWriter`, our `VP8LEncoder`).
    case webp
    /// H.264 video in MP4 (`MP4Writer`, through FFmpeg's libraries).
    case mp4

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The format's name in prose: "GIF", "WebP".
    public var name: String {
        switch self {
        case .gif: "GIF"
        case .webp: "WebP"
        case .mp4: "MP4"
        }
    }

    /// The largest side of a frame the format holds.
    public var maximumSide: Int {
        switch self {
        case .gif: GIFWriter.maximumSide
        case .webp: WebPWriter.maximumSide
        case .mp4: MP4Writer.maximumSide
        }
    }

    /// A writer of this format to `path`, for frames of `width × height` at `fps` frames a second
    /// (at most `GIFWriter.maximumFrameRate` for a GIF or a video), the last frame held
    /// `finalHoldSeconds` longer, played `loop` times.
    public func writer(path: String, width: Int, height: Int, fps: Int, finalHoldSeconds: Double = 2,
                       loop: AnimationLoop = .forever) throws -> any AnimationWriter {
        try writer(path: path, width: width, height: height, pace: .steady(fps), finalHoldSeconds: finalHoldSeconds, loop: loop)
    }

    /// A writer of this format to `path`, for frames of `width × height` shown at `pace`, the
    /// last frame held `finalHoldSeconds` longer, played `loop` times (a video has no loop count).
    public func writer(path: String, width: Int, height: Int, pace: FramePace, finalHoldSeconds: Double = 2,
                       loop: AnimationLoop = .forever) throws -> any AnimationWriter {
        switch self {
        case .gif: try GIFWriter(path: path, width: width, height: height, pace: pace, loop: loop, finalHoldSeconds: finalHoldSeconds)
        case .webp: try WebPWriter(path: path, width: width, height: height, pace: pace, loop: loop, finalHoldSeconds: finalHoldSeconds)
        case .mp4: try MP4Writer(path: path, width: width, height: height, pace: pace, finalHoldSeconds: finalHoldSeconds)
        }
    }
}
