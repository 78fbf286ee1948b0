/// A rectangle of whole pixels: `x ..< x + width` by `y ..< y + height`.
public struct Rect: Sendable, Equatable {
    /// Left edge.
    public var x: Int
    /// Top edge.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A rectangle from its edges and size.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// One past the right edge.
    public var maxX: Int { x + width }
    /// One past the bottom edge.
    public var maxY: Int { y + height }

    /// The rectangle shrunk by the given margins.
    public func inset(left: Int, top: Int, right: Int, bottom: Int) -> Rect {
        Rect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }

    /// The part of `self` inside `other` (may be empty).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: max(0, right - left), height: max(0, bottom - top))
    }

    /// True when the rectangle covers no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }
}

/// A point in pixel coordinates (pixel centres are at half-integers).
public struct Point: Sendable, Equatable {
    /// Horizontal position, growing to the right.
    public var x: Double
    /// Vertical position, growing downwards.
    public var y: Double

    /// A point from its coordinates.
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A rectangle of the data plane: `x` in `minX…maxX`, `y` in `minY…maxY` (y grows upwards).
public struct PlaneRect: Sendable, Equatable {
    /// Smallest x.
    public var minX: Double
    /// Largest x.
    public var maxX: Double
    /// Smallest y.
    public var minY: Double
    /// Largest y.
    public var maxY: Double

    /// A plane rectangle from its bounds.
    public init(minX: Double, maxX: Double, minY: Double, maxY: Double) {
        self.minX = minX
        self.maxX = maxX
        self.minY = minY
        self.maxY = maxY
    }

    /// The smallest square-ish rectangle around `points`, padded by `padding` of its size on each side.
    public static func around(_ points: [(x: Double, y: Double)], padding: Double = 0.08) -> PlaneRect {
        guard let first = points.first else { return PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1) }
        var bounds = PlaneRect(minX: first.x, maxX: first.x, minY: first.y, maxY: first.y)
        for p in points {
            bounds.minX = min(bounds.minX, p.x)
            bounds.maxX = max(bounds.maxX, p.x)
            bounds.minY = min(bounds.minY, p.y)
            bounds.maxY = max(bounds.maxY, p.y)
        }
        let span = max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY, 1e-9)
        let cx = (bounds.minX + bounds.maxX) / 2, cy = (bounds.minY + bounds.maxY) / 2
        let half = span / 2 * (1 + 2 * padding)
        return PlaneRect(minX: cx - half, maxX: cx + half, minY: cy - half, maxY: cy + half)
    }
}

/// How far from the origin a pixel coordinate may lie once it becomes an integer: far outside
/// any canvas, far inside `Int` and `Int32`, and small enough that sums of a few never overflow.
public let pixelLimit = 1_000_000

/// The one conversion of a floating-point value to an integer in Render: `value` rounded by
/// `rule` and clamped to `range`; nil for NaN. Huge and infinite values take the nearer end.
@inlinable @inline(__always) public func clampedInt(_ value: Double, _ range: ClosedRange<Int>,
                                  _ rule: FloatingPointRoundingRule = .towardZero) -> Int? {
    guard !value.isNaN else { return nil }
    let rounded = value.rounded(rule)
    if rounded <= Double(range.lowerBound) { return range.lowerBound }
    // Double(Int.max) rounds up to 2⁶³, so `>=` also keeps Int(…) from overflowing there.
    if rounded >= Double(range.upperBound) { return range.upperBound }
    return Int(rounded)
}

/// A pixel coordinate as a whole pixel (rounded by `rule`), clamped to ±`pixelLimit`; nil for NaN.
@inlinable @inline(__always) public func clampedPixel(_ value: Double, _ rule: FloatingPointRoundingRule = .towardZero) -> Int? {
    clampedInt(value, -pixelLimit...pixelLimit, rule)
}

/// An integer pixel coordinate clamped to ±`pixelLimit` (callers may pass anything, even `Int.max`).
@inlinable public func clampedPixel(_ value: Int) -> Int {
    min(max(value, -pixelLimit), pixelLimit)
}

extension Point {
    /// The point with both coordinates clamped to ±`pixelLimit`, or nil when either is NaN: what
    /// drawing code works with, so that no coordinate overflows when it becomes a whole pixel.
    public var clampedToDrawable: Point? {
        guard !x.isNaN, !y.isNaN else { return nil }
        let limit = Double(pixelLimit)
        return Point(min(max(x, -limit), limit), min(max(y, -limit), limit))
    }
}
