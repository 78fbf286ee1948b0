import CBLAS

/// Process-wide settings of the BLAS library (BLIS) behind `gemm`.
public enum BLAS {
    /// The BLAS library the package links against.
    public static let name = "BLIS"

    /// Sets how many threads one GEMM call may use. Small networks run fastest on one;
    /// large batches (image data) gain from all cores.
    public static func setThreadCount(_ count: Int) {
        bli_thread_set_num_threads(Int64(max(1, count)))
    }
}

/// `C ← alpha · op(A) · op(B) + beta · C`, the one matrix product of the project.
///
/// Transposes are passed to the BLAS as flags; nothing is copied. `op(A)` is `rows(C) × k`
/// and `op(B)` is `k × columns(C)`.
@inlinable
public func gemm<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, transposeA: Bool = false, transposeB: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: inout Matrix<Scalar>
) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kB = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kB, "gemm: inner dimensions differ (\(k) vs \(kB))")
    precondition(c.rows == m && c.columns == n, "gemm: result is \(c.rows)×\(c.columns), expected \(m)×\(n)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        // No products to add: C ← β·C, where β = 0 means "overwrite" (C may hold anything).
        if beta == 0 { c = Matrix(rows: m, columns: n) } else { c.scale(by: beta) }
        return
    }
    a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
            c.elements.withUnsafeMutableBufferPointer { pc in
                Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            alpha: alpha, a: pa.baseAddress!, lda: a.columns,
                            b: pb.baseAddress!, ldb: b.columns,
                            beta: beta, c: pc.baseAddress!, ldc: c.columns)
            }
        }
    }
}

/// The product `op(A) · op(B)` as a new matrix.
@inlinable
public func matmul<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, transposeA: Bool = false, transposeB: Bool = false
) -> Matrix<Scalar> {
    var c = Matrix<Scalar>(rows: transposeA ? a.columns : a.rows,
                           columns: transposeB ? b.rows : b.columns)
    gemm(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
    return c
}
