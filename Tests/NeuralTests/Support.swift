import TestSupport
import LinearAlgebra
@testable import Neural

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
