import TestSupport
import LinearAlgebra

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
