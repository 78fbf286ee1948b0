import LinearAlgebra
import Testing

/// The zero-skipping weight gradient of `Sources/CKernels/sparse.c` (`Float.sparseTransposedProduct`)
/// against `aᵀb` summed in Double: shapes that exercise every column tile (48, 32, 16, 8 floats),
/// row counts around the 8-row gathers, odd column counts (a lone last column) and blocks that
/// start on an odd column; then how `sumOfTransposedProducts` chooses between it and BLAS.
@Suite struct SparseProductTests {
    /// An `rows × columns` matrix in which about `zeros` of the elements are exactly 0.
    func sparseMatrix(_ rows: Int, _ columns: Int, zeros: Double, seed: UInt64) -> Matrix<Float> {
        var generator = SeededGenerator(seed: seed)
        let elements = (0..<rows * columns).map { _ in
            generator.nextUniform(0, 1) < zeros ? Float(0) : Float(generator.nextUniform(-1, 1))
        }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// Rows `block` of `aᵀb` + `start`, in Double.
    func expected(_ a: Matrix<Float>, _ b: Matrix<Float>, block: Range<Int>, start: [Float]) -> [Double] {
        var result = start.map(Double.init)
        for (i, k) in block.enumerated() {
            for j in 0..<b.columns {
                for r in 0..<a.rows { result[i * b.columns + j] += Double(a[r, k]) * Double(b[r, j]) }
            }
        }
        return result
    }

    /// Runs the kernel on rows `block`; nil where it declined.
    func product(_ a: Matrix<Float>, _ b: Matrix<Float>, block: Range<Int>, start: [Float]? = nil) -> [Float]? {
        var c = start ?? [Float](repeating: .nan, count: block.count * b.columns)
        let ran = a.elements.withUnsafeBufferPointer { x in
            b.elements.withUnsafeBufferPointer { y in
                c.withUnsafeMutableBufferPointer { out in
                    Float.sparseTransposedProduct(m: a.rows, n: b.columns, columns: a.columns, block: block, a: x.baseAddress!,
                                                  b: y.baseAddress!, c: out.baseAddress!, accumulate: start != nil)
                }
            }
        }
        return ran ? c : nil
    }

    /// The last case has more rows than one pass takes (64) and more column pairs than one chunk (32).
    @Test(arguments: [(1, 9, 8), (7, 1, 16), (8, 12, 40), (13, 37, 56), (64, 30, 104), (21, 11, 256), (150, 70, 48)])
    func transposedMatchesTheProductInDouble(rows: Int, columns: Int, n: Int) {
        let a = sparseMatrix(rows, columns, zeros: 0.8, seed: UInt64(rows * 1000 + columns))
        let b: Matrix<Float> = randomMatrix(rows, n, seed: UInt64(n))
        for block in [0..<columns, (columns / 3)..<columns, (columns > 2 ? 1 : 0)..<max(1, columns - 1)] where !block.isEmpty {
            let start: [Float] = randomMatrix(block.count, n, seed: 9).elements
            for accumulate in [false, true] {
                guard let got = product(a, b, block: block, start: accumulate ? start : nil) else {
                    #expect(!sparseProductAvailable, "declined rows \(rows) columns \(columns) n \(n)")
                    continue
                }
                let want = expected(a, b, block: block, start: accumulate ? start : [Float](repeating: 0, count: start.count))
                for (value, reference) in zip(got, want) {
                    #expect(abs(Double(value) - reference) <= 1e-5 * (1 + abs(reference)), "rows \(rows) columns \(columns) n \(n) block \(block)")
                }
            }
        }
    }

    /// Blocks cut anywhere — odd or even starts, as threads cut them — give the whole call's bits.
    @Test func blocksGiveTheSameBitsAsOneCall() throws {
        try #require(sparseProductAvailable)
        let a = sparseMatrix(45, 23, zeros: 0.7, seed: 4)
        let b: Matrix<Float> = randomMatrix(45, 72, seed: 5)
        let whole = try #require(product(a, b, block: 0..<23))
        for cut in [1, 2, 7, 12, 22] {
            let first = try #require(product(a, b, block: 0..<cut)), second = try #require(product(a, b, block: cut..<23))
            #expect((first + second).map(\.bitPattern) == whole.map(\.bitPattern), "cut at \(cut)")
        }
    }

    func expectClose(_ got: [Float], _ want: [Double], _ comment: Comment) {
        #expect(got.count == want.count, comment)
        for (value, reference) in zip(got, want) where abs(Double(value) - reference) > 1e-5 * (1 + abs(reference)) {
            Issue.record("\(value) instead of \(reference): \(comment)")
            return
        }
    }

    /// Widths that are not a multiple of 8 are left to BLAS.
    @Test func kernelDeclinesWidthsThatAreNotAMultipleOfEight() {
        let a = sparseMatrix(16, 10, zeros: 0.8, seed: 1)
        #expect(product(a, randomMatrix(16, 10, seed: 2), block: 0..<10) == nil)
    }

    /// `Double` has no sparse kernel: its weight gradients of sparse inputs, above the size where
    /// `Float` skips zeros, go through BLAS and equal the products summed in order, whole or by a
    /// block of rows as a thread computes it.
    @Test func doublesOfSparseInputsMatchTheProduct() {
        let shards = [sparseMatrix(40, 200, zeros: 0.8, seed: 6), sparseMatrix(30, 200, zeros: 0.8, seed: 7)].map(Matrix<Double>.init(converting:))
        let deltas: [Matrix<Double>] = [randomMatrix(40, 136, seed: 8), randomMatrix(30, 136, seed: 9)]
        #expect(40 * 136 * 200 >= sparseProductMinimumWork)
        var want = [Double](repeating: 0, count: 200 * 136)
        for (a, b) in zip(shards, deltas) {
            for r in 0..<a.rows {
                for k in 0..<200 where a[r, k] != 0 {
                    for j in 0..<136 { want[k * 136 + j] += a[r, k] * b[r, j] }
                }
            }
        }
        func expectEqual(_ got: [Double], _ want: ArraySlice<Double>, _ comment: Comment) {
            #expect(got.count == want.count, comment)
            let worst = zip(got, want).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? .infinity
            #expect(worst < 1e-12, comment)
        }
        expectEqual(sumOfTransposedProducts(shards, deltas).elements, want[...], "whole product")
        var block = [Double](repeating: .nan, count: 50 * 136)
        block.withUnsafeMutableBufferPointer { sumOfTransposedProducts(shards, deltas, rows: 75..<125, into: $0.baseAddress!) }
        expectEqual(block, want[(75 * 136)..<(125 * 136)], "rows 75..<125")
    }

    /// Hand-counted: rows (1 0 0 0), (0 0 0 0), (0 0 2 0) have 2 of 6 column-pair cells non-zero.
    /// Then a 5 × 21 matrix (vector steps and a lone last column) against a count.
    @Test func pairDensityCountsTheCellsWithANonZero() throws {
        try #require(sparseProductAvailable)
        let small: [Float] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]
        #expect(Float.pairDensity(m: 3, k: 4, a: small) == 2.0 / 6)
        let a = sparseMatrix(5, 21, zeros: 0.6, seed: 3)
        var cells = 0
        for r in 0..<5 {
            for j in stride(from: 0, to: 21, by: 2) where a[r, j] != 0 || (j + 1 < 21 && a[r, j + 1] != 0) { cells += 1 }
        }
        #expect(Float.pairDensity(m: 5, k: 21, a: a.elements) == Double(cells) / Double(5 * 11))
    }

    /// Through `sumOfTransposedProducts`, above the size where the kernel is tried: a sparse and a
    /// dense shard, summed, equal to the sum in Double.
    @Test func sumOfShardsMixesSparseAndDense() {
        let shards = [sparseMatrix(40, 200, zeros: 0.8, seed: 6), sparseMatrix(30, 200, zeros: 0, seed: 7)]
        let deltas: [Matrix<Float>] = [randomMatrix(40, 136, seed: 8), randomMatrix(30, 136, seed: 9)]
        // The first shard takes the sparse path, the second BLAS, when the kernels run here.
        #expect(Float.pairDensity(m: 40, k: 200, a: shards[0].elements) <= sparseProductDensityLimit
                || !sparseProductAvailable)
        #expect(Float.pairDensity(m: 30, k: 200, a: shards[1].elements) > sparseProductDensityLimit)
        #expect(40 * 136 * 200 >= sparseProductMinimumWork)
        let sum = sumOfTransposedProducts(shards, deltas)
        let zero = [Float](repeating: 0, count: 200 * 136)
        expectClose(sum.elements, zip(expected(shards[0], deltas[0], block: 0..<200, start: zero),
                                      expected(shards[1], deltas[1], block: 0..<200, start: zero)).map(+), "sum of shards")
    }
}
