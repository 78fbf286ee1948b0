/// An animation file being written: frames in, in order, then `finish` assembles the file and
/// moves it into place. `GIFWriter` and `WebPWriter` are the two.
public protocol AnimationWriter: AnyObject, Sendable {
    /// Adds a frame; the canvas may be reused by the caller afterwards.
    func append(_ frame: Canvas)
    /// Ends the animation and writes the file; returns its bytes. A file of more than
    /// `byteLimit` bytes is not written (`ByteLimitExceeded`).
    @discardableResult
    func finish(byteLimit: Int?) throws -> Int
}

extension GIFWriter: AnimationWriter {}
extension WebPWriter: AnimationWriter {}
