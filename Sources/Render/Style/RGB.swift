/// An opaque 8-bit sRGB colour.
public struct RGB: Sendable, Hashable {
    /// Red, 0…255.
    public var r: UInt8
    /// Green, 0…255.
    public var g: UInt8
    /// Blue, 0…255.
    public var b: UInt8

    /// A colour from its channels.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// A colour from a 0xRRGGBB literal.
    public init(hex: UInt32) {
        self.init(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF))
    }

    /// `self` moved towards `other` by `t` in 0…1 (straight sRGB interpolation); `t` outside 0…1
    /// is clamped, NaN leaves `self`.
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        let t = t.isNaN ? 0 : t.clamped(0, 1)
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(clampedInt(Double(a) + (Double(b) - Double(a)) * t, 0...255, .toNearestOrAwayFromZero) ?? Int(a))
        }
        return RGB(channel(r, other.r), channel(g, other.g), channel(b, other.b))
    }
}

extension Comparable {
    /// `self` limited to lower…upper.
    @inlinable func clamped(_ lower: Self, _ upper: Self) -> Self { min(max(self, lower), upper) }
}
