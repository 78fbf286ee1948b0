// Element-wise kernels. Each loop runs over raw buffers with no bounds checks and no calls,
// so the optimiser vectorises it; the layers build on these and on `gemm`.

extension Matrix {
    /// Multiplies every element by `factor`.
    @inlinable public mutating func scale(by factor: Scalar) {
        elements.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] *= factor }
        }
    }

    /// `self ← self + alpha · other` (BLAS's axpy), element by element.
    @inlinable public mutating func add(_ other: Matrix, scaledBy alpha: Scalar = 1) {
        precondition(rows == other.rows && columns == other.columns, "add: shapes differ")
        elements.withUnsafeMutableBufferPointer { x in
            other.elements.withUnsafeBufferPointer { y in
                for i in x.indices { x[i] += alpha * y[i] }
            }
        }
    }

    /// `self ← self ⊙ other`, the element-wise (Hadamard) product.
    @inlinable public mutating func multiplyElementwise(by other: Matrix) {
        precondition(rows == other.rows && columns == other.columns, "multiplyElementwise: shapes differ")
        elements.withUnsafeMutableBufferPointer { x in
            other.elements.withUnsafeBufferPointer { y in
                for i in x.indices { x[i] *= y[i] }
            }
        }
    }

    /// Adds `vector` (one value per column) to every row: the bias broadcast of a dense layer.
    /// With `thenReLU`, negative results become 0 in the same pass (a ReLU layer's epilogue).
    @inlinable public mutating func addToEachRow(_ vector: Matrix, thenReLU: Bool = false) {
        precondition(vector.count == columns, "addToEachRow: vector has \(vector.count) values for \(columns) columns")
        guard count > 0 else { return }
        let (rows, columns) = (self.rows, self.columns)
        elements.withUnsafeMutableBufferPointer { x in
            vector.elements.withUnsafeBufferPointer { v in
                Scalar.addBias(rows: rows, columns: columns, to: x.baseAddress!, bias: v.baseAddress!, relu: thenReLU)
            }
        }
    }

    /// The sum of each column, as a 1 × columns matrix: the bias gradient of a dense layer.
    @inlinable public func columnSums() -> Matrix {
        guard rows > 0, columns > 0 else { return Matrix(rows: 1, columns: columns) }
        var sums = Matrix(uninitializedRows: 1, columns: columns)
        let (rows, columns) = (self.rows, self.columns)
        sums.elements.withUnsafeMutableBufferPointer { s in
            elements.withUnsafeBufferPointer { x in sumColumns(x.baseAddress!, rows: rows, columns: columns, into: s.baseAddress!) }
        }
        return sums
    }

    /// Applies `transform` to every element in place.
    @inlinable public mutating func apply(_ transform: (Scalar) -> Scalar) {
        elements.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] = transform(x[i]) }
        }
    }

    /// A new matrix of `transform` applied to every element.
    @inlinable public func map(_ transform: (Scalar) -> Scalar) -> Matrix {
        var result = self
        result.apply(transform)
        return result
    }

    /// The sum of all elements.
    @inlinable public func sum() -> Scalar {
        elements.withUnsafeBufferPointer { x in
            var total: Scalar = 0
            for value in x { total += value }
            return total
        }
    }

    /// The index of the largest element of each row (ties go to the first).
    @inlinable
    public func argmaxPerRow() -> [Int] {
        (0..<rows).map { r in
            var best = 0
            var bestValue = self[r, 0]
            for c in 1..<columns where self[r, c] > bestValue {
                best = c
                bestValue = self[r, c]
            }
            return best
        }
    }
}

/// The sum of each column of the `rows × columns` row-major block at `x`, into `sums`: each
/// column's values added in row order, starting from 0 (the same numbers however it is called).
@inlinable
public func sumColumns<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Scalar>) {
    sums.update(repeating: 0, count: columns)
    for row in 0..<rows {
        let values = x + row * columns
        for c in 0..<columns { sums[c] += values[c] }
    }
}
