import LinearAlgebra
import Testing

/// `Float.sparseTransposedProduct` (the zero-skipping weight gradient of `Sources/CKernels/sparse.c`)
/// against `aᵀb` summed in Double: shapes that exercise every column tile (48, 32, 16, 8 floats),
/// row counts around the 8-row gathers, odd column counts and blocks that start on an odd column.
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

    @Test(arguments: [(1, 9, 8), (7, 1, 16), (8, 12, 40), (13, 37, 56), (64, 30, 104), (21, 11, 256)])
    func matchesTheProductInDouble(rows: Int, columns: Int, n: Int) {
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

    /// Dense factors, widths that are not a multiple of 8, and Double go to BLAS.
    @Test func declinesWhereBLASIsTheBetterChoice() {
        let dense = sparseMatrix(16, 10, zeros: 0, seed: 1)
        #expect(product(dense, randomMatrix(16, 8, seed: 2), block: 0..<10) == nil)
        let sparse = sparseMatrix(16, 10, zeros: 0.8, seed: 1)
        #expect(product(sparse, randomMatrix(16, 10, seed: 2), block: 0..<10) == nil)
        var c = [Double](repeating: 0, count: 80)
        let ran = [Double](repeating: 0, count: 160).withUnsafeBufferPointer { a in
            [Double](repeating: 0, count: 128).withUnsafeBufferPointer { b in
                Double.sparseTransposedProduct(m: 16, n: 8, columns: 10, block: 0..<10, a: a.baseAddress!, b: b.baseAddress!,
                                               c: &c, accumulate: false)
            }
        }
        #expect(!ran)
    }

    /// Through `sumOfTransposedProducts`: one sparse and one dense shard, summed.
    @Test func sumOfShardsMixesSparseAndDense() {
        let shards = [sparseMatrix(20, 17, zeros: 0.8, seed: 6), sparseMatrix(12, 17, zeros: 0, seed: 7)]
        let deltas: [Matrix<Float>] = [randomMatrix(20, 24, seed: 8), randomMatrix(12, 24, seed: 9)]
        let sum = sumOfTransposedProducts(shards, deltas)
        let want = zip(expected(shards[0], deltas[0], block: 0..<17, start: [Float](repeating: 0, count: 17 * 24)),
                       expected(shards[1], deltas[1], block: 0..<17, start: [Float](repeating: 0, count: 17 * 24))).map(+)
        for (value, reference) in zip(sum.elements, want) {
            #expect(abs(Double(value) - reference) <= 1e-5 * (1 + abs(reference)))
        }
    }
}
