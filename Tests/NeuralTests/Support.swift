import LinearAlgebra
@testable import Neural

/// True when `a` and `b` agree within `relativeTolerance` of the larger magnitude (or `absoluteTolerance`).
func isApproximatelyEqual<T: BinaryFloatingPoint>(_ a: T, _ b: T, relativeTolerance: T = 1e-6,
                                                   absoluteTolerance: T = 1e-9) -> Bool {
    abs(a - b) <= max(absoluteTolerance, relativeTolerance * max(abs(a), abs(b)))
}

/// A seeded matrix of uniform values in [lower, upper).
func uniformMatrix(_ rows: Int, _ columns: Int, seed: UInt64, in range: (Double, Double) = (-1, 1)) -> Matrix<Double> {
    var generator = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns,
                  elements: (0..<rows * columns).map { _ in generator.nextUniform(range.0, range.1) })
}

/// One-hot rows for `labels` over `classes` classes.
func oneHot(_ labels: [Int], classes: Int) -> Matrix<Double> {
    var m = Matrix<Double>(rows: labels.count, columns: classes)
    for (row, label) in labels.enumerated() { m[row, label] = 1 }
    return m
}
