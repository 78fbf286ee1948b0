import Foundation

/// Writes a lossless animated WebP with the same frames as `GIFWriter`: each frame shown at the
/// frame rate to the millisecond (`FrameSchedule`), identical consecutive frames merged into one
/// longer frame, the last one held longer.
///
/// Frames arrive as palette images and are written in `palette`'s colours (a theme). Each frame
/// after the first is only the rectangle that changed, its unchanged pixels transparent and
/// blended over the previous frame, encoded by our own lossless encoder (`VP8LEncoder`, about a
/// quarter of libwebp's `WebPEncode` time on these frames); the writer assembles the animation's
/// chunks itself (`WebPAnimation`). The file appears under its name only when `finish()`
/// succeeds. Not thread-safe: frames come from one thread at a time, in order.
public final class WebPWriter: @unchecked Sendable {
    /// The largest side of an animated WebP's canvas (the container stores it in 24 bits, the
    /// lossless bitstream in 14; libwebp and browsers keep to 16,383).
    public static let maximumSide = 16383
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// When each frame starts, in milliseconds.
    public let schedule: FrameSchedule
    /// Extra time the last frame stays, in milliseconds.
    public let finalHoldMilliseconds: Int
    /// Frames given to the encoder so far (after merging repeats).
    public private(set) var framesWritten = 0

    private let path: String
    private let argbOfIndex: [UInt32]
    private let encoder = VP8LEncoder()
    private var animation: WebPAnimation
    /// The palette indices of the last frame encoded, row after row (empty before the first).
    private var previous: [UInt8] = []
    /// The palette indices of the frame being added.
    private var current: [UInt8]
    /// Scratch palette indices of one frame's rectangle, `Palette.transparent` where unchanged.
    private var indices: [UInt8]
    private var framesAppended = 0
    private var finished = false

    /// A writer to `path` for frames of `width × height` shown `fps` times a second (1…1000), the
    /// last one held `finalHoldSeconds` longer (as `GIFWriter` rounds them), in `palette`'s colours.
    public init(path: String, width: Int, height: Int, fps: Int, finalHoldSeconds: Double = 2,
                palette: Palette = .standard) {
        precondition((1...1000).contains(fps) && width > 0 && height > 0 && width <= Self.maximumSide && height <= Self.maximumSide,
                     "WebPWriter needs a valid size and frame rate")
        self.width = width
        self.height = height
        self.path = path
        schedule = FrameSchedule(fps: fps, ticksPerSecond: 1000)
        finalHoldMilliseconds = 10 * (clampedInt(finalHoldSeconds * 100, 0...65535, .toNearestOrAwayFromZero) ?? 0)
        argbOfIndex = palette.colors.map { 0xFF00_0000 | UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }
        indices = [UInt8](repeating: 0, count: width * height)
        current = indices
        animation = WebPAnimation(width: width, height: height, background: palette.colors[Int(Palette.background)])
    }

    /// Adds a frame (same size as the writer). The canvas may be reused by the caller afterwards.
    public func append(_ frame: Canvas) {
        precondition(frame.width == width && frame.height == height, "WebPWriter: frame size differs")
        precondition(!finished, "WebPWriter: append after finish")
        let start = schedule.start(ofFrame: framesAppended)
        framesAppended += 1
        frame.copyIndices(into: &current)
        let first = previous.isEmpty
        guard let rect = first ? Rect(x: 0, y: 0, width: width, height: height) : evenCornered(changedRect(previous, current, width: width, height: height)) else {
            return
        }
        animation.add(encode(rect, blended: !first), at: rect, blended: !first, startingAt: start)
        framesWritten += 1
        if first { previous = current } else { swap(&previous, &current) }
    }

    /// `rect` grown left and up to even coordinates (a WebP frame's offset is stored halved).
    private func evenCornered(_ rect: Rect?) -> Rect? {
        guard let rect else { return nil }
        let x = rect.x & ~1, y = rect.y & ~1
        return Rect(x: x, y: y, width: rect.x + rect.width - x, height: rect.y + rect.height - y)
    }

    /// The lossless bitstream (a `VP8L` chunk) of `rect` of the current frame; when `blended`, the
    /// pixels equal to the previous frame's are transparent, so that the previous frame shows through.
    private func encode(_ rect: Rect, blended: Bool) -> Data {
        let width = self.width
        current.withUnsafeBufferPointer { new in
            previous.withUnsafeBufferPointer { old in
                indices.withUnsafeMutableBufferPointer { out in
                    for row in 0..<rect.height {
                        let offset = (rect.y + row) * width + rect.x
                        let source = new.baseAddress! + offset, target = out.baseAddress! + row * rect.width
                        guard blended else {
                            target.update(from: source, count: rect.width)
                            continue
                        }
                        let before = old.baseAddress! + offset
                        for x in 0..<rect.width {
                            target[x] = before[x] == source[x] ? Palette.transparent : source[x]
                        }
                    }
                }
            }
        }
        return indices.withUnsafeBufferPointer { indices in
            encoder.chunk(indices: UnsafeBufferPointer(rebasing: indices[0..<rect.width * rect.height]), width: rect.width, height: rect.height,
                          colors: argbOfIndex, transparent: blended ? Palette.transparent : nil)
        }
    }

    /// Ends the animation (the last frame held), assembles the file and moves it into place;
    /// returns its bytes. A file of more than `byteLimit` bytes is not written (`ByteLimitExceeded`).
    @discardableResult
    public func finish(byteLimit: Int? = nil) throws -> Int {
        guard !finished else { return 0 }
        finished = true
        let file = animation.file(endingAt: schedule.start(ofFrame: framesAppended) + finalHoldMilliseconds)
        if let byteLimit, file.count > byteLimit { throw ByteLimitExceeded(path: path, bytes: file.count, limit: byteLimit) }
        try AtomicFile.write(file, to: path)
        return file.count
    }
}
