import CBLAS
import Glibc

/// A floating-point type that the BLAS can multiply: `Float` (sgemm) or `Double` (dgemm).
public protocol BLASScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// `C ← alpha · op(A) · op(B) + beta · C` on row-major buffers, as `cblas_?gemm`.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `exp(x)`, from the C library for this width.
    static func exp(_ x: Self) -> Self
    /// `log(x)`, from the C library for this width.
    static func log(_ x: Self) -> Self
    /// `log(1 + x)`, accurate for small `x`.
    static func log1p(_ x: Self) -> Self
    /// `tanh(x)`.
    static func tanh(_ x: Self) -> Self
    /// The name of this type in NumPy's `.npy` header (`<f4`, `<f8`).
    static var numpyDescriptor: String { get }
}

@inline(__always)
private func transposeFlag(_ transposed: Bool) -> CBLAS_TRANSPOSE {
    transposed ? CblasTrans : CblasNoTrans
}

extension Float: BLASScalar {
    /// `cblas_sgemm`, row-major.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB),
                    blas_int(m), blas_int(n), blas_int(k), alpha, a, blas_int(lda),
                    b, blas_int(ldb), beta, c, blas_int(ldc))
    }
    public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
    public static func log(_ x: Float) -> Float { Glibc.logf(x) }
    public static func log1p(_ x: Float) -> Float { Glibc.log1pf(x) }
    public static func tanh(_ x: Float) -> Float { Glibc.tanhf(x) }
    public static var numpyDescriptor: String { "<f4" }
}

extension Double: BLASScalar {
    /// `cblas_dgemm`, row-major.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB),
                    blas_int(m), blas_int(n), blas_int(k), alpha, a, blas_int(lda),
                    b, blas_int(ldb), beta, c, blas_int(ldc))
    }
    public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    public static func log(_ x: Double) -> Double { Glibc.log(x) }
    public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    public static var numpyDescriptor: String { "<f8" }
}
