import CKernels
import Foundation

/// How a unit's values become colours: one scale for a whole layer and a whole run.
public enum UnitScale: Sendable, Hashable {
    /// Values below `center` in class-0 tints (blue), above it in class-1 tints (orange), the
    /// strongest tint `limit` away from the centre.
    case diverging(center: Float, limit: Float)
    /// 0 white, up to `limit` in the tints of class `classIndex`.
    case ramp(classIndex: Int, limit: Float)

    /// Tints grow as |t|^0.6 of the scale's fraction t: small maps need their middle values visible.
    static let gamma = 0.6

    /// The palette index of `value`; NaN is the background.
    @inline(__always)
    func color(_ value: Float) -> UInt8 {
        let shades = Double(Palette.shadesPerClass)
        switch self {
        case .diverging(let center, let limit):
            let t = Double((value - center) / limit)
            let shade = clampedInt(pow(abs(t), Self.gamma) * shades, 0...Palette.shadesPerClass, .toNearestOrAwayFromZero) ?? 0
            return Palette.classShade(t < 0 ? 0 : 1, shade)
        case .ramp(let classIndex, let limit):
            let t = Double(value / limit)
            let shade = clampedInt((t > 0 ? pow(t, Self.gamma) : 0) * shades, 0...Palette.shadesPerClass, .toNearestOrAwayFromZero) ?? 0
            return Palette.classShade(classIndex, shade)
        }
    }
}

/// A scale's colours at 2 × 256 + 1 evenly spaced fractions of its range, for painting many pixels.
struct UnitScaleTable: Sendable {
    static let levels = 256
    let scale: UnitScale
    let colors: [UInt8]

    /// The table of `scale`, made once and kept (a layer's scale is fixed for a run, and every
    /// frame paints each of its units: 513 `pow`s a unit was most of a unit map's cost).
    static func shared(_ scale: UnitScale) -> UnitScaleTable {
        cache.table(scale)
    }
    private static let cache = UnitScaleTableCache()

    init(_ scale: UnitScale) {
        self.scale = scale
        let levels = Self.levels
        colors = (-levels...levels).map { level in
            let t = Float(level) / Float(levels)
            return switch scale {
            case .diverging(let center, let limit): scale.color(center + t * limit)
            case .ramp(_, let limit): scale.color(t * limit)
            }
        }
    }

    /// The scale's centre and limit: a ramp's fraction `value / limit` is `(value - 0) / limit`
    /// to the bit (x − 0 is x in IEEE arithmetic, −0 and NaN included).
    var centerAndLimit: (center: Float, limit: Float) {
        switch scale {
        case .diverging(let center, let limit): (center, limit)
        case .ramp(_, let limit): (0, limit)
        }
    }

    /// The colour of `value` (NaN: the background).
    @inline(__always)
    func color(_ value: Float) -> UInt8 {
        let (center, limit) = centerAndLimit
        return colors.withUnsafeBufferPointer { Self.color(value, center: center, limit: limit, in: $0) }
    }

    /// The colour of `value` on a scale of `center` and `limit` whose table is `colors` (NaN: the
    /// background), without branches on the value's sign (diverging maps are half one sign, half
    /// the other: a branch there was mispredicted at every crossing, most of a map's cost).
    @inline(__always)
    static func color(_ value: Float, center: Float, limit: Float, in colors: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let t = (value - center) / limit
        guard !t.isNaN else { return Palette.background }
        return colors[roundedHalfAway(min(max(t, -1), 1) * Float(levels)) + levels]
    }

    /// `x.rounded()` (half away from zero) for |x| ≤ 2²⁴ without a call into libm (baseline
    /// x86-64 has no rounding instruction): |x| + ½ is exact in `Double`, so truncating it rounds;
    /// the sign is put back without a branch (negated when the sign bit is set; −0 gives 0).
    @inline(__always)
    static func roundedHalfAway(_ x: Float) -> Int {
        let magnitude = Int(Double(abs(x)) + 0.5)
        let negative = Int(Int32(bitPattern: x.bitPattern) >> 31)   // 0 or -1
        return (magnitude ^ negative) - negative
    }
}

/// The tables of the scales drawn so far, under a lock; scales with a value that is not finite
/// (never equal to themselves as keys) are not kept, and the cache starts again past 256 scales.
final class UnitScaleTableCache: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [UnitScale: UnitScaleTable] = [:]

    func table(_ scale: UnitScale) -> UnitScaleTable {
        guard scale.isFinite else { return UnitScaleTable(scale) }
        if let table = lock.withLock({ tables[scale] }) { return table }
        let table = UnitScaleTable(scale)
        lock.withLock {
            if tables.count >= 256 { tables.removeAll() }
            tables[scale] = table
        }
        return table
    }
}

extension UnitScale {
    /// Whether every number of the scale is finite.
    var isFinite: Bool {
        switch self {
        case .diverging(let center, let limit): center.isFinite && limit.isFinite
        case .ramp(_, let limit): limit.isFinite
        }
    }
}

/// A small heat map of one unit's values over a grid of the input plane (row 0 the top), drawn
/// with bilinear interpolation into a square of the canvas.
public enum UnitMap {
    /// Paints `values` (`columns × rows`, row-major) into `rect` of `canvas` on `scale`; a grid
    /// with the wrong number of values, or smaller than 2 × 2, leaves the rectangle blank.
    public static func draw(_ values: [Float], columns: Int, rows: Int, scale: UnitScale, on canvas: Canvas, in rect: Rect) {
        let visible = rect.intersection(canvas.bounds)
        guard columns >= 2, rows >= 2, values.count == columns * rows, !visible.isEmpty else {
            canvas.fill(visible, Palette.background)
            return
        }
        // Where each pixel samples the grid, the same for every map of this size (kept), and the
        // visible part's rows: libgd's own row pointers.
        let xs = UnitMapSampling.shared(count: rect.width, gridPoints: columns), ys = UnitMapSampling.shared(count: rect.height, gridPoints: rows)
        let (dx, dy) = (visible.x - rect.x, visible.y - rect.y)
        let table = UnitScaleTable.shared(scale)
        let (center, limit) = table.centerAndLimit
        // The pixels in C (CKernels' `flipbook_unit_map`: eight at a time with AVX2), rounding
        // as `UnitScaleTable.color` does; UnitMapTests hold it to that, pixel for pixel.
        values.withUnsafeBufferPointer { v in
            table.colors.withUnsafeBufferPointer { colors in
                xs.index.withUnsafeBufferPointer { xi in xs.weight.withUnsafeBufferPointer { xw in
                    ys.index.withUnsafeBufferPointer { yi in ys.weight.withUnsafeBufferPointer { yw in
                        flipbook_unit_map(v.baseAddress!, columns, xi.baseAddress! + dx, xw.baseAddress! + dx, visible.width, yi.baseAddress! + dy,
                                          yw.baseAddress! + dy, visible.height, center, limit, colors.baseAddress!, Palette.background,
                                          canvas.image.pointee.pixels + visible.y, visible.x)
                    } }
                } }
            }
        }
    }
}

/// Where each of `count` pixels samples a grid of `gridPoints` (`HeatMap.interpolation`: the grid
/// point at or before it and the weight of the next), as the C kernel takes them; kept for every
/// size drawn (a frame's unit maps all have one size), the cache starting again past 64 sizes.
struct UnitMapSampling: Sendable {
    let index: [Int32]
    let weight: [Float]

    init(count: Int, gridPoints: Int) {
        let points = HeatMap.interpolation(count: count, gridPoints: gridPoints)
        index = points.map { Int32($0.0) }
        weight = points.map(\.1)
    }

    private struct Key: Hashable {
        let count: Int, gridPoints: Int
    }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Key: UnitMapSampling] = [:]

    static func shared(count: Int, gridPoints: Int) -> UnitMapSampling {
        let key = Key(count: count, gridPoints: gridPoints)
        if let sampling = lock.withLock({ kept[key] }) { return sampling }
        let sampling = UnitMapSampling(count: count, gridPoints: gridPoints)
        lock.withLock {
            if kept.count >= 64 { kept.removeAll() }
            kept[key] = sampling
        }
        return sampling
    }
}

/// Unit maps painted ahead, off the canvas: `count` maps of `width × height` pixels, one after
/// another, row-major (a layer's maps painted together from its activations, `UnitMap.paintLayer`).
public struct PaintedUnitMaps: Sendable {
    public let width: Int, height: Int, count: Int
    let pixels: [UInt8]
}

extension UnitMap {
    /// The maps of `units` of one layer from its row-major block `values` (`values.count / stride`
    /// grid points, unit u of point p at `values[p · stride + u]`), `width × height` pixels each:
    /// map k is pixel for pixel what `draw` paints from unit `units[k]`'s own `columns × rows`
    /// values into a `width × height` rectangle. Nil when `draw` would paint those blank (a grid
    /// smaller than 2 × 2, or not `columns × rows` points) or a unit is outside the block.
    public static func paintLayer(_ values: [Float], stride: Int, units: [Int], columns: Int, rows: Int, scale: UnitScale,
                                  width: Int, height: Int) -> PaintedUnitMaps? {
        guard columns >= 2, rows >= 2, stride > 0, width > 0, height > 0, values.count == columns * rows * stride,
              units.allSatisfy({ (0..<stride).contains($0) }) else { return nil }
        let xs = UnitMapSampling.shared(count: width, gridPoints: columns), ys = UnitMapSampling.shared(count: height, gridPoints: rows)
        let table = UnitScaleTable.shared(scale)
        let (center, limit) = table.centerAndLimit
        let plane = width * height
        let pixels = [UInt8](unsafeUninitializedCapacity: plane * units.count) { out, count in
            values.withUnsafeBufferPointer { v in
                table.colors.withUnsafeBufferPointer { colors in
                    xs.index.withUnsafeBufferPointer { xi in xs.weight.withUnsafeBufferPointer { xw in
                        ys.index.withUnsafeBufferPointer { yi in ys.weight.withUnsafeBufferPointer { yw in
                            flipbook_layer_unit_maps_f32(v.baseAddress!, stride, units, units.count, columns, xi.baseAddress!, xw.baseAddress!, width,
                                                         yi.baseAddress!, yw.baseAddress!, height, center, limit, colors.baseAddress!,
                                                         Palette.background, out.baseAddress!)
                        } }
                    } }
                }
            }
            count = plane * units.count
        }
        return PaintedUnitMaps(width: width, height: height, count: units.count, pixels: pixels)
    }

    /// Copies map `index` of `maps` (as large as `rect`) into `rect` of `canvas`, clipped to it.
    public static func draw(_ maps: PaintedUnitMaps, index: Int, on canvas: Canvas, in rect: Rect) {
        precondition(maps.width == rect.width && maps.height == rect.height && (0..<maps.count).contains(index), "painted maps do not fit")
        let visible = rect.intersection(canvas.bounds)
        guard !visible.isEmpty else { return }
        let (dx, dy) = (visible.x - rect.x, visible.y - rect.y)
        maps.pixels.withUnsafeBufferPointer { p in
            let map = p.baseAddress! + index * maps.width * maps.height
            for y in 0..<visible.height {
                (canvas.image.pointee.pixels[visible.y + y]! + visible.x).update(from: map + (dy + y) * maps.width + dx, count: visible.width)
            }
        }
    }
}
