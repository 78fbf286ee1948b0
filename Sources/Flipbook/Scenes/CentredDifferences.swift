import LinearAlgebra

/// The differences θ − center of a path's points, centred on their mean, handed out a block of
/// rows (points) at a time in Double: all of them at once when they fit in the memory budget,
/// else blocks read again from the stores as they are needed.
struct CentredDifferences {
    let path: ParameterPath
    let center: [Float]
    /// The mean of θ − center over the path.
    let mean: [Double]
    /// Rows per block.
    let block: Int
    /// Every row, when they fit in the budget.
    private let held: Matrix<Double>?

    var count: Int { path.count }

    /// The differences of `path` from `center`, holding at most about `budget` bytes of them.
    init(_ path: ParameterPath, center: [Float], budget: Int) throws {
        (self.path, self.center) = (path, center)
        let size = center.count, count = path.count
        var mean = [Double](repeating: 0, count: size)
        if count * 8 * size <= budget {
            var rows = Matrix<Double>(rows: count, columns: size)
            try path.forEachBlock(of: 64) { start, points in
                for (offset, point) in points.enumerated() {
                    let base = (start + offset) * size
                    for k in 0..<size { rows.elements[base + k] = Double(point[k]) - Double(center[k]) }
                }
            }
            for i in 0..<count { for k in 0..<size { mean[k] += rows.elements[i * size + k] / Double(count) } }
            for i in 0..<count { for k in 0..<size { rows.elements[i * size + k] -= mean[k] } }
            (held, block) = (rows, count)
        } else {
            // Two blocks are held at once (a pair of them for the Gram matrix).
            block = max(1, budget / (2 * 8 * size))
            try path.forEachBlock(of: block) { _, points in
                for point in points { for k in 0..<size { mean[k] += (Double(point[k]) - Double(center[k])) / Double(count) } }
            }
            held = nil
        }
        self.mean = mean
    }

    /// Rows `range`, read and centred.
    private func rows(_ range: Range<Int>) throws -> Matrix<Double> {
        let size = center.count
        var rows = Matrix<Double>(rows: range.count, columns: size)
        for (offset, point) in try path.read(range).enumerated() {
            for k in 0..<size { rows.elements[offset * size + k] = Double(point[k]) - Double(center[k]) - mean[k] }
        }
        return rows
    }

    /// The blocks' ranges of rows, in order.
    private var ranges: [Range<Int>] {
        stride(from: 0, to: count, by: block).map { $0..<min($0 + block, count) }
    }

    /// Every block once, in order, with the rows (points) it holds.
    func forEachBlock(_ body: (Matrix<Double>, Range<Int>) throws -> Void) throws {
        if let held { return try body(held, 0..<count) }
        for range in ranges { try body(try rows(range), range) }
    }

    /// Every pair of blocks (a block with itself, and with each block after it) once.
    func forEachPair(_ body: (Matrix<Double>, Range<Int>, Matrix<Double>, Range<Int>) throws -> Void) throws {
        if let held { return try body(held, 0..<count, held, 0..<count) }
        let ranges = ranges
        for (index, first) in ranges.enumerated() {
            let a = try rows(first)
            try body(a, first, a, first)
            for second in ranges.dropFirst(index + 1) { try body(a, first, try rows(second), second) }
        }
    }
}
