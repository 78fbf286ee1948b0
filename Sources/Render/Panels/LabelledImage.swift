import Foundation

/// A labelled image in a grid: what it is, what the model says.
public struct LabelledImage: Sendable {
    /// The pixels.
    public var image: GreyImage
    /// The caption (the predicted class).
    public var caption: String
    /// Wrong predictions get a red frame and a red caption.
    public var isWrong: Bool

    /// A labelled image.
    public init(image: GreyImage, caption: String, isWrong: Bool) {
        self.image = image
        self.caption = caption
        self.isWrong = isWrong
    }
}
