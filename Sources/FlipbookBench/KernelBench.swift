import Datasets
import Foundation
import LinearAlgebra

/// The zero-skipping weight gradient (`Sources/CKernels/sparse.c`) against BLIS at the first
/// layer of the image benchmark, per shape: one thread's share of a batch's `Σ xᵀδ` (rows
/// `0..<784/2` of the gradient over the batch's shards of real Fashion-MNIST pixels), for batch
/// cuts of 2 × 64 (the run's) and 1 × 128 rows, and δ widths of 256 and 128. Both kernels run in
/// turn, many times each, timed in thread-CPU seconds; the ratio is the figure.
func compareWeightGradientKernels(images: Matrix<Float>) {
    guard sparseProductAvailable else {
        print("zero-skipping weight gradient: not available on this CPU (no AVX2 and FMA)")
        return
    }
    BLAS.setThreadCount(1)
    print("zero-skipping weight gradient: \(sparseProductPreferred ? "used" : "not used") with BLIS's \(BLAS.configuration.name) kernels")
    print("zero-skipping weight gradient against BLIS (one thread's half of Σ xᵀδ over a batch of Fashion-MNIST pixels; thread-CPU µs, median of 7 rounds of 200 calls each):")
    for (shards, width) in [(2, 256), (1, 256), (2, 128)] {
        let rows = 128 / shards
        var generator = SeededGenerator(seed: 7)
        let xs = (0..<shards).map { shard in
            Matrix<Float>(rows: rows, columns: images.columns,
                          elements: Array(images.elements[(shard * rows * images.columns)..<((shard + 1) * rows * images.columns)]))
        }
        let deltas = (0..<shards).map { _ in
            Matrix<Float>(rows: rows, columns: width, elements: (0..<rows * width).map { _ in Float(generator.nextUniform(-1, 1)) })
        }
        let density = xs.map { x in x.elements.withUnsafeBufferPointer { Float.pairDensity(m: rows, k: x.columns, a: $0.baseAddress!) } }
        var sparse: [Double] = [], dense: [Double] = []
        for _ in 0..<7 {
            sparse.append(timeGradient(xs, deltas, useSparse: true))
            dense.append(timeGradient(xs, deltas, useSparse: false))
        }
        let (s, d) = (sparse.sorted()[3], dense.sorted()[3])
        print(String(format: "  %d shard(s) of %d rows, δ %d wide, pair density %.2f: zero-skipping %.0f µs, BLIS %.0f µs: %.2f× BLIS's time",
                     shards, rows, width, density.reduce(0, +) / Double(shards), s * 1e6, d * 1e6, s / d))
    }
}

/// Thread-CPU seconds per call of rows 0..<m/2 of Σ xᵀδ, by the sparse kernel or by BLIS.
private func timeGradient(_ xs: [Matrix<Float>], _ deltas: [Matrix<Float>], useSparse: Bool) -> Double {
    let (m, n) = (xs[0].columns, deltas[0].columns)
    let block = 0..<(m / 2)
    var c = [Float](repeating: 0, count: block.count * n)
    let calls = 200
    let start = threadCPUSeconds()
    for _ in 0..<calls {
        for (index, (x, delta)) in zip(xs, deltas).enumerated() {
            x.elements.withUnsafeBufferPointer { a in
                delta.elements.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        if useSparse {
                            _ = Float.sparseTransposedProduct(m: x.rows, n: n, columns: m, block: block, a: a.baseAddress!,
                                                              b: b.baseAddress!, c: c.baseAddress!, accumulate: index > 0)
                        } else {
                            Float.gemm(transposeA: true, transposeB: false, m: block.count, n: n, k: x.rows, alpha: 1,
                                       a: a.baseAddress!, lda: m, b: b.baseAddress!, ldb: n,
                                       beta: index == 0 ? 0 : 1, c: c.baseAddress!, ldc: n)
                        }
                    }
                }
            }
        }
    }
    return (threadCPUSeconds() - start) / Double(calls)
}
