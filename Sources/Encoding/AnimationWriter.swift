/// An animation file being written: frames in, in order, then `finish` ends the file and moves
/// it into place. `GIFWriter` and `WebPWriter` are the two.
public protocol AnimationWriter: AnyObject, Sendable {
    /// Adds a frame: the same size and colour table as every other frame of the file.
    func append(_ frame: IndexedFrame)
    /// Ends the animation and moves the file into place; returns its bytes. A file of more than
    /// `byteLimit` bytes is not written (`ByteLimitExceeded`).
    @discardableResult
    func finish(byteLimit: Int?) throws -> Int
}

/// The animated formats Flipbook writes, each by its own encoder.
public enum AnimationFileFormat: String, Sendable, CaseIterable {
    /// Animated GIF (`GIFWriter`, our LZW).
    case gif
    /// Lossless animated WebP (`WebPWriter`, our `VP8LEncoder`).
    case webp

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The format's name in prose: "GIF", "WebP".
    public var name: String {
        switch self {
        case .gif: "GIF"
        case .webp: "WebP"
        }
    }

    /// The largest side of a frame the format holds.
    public var maximumSide: Int {
        switch self {
        case .gif: GIFWriter.maximumSide
        case .webp: WebPWriter.maximumSide
        }
    }

    /// A writer of this format to `path`, for frames of `width × height` at `fps` frames a second
    /// (at most `GIFWriter.maximumFrameRate` for a GIF), the last frame held `finalHoldSeconds` longer.
    public func writer(path: String, width: Int, height: Int, fps: Int, finalHoldSeconds: Double = 2) throws -> any AnimationWriter {
        switch self {
        case .gif: try GIFWriter(path: path, width: width, height: height, fps: fps, finalHoldSeconds: finalHoldSeconds)
        case .webp: try WebPWriter(path: path, width: width, height: height, fps: fps, finalHoldSeconds: finalHoldSeconds)
        }
    }
}
