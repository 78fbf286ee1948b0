import CKernels
import Foundation
import LinearAlgebra

/// A fixed linear map of a hidden layer's activations to two plane coordinates, the same for
/// every frame of a run: a layer of two units in its own coordinates, one unit along a line,
/// a wider layer on the first two principal components of a set of its activations.
struct Projection: Sendable, Equatable {
    /// How the map was made.
    enum Method: Sendable, Equatable {
        /// Two units: (a₁, a₂) as they are.
        case own
        /// One unit: (a₁, 0).
        case line
        /// The first two principal components, which hold `variance` of the total variance (0…1).
        case principal(variance: Double)
    }

    let method: Method
    /// The mean subtracted before the axes are applied (principal components only).
    let mean: [Double]
    /// The two unit-length axes, one weight per unit (principal components only).
    let axes: [[Double]]

    /// The projection of a layer of `width` units, fitted to `activations` (rows × width) when
    /// the layer is wider than two units.
    static func fitted(width: Int, to activations: Matrix<Float>) -> Projection {
        switch width {
        case ...1: return Projection(method: .line, mean: [], axes: [])
        case 2: return Projection(method: .own, mean: [], axes: [])
        default: return principalComponents(of: activations)
        }
    }

    /// The plane coordinates of one row of activations.
    @inline(__always)
    func project(_ row: UnsafeBufferPointer<Float>) -> (x: Double, y: Double) {
        switch method {
        case .line: return (row.isEmpty ? 0 : Double(row[0]), 0)
        case .own: return row.count >= 2 ? (Double(row[0]), Double(row[1])) : (0, 0)
        case .principal:
            var x = 0.0, y = 0.0
            mean.withUnsafeBufferPointer { mean in
                axes[0].withUnsafeBufferPointer { first in
                    axes[1].withUnsafeBufferPointer { second in
                        for i in 0..<min(row.count, mean.count, first.count, second.count) {
                            let centred = Double(row[i]) - mean[i]
                            x += centred * first[i]
                            y += centred * second[i]
                        }
                    }
                }
            }
            return (x, y)
        }
    }

    /// `project` and the all-zero test of `count` rows of the row-major `values` (`columns` to a
    /// row): row `rows[k]` (or row k without `rows`) into `points[k]` and `allZero[k]`. Principal
    /// components go through CKernels four rows at a time, each row's sums in the same order.
    func project(_ values: UnsafePointer<Float>, columns: Int, rows: [Int]?, count: Int,
                 into points: UnsafeMutablePointer<(x: Double, y: Double)>, allZero: UnsafeMutablePointer<Bool>) {
        if case .principal = method, axes.count == 2, mean.count == columns, axes[0].count == columns, axes[1].count == columns {
            // A tuple of two Doubles is laid out as two Doubles, a Bool as one byte of 0 or 1.
            let xy = UnsafeMutableRawPointer(points).assumingMemoryBound(to: Double.self)
            let zero = UnsafeMutableRawPointer(allZero).assumingMemoryBound(to: UInt8.self)
            if let rows {
                flipbook_project_rows_f32(values, columns, rows, count, mean, axes[0], axes[1], xy, zero)
            } else {
                flipbook_project_rows_f32(values, columns, nil, count, mean, axes[0], axes[1], xy, zero)
            }
            return
        }
        for k in 0..<count {
            let row = UnsafeBufferPointer(start: values + (rows?[k] ?? k) * columns, count: columns)
            points[k] = project(row)
            allZero[k] = !row.contains { $0 != 0 }
        }
    }

    /// The two leading principal components of `data`'s rows, by power iteration on the centred
    /// rows (the covariance matrix is never formed, so wide layers cost n·d per step). At most
    /// 2²¹ values are used: rows are taken at an even stride beyond that. Each axis's largest
    /// weight is made positive, so that the same data always gives the same picture.
    static func principalComponents(of data: Matrix<Float>) -> Projection {
        let d = data.columns
        let stride = max(1, (data.rows * d) / (1 << 21) + 1)
        let rows = Swift.stride(from: 0, to: data.rows, by: stride).map { $0 }
        let n = max(rows.count, 1)
        var mean = [Double](repeating: 0, count: d)
        for r in rows { for i in 0..<d { mean[i] += Double(data.elements[r * d + i]) } }
        for i in 0..<d { mean[i] /= Double(n) }
        var centred = [Double](repeating: 0, count: rows.count * d)
        for (k, r) in rows.enumerated() { for i in 0..<d { centred[k * d + i] = Double(data.elements[r * d + i]) - mean[i] } }
        let total = centred.reduce(0) { $0 + $1 * $1 } / Double(n)
        let firstStart: [Double] = (0..<d).map(Self.firstStart)
        let secondStart: [Double] = (0..<d).map(Self.secondStart)
        let first = leadingAxis(centred, rows: rows.count, columns: d, start: firstStart, orthogonalTo: nil)
        let second = leadingAxis(centred, rows: rows.count, columns: d, start: secondStart, orthogonalTo: first.axis)
        let explained = total > 0 ? min(1, (first.variance + second.variance) / Double(n) / total) : 0
        return Projection(method: .principal(variance: explained), mean: mean, axes: [first.axis, second.axis])
    }

    /// The power iterations' starting vectors: deterministic, and not orthogonal to a typical axis.
    private static func firstStart(_ i: Int) -> Double { 1 + 0.01 * Double(i) }
    private static func secondStart(_ i: Int) -> Double {
        let sign: Double = i % 2 == 0 ? 1 : -1
        return sign + 0.01 * Double(i)
    }

    /// The unit vector v maximising |X v|² (orthogonal to `other` if given), from `start`, and |X v|².
    private static func leadingAxis(_ x: [Double], rows: Int, columns d: Int, start: [Double], orthogonalTo other: [Double]?)
        -> (axis: [Double], variance: Double) {
        var v = normalised(orthogonalised(start, to: other)) ?? [Double](repeating: 0, count: d)
        var variance = 0.0
        let scale = x.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<300 {
            var xv = [Double](repeating: 0, count: rows)
            for r in 0..<rows { var s = 0.0; for i in 0..<d { s += x[r * d + i] * v[i] }; xv[r] = s }
            variance = xv.reduce(0) { $0 + $1 * $1 }
            var next = [Double](repeating: 0, count: d)
            for r in 0..<rows where xv[r] != 0 { for i in 0..<d { next[i] += x[r * d + i] * xv[r] } }
            // Nothing left in this direction (data of rank one): keep the axis found so far.
            let rest = orthogonalised(next, to: other)
            guard rest.reduce(0, { $0 + $1 * $1 }).squareRoot() > 1e-12 * scale, let unit = normalised(rest) else { break }
            let change = zip(unit, v).reduce(0) { $0 + abs($1.0 - $1.1) }
            v = unit
            if change < 1e-10 { break }
        }
        if let largest = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[largest] < 0 { v = v.map { -$0 } }
        return (v, variance)
    }

    private static func orthogonalised(_ v: [Double], to other: [Double]?) -> [Double] {
        guard let other else { return v }
        let dot = zip(v, other).reduce(0) { $0 + $1.0 * $1.1 }
        return zip(v, other).map { $0 - dot * $1 }
    }

    private static func normalised(_ v: [Double]) -> [Double]? {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 1e-300, norm.isFinite else { return nil }
        return v.map { $0 / norm }
    }
}
