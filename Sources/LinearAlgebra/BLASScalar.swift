import CBLAS
import CKernels
import Glibc

/// A floating-point type that the BLAS can multiply: `Float` (sgemm) or `Double` (dgemm), with
/// the element-wise kernels of a training step for that width (`Sources/CKernels`).
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

    /// One Adam step over `count` parameters in place: `m ← β₁m + (1−β₁)g`,
    /// `v ← β₂v + (1−β₂)g²` (moments below `flush` in magnitude become 0), then
    /// `θ ← θ − stepSize · m / (√(v · inverseCorrection2) + ε)`.
    static func adamStep(
        count: Int, parameters: UnsafeMutablePointer<Self>, firstMoments: UnsafeMutablePointer<Self>,
        secondMoments: UnsafeMutablePointer<Self>, gradients: UnsafePointer<Self>,
        beta1: Self, beta2: Self, stepSize: Self, inverseCorrection2: Self, epsilon: Self, flush: Self)
    /// ReLU's backward pass in place: `delta[i] ← output[i] > 0 ? delta[i] : 0`.
    static func reluBackward(count: Int, delta: UnsafeMutablePointer<Self>, output: UnsafePointer<Self>)
    /// Adds `bias` to every row of the `rows × columns` block `z`, then, if `relu`, sets the
    /// negative values to 0.
    static func addBias(rows: Int, columns: Int, to z: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>, relu: Bool)
    /// Rows `block` of `aᵀb` into `c` (rows `n` apart), or added to what `c` holds when
    /// `accumulate`, skipping `a`'s zeros: `a` is `m × columns`, `b` is `m × n`, all rows packed.
    /// Returns false, leaving `c` alone, where the kernel does not run (`Double`, no AVX2 and FMA,
    /// `n` not a multiple of 8, an empty block); the caller then uses `gemm`.
    static func sparseTransposedProduct(m: Int, n: Int, columns: Int, block: Range<Int>, a: UnsafePointer<Self>,
                                        b: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>, accumulate: Bool) -> Bool
    /// The share of the (row, column pair) cells of the `m × k` matrix `a` — pairs (0, 1), (2, 3), …
    /// and a lone last column — holding a non-zero: the sparse product's work relative to a dense
    /// product's. 1 where the sparse kernel never runs.
    static func pairDensity(m: Int, k: Int, a: UnsafePointer<Self>) -> Double
    /// A small dense layer's forward pass without the BLAS (`Sources/CKernels/dense.c`): the
    /// `rows × fanOut` block `z ← x·w + b`, then ReLU when `relu`. Returns false, writing
    /// nothing, where the kernel does not run (`Double`, more than 4096 weights).
    static func smallDenseForward(rows: Int, fanIn: Int, fanOut: Int, x: UnsafePointer<Self>, w: UnsafePointer<Self>,
                                  b: UnsafePointer<Self>, relu: Bool, z: UnsafeMutablePointer<Self>) -> Bool
    /// `g ← δ·wᵀ` (`rows × fanIn`), and 0 where `mask` (the layer below's ReLU output) is not
    /// above 0; false as `smallDenseForward`.
    static func smallDenseInputGradient(rows: Int, fanIn: Int, fanOut: Int, delta: UnsafePointer<Self>, w: UnsafePointer<Self>,
                                        mask: UnsafePointer<Self>?, g: UnsafeMutablePointer<Self>) -> Bool
    /// `dw ← xᵀ·δ` and `db ← Σ_rows δ`, each summed over the rows in order; false as `smallDenseForward`.
    static func smallDenseParameterGradients(rows: Int, fanIn: Int, fanOut: Int, x: UnsafePointer<Self>, delta: UnsafePointer<Self>,
                                             dw: UnsafeMutablePointer<Self>, db: UnsafeMutablePointer<Self>) -> Bool
}

/// Whether a dense layer of `fanIn × fanOut` weights trains through the small dense kernels
/// (`smallDenseForward` and its two gradients) rather than the BLAS: a side of at most 4 units
/// and at most 256 weights. BLAS micro-kernels compute tiles of at least 6 × 8 results (6 × 16
/// in BLIS's Haswell/Zen kernels, wider with AVX-512), so a product with a side of 4 or less
/// fills at most two thirds of each tile, and below 256 weights packing the operands costs more
/// per call than the product. Measured on a Zen 4 (`flipbook-bench training`, and the C probe in
/// docs/design.md): the 2 → 16 and 16 → 1 layers of the reference network 1.2–4× faster at 128
/// and 800 rows; square 16 × 16 and 7 × 5 layers, and 784 × 4, slower than BLIS at 800 rows.
@inlinable
public func usesSmallDenseKernels(fanIn: Int, fanOut: Int) -> Bool {
    min(fanIn, fanOut) <= 4 && fanIn * fanOut <= 256
}

/// The largest `pairDensity` at which `sumOfTransposedProducts` skips zeros. Measured on this
/// project's machine (C probes at the image benchmark's shapes): 1.3–1.7× faster than BLIS at
/// Fashion-MNIST's 0.56, about even at 0.75.
public let sparseProductDensityLimit = 0.65

/// The fewest multiply-adds (`m·n·k`) for which the sparse product is tried: below, counting the
/// zeros and copying the right factor cost more than BLAS spends.
public let sparseProductMinimumWork = 1 << 20

/// Whether this CPU runs the sparse kernel of `Float.sparseTransposedProduct` (AVX2 and FMA).
public let sparseProductAvailable = flipbook_sparse_product_available() != 0

/// Whether `sumOfTransposedProducts` skips zeros here: the CPU runs the sparse kernel, and BLIS's
/// kernels in use are no wider than the kernel's own AVX2. Against BLIS's AVX2 kernels it wins
/// (a Zen 4 with `zen3`, 80–90 GFLOP/s per thread: 0.54–0.73× BLIS's time at the image
/// benchmark's shapes); BLIS's `skx` kernels on CPUs with full-width AVX-512 (Zen 5: 197–200
/// GFLOP/s per thread) run at over twice the speed the kernel was once measured 1.4× faster than.
public let sparseProductPreferred = sparseProductAvailable && (BLAS.configuration.inUse?.vectorLevel ?? 0) <= 2

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
        _ = BLAS.configuration
        cblas_sgemm(CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB),
                    blas_int(m), blas_int(n), blas_int(k), alpha, a, blas_int(lda),
                    b, blas_int(ldb), beta, c, blas_int(ldc))
    }
    public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
    public static func log(_ x: Float) -> Float { Glibc.logf(x) }
    public static func log1p(_ x: Float) -> Float { Glibc.log1pf(x) }
    public static func tanh(_ x: Float) -> Float { Glibc.tanhf(x) }
    public static var numpyDescriptor: String { "<f4" }

    public static func adamStep(
        count: Int, parameters: UnsafeMutablePointer<Float>, firstMoments: UnsafeMutablePointer<Float>,
        secondMoments: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
        beta1: Float, beta2: Float, stepSize: Float, inverseCorrection2: Float, epsilon: Float, flush: Float
    ) {
        flipbook_adam_f32(count, parameters, firstMoments, secondMoments, gradients,
                          beta1, beta2, stepSize, inverseCorrection2, epsilon, flush)
    }
    public static func reluBackward(count: Int, delta: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>) {
        flipbook_relu_backward_f32(count, delta, output)
    }
    public static func addBias(rows: Int, columns: Int, to z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, relu: Bool) {
        flipbook_add_bias_f32(rows, columns, z, bias, relu ? 1 : 0)
    }
    public static func sparseTransposedProduct(m: Int, n: Int, columns: Int, block: Range<Int>, a: UnsafePointer<Float>,
                                               b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, accumulate: Bool) -> Bool {
        flipbook_sparse_transposed_product_f32(m, n, block.lowerBound, block.upperBound, a, columns,
                                               b, n, c, n, accumulate ? 1 : 0) != 0
    }
    public static func pairDensity(m: Int, k: Int, a: UnsafePointer<Float>) -> Double {
        flipbook_pair_density_f32(m, k, a, k)
    }
    public static func smallDenseForward(rows: Int, fanIn: Int, fanOut: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                                         b: UnsafePointer<Float>, relu: Bool, z: UnsafeMutablePointer<Float>) -> Bool {
        flipbook_small_dense_forward_f32(rows, fanIn, fanOut, x, w, b, relu ? 1 : 0, z) != 0
    }
    public static func smallDenseInputGradient(rows: Int, fanIn: Int, fanOut: Int, delta: UnsafePointer<Float>, w: UnsafePointer<Float>,
                                               mask: UnsafePointer<Float>?, g: UnsafeMutablePointer<Float>) -> Bool {
        flipbook_small_dense_input_gradient_f32(rows, fanIn, fanOut, delta, w, mask, g) != 0
    }
    public static func smallDenseParameterGradients(rows: Int, fanIn: Int, fanOut: Int, x: UnsafePointer<Float>, delta: UnsafePointer<Float>,
                                                    dw: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>) -> Bool {
        flipbook_small_dense_parameter_gradients_f32(rows, fanIn, fanOut, x, delta, dw, db) != 0
    }
}

extension Double: BLASScalar {
    /// `cblas_dgemm`, row-major.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        _ = BLAS.configuration
        cblas_dgemm(CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB),
                    blas_int(m), blas_int(n), blas_int(k), alpha, a, blas_int(lda),
                    b, blas_int(ldb), beta, c, blas_int(ldc))
    }
    public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    public static func log(_ x: Double) -> Double { Glibc.log(x) }
    public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    public static var numpyDescriptor: String { "<f8" }

    public static func adamStep(
        count: Int, parameters: UnsafeMutablePointer<Double>, firstMoments: UnsafeMutablePointer<Double>,
        secondMoments: UnsafeMutablePointer<Double>, gradients: UnsafePointer<Double>,
        beta1: Double, beta2: Double, stepSize: Double, inverseCorrection2: Double, epsilon: Double, flush: Double
    ) {
        flipbook_adam_f64(count, parameters, firstMoments, secondMoments, gradients,
                          beta1, beta2, stepSize, inverseCorrection2, epsilon, flush)
    }
    public static func reluBackward(count: Int, delta: UnsafeMutablePointer<Double>, output: UnsafePointer<Double>) {
        flipbook_relu_backward_f64(count, delta, output)
    }
    public static func addBias(rows: Int, columns: Int, to z: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, relu: Bool) {
        flipbook_add_bias_f64(rows, columns, z, bias, relu ? 1 : 0)
    }
    /// Doubles always go through `gemm`.
    public static func sparseTransposedProduct(m: Int, n: Int, columns: Int, block: Range<Int>, a: UnsafePointer<Double>,
                                               b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, accumulate: Bool) -> Bool {
        false
    }
    public static func pairDensity(m: Int, k: Int, a: UnsafePointer<Double>) -> Double { 1 }
    public static func smallDenseForward(rows: Int, fanIn: Int, fanOut: Int, x: UnsafePointer<Double>, w: UnsafePointer<Double>,
                                         b: UnsafePointer<Double>, relu: Bool, z: UnsafeMutablePointer<Double>) -> Bool { false }
    public static func smallDenseInputGradient(rows: Int, fanIn: Int, fanOut: Int, delta: UnsafePointer<Double>, w: UnsafePointer<Double>,
                                               mask: UnsafePointer<Double>?, g: UnsafeMutablePointer<Double>) -> Bool { false }
    public static func smallDenseParameterGradients(rows: Int, fanIn: Int, fanOut: Int, x: UnsafePointer<Double>, delta: UnsafePointer<Double>,
                                                    dw: UnsafeMutablePointer<Double>, db: UnsafeMutablePointer<Double>) -> Bool { false }
}
