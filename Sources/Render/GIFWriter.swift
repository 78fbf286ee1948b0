import CGD
import Foundation

/// Streams an animated GIF to a file, frame by frame, with the one global palette.
///
/// - Identical consecutive frames become one frame with their delays summed (libgd would drop
///   the repeat and its time with it).
/// - Each frame after the first is cropped to the rectangle that changed, and the pixels in it
///   that did not change are written as the transparent index, so they compress to almost nothing.
/// - One frame is held back until the next arrives (to merge repeats); memory stays at a few
///   frames whatever the length. The file appears under its name only when `finish()` succeeds.
/// - Not thread-safe: frames come from one thread at a time, in order.
public final class GIFWriter: @unchecked Sendable {
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// Delay of each frame in hundredths of a second.
    public let frameDelay: Int
    /// Extra time the last frame stays, in hundredths of a second.
    public let finalHold: Int
    /// Frames written to the file so far (after merging repeats).
    public private(set) var framesWritten = 0

    private let file: AtomicFile
    private let context: gdIOCtxPtr
    private let loopCount: Int
    private var shown: Canvas?          // what a viewer displays after the frames written so far
    private var pending: Canvas?        // the last frame received, not yet written
    private var pendingDelay = 0
    private var finished = false

    /// A writer to `path` for frames of `width × height` shown `fps` times a second, looping
    /// `loopCount` times (0 = forever), the last frame held `finalHoldSeconds` longer.
    public init(path: String, width: Int, height: Int, fps: Int, loopCount: Int = 0, finalHoldSeconds: Double = 2) throws {
        precondition(fps > 0 && width > 0 && height > 0, "GIFWriter needs a positive size and frame rate")
        self.width = width
        self.height = height
        self.frameDelay = max(2, Int((100.0 / Double(fps)).rounded()))
        self.finalHold = Int((finalHoldSeconds * 100).rounded())
        self.loopCount = loopCount
        self.file = try AtomicFile(path: path)
        guard let context = gdNewFileCtx(file.stream) else {
            throw RenderError(message: "\(path): libgd could not open a stream")
        }
        self.context = context
    }

    deinit {
        context.pointee.gd_free(context)
        if !finished { file.discard() }
    }

    /// Adds a frame (same size as the writer). The canvas may be reused by the caller afterwards.
    public func append(_ frame: Canvas) {
        precondition(frame.width == width && frame.height == height, "GIFWriter: frame size differs")
        precondition(!finished, "GIFWriter: append after finish")
        if let pending, Self.changedRect(pending, frame) == nil {
            pendingDelay += frameDelay
            return
        }
        flushPending()
        let copy = Canvas(width: width, height: height)
        copy.copyPixels(from: frame)
        pending = copy
        pendingDelay = frameDelay
    }

    /// Writes the last frame with its hold, ends the GIF and moves it into place.
    public func finish() throws {
        guard !finished else { return }
        pendingDelay += finalHold
        flushPending()
        if framesWritten > 0 { gdImageGifAnimEndCtx(context) }
        finished = true
        try file.commit()
    }

    private func flushPending() {
        guard let frame = pending else { return }
        let delay = Int32(min(pendingDelay, 65535))
        if let shown {
            if let rect = Self.changedRect(shown, frame) {
                let patch = Canvas(width: rect.width, height: rect.height)
                for y in 0..<rect.height {
                    let new = frame.row(rect.y + y) + rect.x, old = shown.row(rect.y + y) + rect.x
                    let out = patch.row(y)
                    for x in 0..<rect.width { out[x] = new[x] == old[x] ? Palette.transparent : new[x] }
                }
                gdImageColorTransparent(patch.image, Int32(Palette.transparent))
                gdImageGifAnimAddCtx(patch.image, context, 0, Int32(rect.x), Int32(rect.y), delay, Int32(gdDisposalNone), nil)
                shown.paste(frame.cropped(to: rect), at: rect.x, rect.y)
            }
        } else {
            gdImageGifAnimBeginCtx(frame.image, context, 1, Int32(loopCount))
            gdImageGifAnimAddCtx(frame.image, context, 0, 0, 0, delay, Int32(gdDisposalNone), nil)
            shown = frame
        }
        framesWritten += 1
        pending = nil
    }

    /// The smallest rectangle holding every pixel that differs, or nil when the frames are identical.
    static func changedRect(_ a: Canvas, _ b: Canvas) -> Rect? {
        var minX = Int.max, maxX = -1, minY = Int.max, maxY = -1
        for y in 0..<a.height {
            let ra = a.row(y), rb = b.row(y)
            if memcmp(ra, rb, a.width) == 0 { continue }
            minY = min(minY, y)
            maxY = y
            var x = 0
            while ra[x] == rb[x] { x += 1 }
            minX = min(minX, x)
            var last = a.width - 1
            while ra[last] == rb[last] { last -= 1 }
            maxX = max(maxX, last)
        }
        guard maxY >= 0 else { return nil }
        return Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
