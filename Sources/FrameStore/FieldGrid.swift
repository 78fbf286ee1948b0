/// The grid a run's fields are sampled on: `size` × `size` points spanning a rectangle of the
/// data's plane (in data units, unstandardised), corners included, row 0 at the top (largest y).
///
/// A field run (`StoredRun.Model.field`) keeps one such field per frame; a network run may state
/// a grid too, and its pictures then span that rectangle instead of one around the data.
public struct FieldGrid: Sendable, Equatable {
    /// Left edge (smallest first feature).
    public var minX: Double
    /// Right edge.
    public var maxX: Double
    /// Bottom edge (smallest second feature).
    public var minY: Double
    /// Top edge.
    public var maxY: Double
    /// Grid points across and down.
    public var size: Int

    /// A grid of `size` × `size` points over the rectangle.
    public init(minX: Double, maxX: Double, minY: Double, maxY: Double, size: Int) {
        (self.minX, self.maxX, self.minY, self.maxY, self.size) = (minX, maxX, minY, maxY, size)
    }

    /// Grid points: `size` squared.
    public var pointCount: Int { size * size }

    /// The values a field holds on this grid for a network with `outputs` outputs: one per
    /// output and grid point.
    public func valueCount(outputs: Int) -> Int { pointCount * outputs }
}
