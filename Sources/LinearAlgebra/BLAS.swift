import CBLAS
import Glibc

/// Process-wide settings of the BLAS library (BLIS) behind `gemm`.
public enum BLAS {
    /// The BLAS library the package links against.
    public static let name = "BLIS"

    /// The BLIS configuration in use, chosen (`BLISChoice`) and applied before BLIS's first call:
    /// every entry point into BLIS reads this first.
    public static let configuration: BLASConfiguration = {
        let variable = "BLIS_ARCH_TYPE"
        let original = getenv(variable).map { String(cString: $0) }
        let choice = BLISChoice.choose(requested: original, cpu: .current)
        // BLIS reads the variable, as a number, once: when it initialises. The process's own
        // environment is left as it was (child processes see what the user set).
        let wanted = choice.request.map { String($0.rawValue) }
        if wanted != original { setEnvironment(variable, wanted) }
        bli_init()
        let id = Int(bli_arch_query_id())
        if wanted != original { setEnvironment(variable, original) }
        return BLASConfiguration(inUse: BLISConfiguration(rawValue: id), name: String(cString: bli_arch_string(Int32(id))),
                                 choice: choice, cpu: .current)
    }()

    /// Sets how many threads one GEMM call may use (1 by default). Training keeps it at 1 and
    /// shares the cores out by data parallelism (`Network.step(shardRows:…)`); the benchmarks
    /// raise it to measure the machine's multi-threaded GEMM throughput.
    public static func setThreadCount(_ count: Int) {
        _ = configuration
        bli_thread_set_num_threads(Int64(max(1, count)))
    }
}

/// Sets or (nil) removes an environment variable.
private func setEnvironment(_ name: String, _ value: String?) {
    if let value { setenv(name, value, 1) } else { unsetenv(name) }
}

/// The BLIS configuration a process runs and why.
public struct BLASConfiguration: Sendable {
    /// The configuration BLIS reports (`bli_arch_query_id`).
    public let inUse: BLISConfiguration?
    /// Its name as BLIS gives it (`bli_arch_string`).
    public let name: String
    /// Flipbook's choice, with its reason and any refused `BLIS_ARCH_TYPE`.
    public let choice: BLISChoice
    /// The CPU it was chosen for.
    public let cpu: CPUFeatures

    /// "skx (BLIS 0.9.0 alone would run zen3 on this AMD family 25 …: Flipbook asks for skx)".
    public var summary: String { "\(name) (\(choice.reason))" }
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

/// Rows `rows` of `Σᵢ aᵢᵀ bᵢ`, written to the `rows.count × n` row-major block at `c`, where each
/// `aᵢ` is `kᵢ × m` and each `bᵢ` is `kᵢ × n`: a layer's weight gradient `Σ xᵀδ` over the shards
/// of a batch, one block of rows at a time (so that blocks can be computed on different threads).
@inlinable
public func sumOfTransposedProducts<Scalar: BLASScalar>(
    _ a: [Matrix<Scalar>], _ b: [Matrix<Scalar>], rows: Range<Int>, into c: UnsafeMutablePointer<Scalar>
) {
    precondition(a.count == b.count && !a.isEmpty, "sumOfTransposedProducts: \(a.count) left and \(b.count) right factors")
    let (m, n) = (a[0].columns, b[0].columns)
    precondition(rows.lowerBound >= 0 && rows.upperBound <= m, "sumOfTransposedProducts: rows \(rows) outside 0..<\(m)")
    guard !rows.isEmpty, n > 0 else { return }
    for (index, (left, right)) in zip(a, b).enumerated() {
        precondition(left.columns == m && right.columns == n && left.rows == right.rows,
                     "sumOfTransposedProducts: factor \(index) is \(left.rows)×\(left.columns)ᵀ · \(right.rows)×\(right.columns)")
        guard left.rows > 0 else {
            if index == 0 { c.update(repeating: 0, count: rows.count * n) }
            continue
        }
        left.elements.withUnsafeBufferPointer { x in
            right.elements.withUnsafeBufferPointer { y in
                transposedProduct(x.baseAddress!, y.baseAddress!, k: left.rows, m: m, n: n, rows: rows, into: c, accumulate: index > 0)
            }
        }
    }
}

/// Rows `rows` of `aᵀ b`, written to the `rows.count × n` row-major block at `c` (or added to what
/// it holds when `accumulate`), where `a` is `k × m` and `b` is `k × n`, rows packed, `k` ≥ 1: one
/// term of `sumOfTransposedProducts`, on buffers a caller keeps (the one-thread trainer's).
@inlinable
public func transposedProduct<Scalar: BLASScalar>(
    _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, k: Int, m: Int, n: Int, rows: Range<Int>,
    into c: UnsafeMutablePointer<Scalar>, accumulate: Bool
) {
    // Inputs with many zeros (image pixels) skip them; the choice looks at the whole factor, not
    // the block, so that every block takes the same path.
    if sparseProductPreferred, k * n * m >= sparseProductMinimumWork,
       Scalar.pairDensity(m: k, k: m, a: a) <= sparseProductDensityLimit,
       Scalar.sparseTransposedProduct(m: k, n: n, columns: m, block: rows, a: a, b: b, c: c, accumulate: accumulate) { return }
    // Rows `rows` of aᵀ are columns `rows` of a: start there, keep a's row stride.
    Scalar.gemm(transposeA: true, transposeB: false, m: rows.count, n: n, k: k,
                alpha: 1, a: a + rows.lowerBound, lda: m, b: b, ldb: n, beta: accumulate ? 1 : 0, c: c, ldc: n)
}

/// `Σᵢ aᵢᵀ bᵢ` as a new `m × n` matrix (every row of `sumOfTransposedProducts(_:_:rows:into:)`).
@inlinable
public func sumOfTransposedProducts<Scalar: BLASScalar>(_ a: [Matrix<Scalar>], _ b: [Matrix<Scalar>]) -> Matrix<Scalar> {
    var c = Matrix<Scalar>(uninitializedRows: a.first?.columns ?? 0, columns: b.first?.columns ?? 0)
    guard c.count > 0 else { return c }
    c.elements.withUnsafeMutableBufferPointer { sumOfTransposedProducts(a, b, rows: 0..<c.rows, into: $0.baseAddress!) }
    return c
}
