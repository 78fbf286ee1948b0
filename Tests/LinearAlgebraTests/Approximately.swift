import LinearAlgebra

/// True when `a` and `b` agree within `relativeTolerance` of the larger magnitude (or `absoluteTolerance`).
func isApproximatelyEqual<T: BinaryFloatingPoint>(_ a: T, _ b: T, relativeTolerance: T = 1e-5,
                                                   absoluteTolerance: T = 1e-7) -> Bool {
    abs(a - b) <= max(absoluteTolerance, relativeTolerance * max(abs(a), abs(b)))
}

/// The textbook triple loop, as an independent reference for GEMM.
func naiveProduct<T: BLASScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Matrix<T> {
    var c = Matrix<T>(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var total: T = 0
            for k in 0..<a.columns { total += a[i, k] * b[k, j] }
            c[i, j] = total
        }
    }
    return c
}

/// A matrix of seeded uniform values in [−1, 1).
func randomMatrix<T: BLASScalar>(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<T> {
    var generator = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, elements: (0..<rows * columns).map { _ in T(generator.nextUniform(-1, 1)) })
}
