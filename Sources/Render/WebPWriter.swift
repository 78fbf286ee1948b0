import CWebP
import Foundation

/// Writes a lossless animated WebP through libwebp's animation encoder, frame by frame, with
/// the same frames and timing as `GIFWriter`: each frame shown for the same whole hundredths of
/// a second, identical consecutive frames merged into one longer frame, the last one held longer.
///
/// Frames arrive as palette images and are written in `palette`'s colours (a theme). The encoder
/// crops each frame to what changed by itself; the file appears under its name only when
/// `finish()` succeeds. Not thread-safe: frames come from one thread at a time, in order.
public final class WebPWriter: @unchecked Sendable {
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// Time each frame is shown, in milliseconds (a GIF delay of whole hundredths).
    public let frameMilliseconds: Int
    /// Extra time the last frame stays, in milliseconds.
    public let finalHoldMilliseconds: Int
    /// Frames given to the encoder so far (after merging repeats).
    public private(set) var framesWritten = 0

    private let path: String
    private let argbOfIndex: [UInt32]
    private let encoder: OpaquePointer
    private var config = WebPConfig()
    private var picture = WebPPicture()
    private var previous: [UInt8] = []
    private var time = 0
    private var failure: String?
    private var finished = false

    /// A writer to `path` for frames of `width × height` shown `fps` times a second, the last one
    /// held `finalHoldSeconds` longer (as `GIFWriter` rounds them), in `palette`'s colours.
    /// `effort` is libwebp's lossless effort, 0 (fastest) to 100 (smallest): the default 20
    /// takes about a third of the time of 50 for files about 15 % larger (the demo's animations).
    public init(path: String, width: Int, height: Int, fps: Int, finalHoldSeconds: Double = 2,
                palette: Palette = .standard, effort: Float = 20) throws {
        precondition(fps > 0 && width > 0 && height > 0 && width <= 16383 && height <= 16383, "WebPWriter needs a valid size and frame rate")
        self.width = width
        self.height = height
        self.path = path
        frameMilliseconds = 10 * (clampedInt(100.0 / Double(fps), 2...65535, .toNearestOrAwayFromZero) ?? 2)
        finalHoldMilliseconds = 10 * (clampedInt(finalHoldSeconds * 100, 0...65535, .toNearestOrAwayFromZero) ?? 0)
        argbOfIndex = palette.colors.map { 0xFF00_0000 | UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }
        var options = WebPAnimEncoderOptions()
        guard WebPAnimEncoderOptionsInit(&options) != 0, WebPConfigInit(&config) != 0, WebPPictureInit(&picture) != 0 else {
            throw RenderError(message: "\(path): this libwebp does not match the headers Flipbook was built with")
        }
        options.anim_params.loop_count = 0
        let page = palette.colors[Int(Palette.background)]
        options.anim_params.bgcolor = UInt32(page.b) << 24 | UInt32(page.g) << 16 | UInt32(page.r) << 8 | 0xFF
        options.kmax = 0                     // no key frames: every frame is a difference
        options.allow_mixed = 0
        config.lossless = 1
        config.method = 1                    // 0: files two to four times larger, and no faster
        config.quality = max(0, min(100, effort))
        picture.use_argb = 1
        picture.width = Int32(width)
        picture.height = Int32(height)
        guard WebPPictureAlloc(&picture) != 0, let encoder = WebPAnimEncoderNew(Int32(width), Int32(height), &options) else {
            WebPPictureFree(&picture)
            throw RenderError(message: "\(path): libwebp could not start an animation of \(width)×\(height)")
        }
        self.encoder = encoder
    }

    deinit {
        WebPAnimEncoderDelete(encoder)
        WebPPictureFree(&picture)
    }

    /// Adds a frame (same size as the writer). The canvas may be reused by the caller afterwards.
    public func append(_ frame: Canvas) {
        precondition(frame.width == width && frame.height == height, "WebPWriter: frame size differs")
        precondition(!finished, "WebPWriter: append after finish")
        defer { time += frameMilliseconds }
        guard failure == nil, !isRepeat(of: frame) else { return }
        let stride = Int(picture.argb_stride)
        argbOfIndex.withUnsafeBufferPointer { colors in
            for y in 0..<height {
                let source = frame.row(y), target = picture.argb + y * stride
                for x in 0..<width { target[x] = colors[Int(source[x])] }
            }
        }
        if WebPAnimEncoderAdd(encoder, &picture, Int32(clamping: time), &config) == 0 { failure = encoderError() }
        framesWritten += 1
    }

    /// Whether `frame` is the same as the last frame added; if not, it becomes the last.
    private func isRepeat(of frame: Canvas) -> Bool {
        var pixels = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<height { (out.baseAddress! + y * width).update(from: frame.row(y), count: width) }
        }
        if pixels == previous { return true }
        previous = pixels
        return false
    }

    /// Ends the animation (the last frame held), assembles the file and moves it into place;
    /// returns its bytes. A file of more than `byteLimit` bytes is not written (`ByteLimitExceeded`).
    @discardableResult
    public func finish(byteLimit: Int? = nil) throws -> Int {
        guard !finished else { return 0 }
        finished = true
        if failure == nil, WebPAnimEncoderAdd(encoder, nil, Int32(clamping: time + finalHoldMilliseconds), nil) == 0 {
            failure = encoderError()
        }
        var data = WebPData()
        defer { WebPDataClear(&data) }
        if failure == nil, WebPAnimEncoderAssemble(encoder, &data) == 0 { failure = encoderError() }
        if let failure { throw RenderError(message: "\(path): libwebp could not encode the animation (\(failure))") }
        guard let bytes = data.bytes else { throw RenderError(message: "\(path): libwebp returned no animation") }
        if let byteLimit, data.size > byteLimit { throw ByteLimitExceeded(path: path, bytes: data.size, limit: byteLimit) }
        try AtomicFile.write(Data(bytes: bytes, count: data.size), to: path)
        return data.size
    }

    private func encoderError() -> String {
        WebPAnimEncoderGetError(encoder).map { String(cString: $0) } ?? "unknown error"
    }
}
