import Foundation

/// A small grey image, row-major, values in 0…1 (1 = ink).
public struct GreyImage: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major values in 0…1.
    public let values: [Float]

    /// An image; `values.count` must be `width × height`.
    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "GreyImage: \(values.count) values for \(width)×\(height)")
        self.width = width
        self.height = height
        self.values = values
    }
}
