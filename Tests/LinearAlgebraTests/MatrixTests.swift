import TestSupport
import Testing
@testable import LinearAlgebra

@Suite struct MatrixTests {
    @Test func gemmMatchesTheTripleLoopForEveryTransposeInDouble() {
        let a: Matrix<Double> = randomMatrix(5, 7, seed: 1)
        let b: Matrix<Double> = randomMatrix(7, 3, seed: 2)
        let expected = naiveProduct(a, b)
        let variants = [
            matmul(a, b),
            matmul(a.transposed, b, transposeA: true),
            matmul(a, b.transposed, transposeB: true),
            matmul(a.transposed, b.transposed, transposeA: true, transposeB: true),
        ]
        for product in variants {
            #expect(product.rows == 5 && product.columns == 3)
            for i in 0..<product.count {
                #expect(isApproximatelyEqual(product.elements[i], expected.elements[i], relativeTolerance: 1e-12, absoluteTolerance: 1e-12))
            }
        }
    }

    @Test func gemmInFloatAccumulatesWithAlphaAndBeta() {
        let a: Matrix<Float> = randomMatrix(4, 6, seed: 3)
        let b: Matrix<Float> = randomMatrix(6, 2, seed: 4)
        var c = Matrix<Float>(rows: 4, columns: 2, repeating: 1)
        gemm(a, b, alpha: 2, beta: 0.5, into: &c)
        let expected = naiveProduct(a, b)
        for i in 0..<c.count {
            #expect(isApproximatelyEqual(c.elements[i], 2 * expected.elements[i] + 0.5, relativeTolerance: 1e-5, absoluteTolerance: 1e-5))
        }
    }

    @Test func handComputedProduct() {
        let a = Matrix<Double>([[1, 2], [3, 4]])
        let b = Matrix<Double>([[5, 6], [7, 8]])
        #expect(matmul(a, b) == Matrix([[19, 22], [43, 50]]))
        #expect(matmul(a, b, transposeA: true) == Matrix([[26, 30], [38, 44]]))
    }

    @Test func biasBroadcastAndColumnSums() {
        var m = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        m.addToEachRow(Matrix([[10, 20, 30]]))
        #expect(m == Matrix([[11, 22, 33], [14, 25, 36]]))
        #expect(m.columnSums() == Matrix([[25, 47, 69]]))
        #expect(m.sum() == 141)
    }

    @Test func elementwiseKernels() {
        var m = Matrix<Double>([[1, -2], [3, -4]])
        m.add(Matrix([[1, 1], [1, 1]]), scaledBy: -2)
        #expect(m == Matrix([[-1, -4], [1, -6]]))
        m.multiplyElementwise(by: Matrix([[2, 0.5], [-1, 1]]))
        #expect(m == Matrix([[-2, -2], [-1, -6]]))
        m.scale(by: -0.5)
        #expect(m == Matrix([[1, 1], [0.5, 3]]))
        #expect(m.argmaxPerRow() == [0, 1])
        #expect(m.gatheringRows([1, 1, 0]) == Matrix([[0.5, 3], [0.5, 3], [1, 1]]))
        #expect(m.transposed == Matrix([[1, 0.5], [1, 3]]))
        #expect(m.isFinite)
        m[0, 1] = .nan
        #expect(!m.isFinite)
    }
}

@Suite struct TransposedProductBlockTests {
    @Test func blocksOfASumOfTransposedProductsMatchTheWholeProduct() {
        // Σ aᵢᵀ bᵢ over two shards of 5 and 3 rows, 7 × 4, computed in row blocks [0, 3) and [3, 7).
        let a: [Matrix<Double>] = [randomMatrix(5, 7, seed: 1), randomMatrix(3, 7, seed: 2)]
        let b: [Matrix<Double>] = [randomMatrix(5, 4, seed: 3), randomMatrix(3, 4, seed: 4)]
        var expected = naiveProduct(a[0].transposed, b[0])
        expected.add(naiveProduct(a[1].transposed, b[1]))
        var result = Matrix<Double>(rows: 7, columns: 4, repeating: .nan)
        result.elements.withUnsafeMutableBufferPointer { c in
            sumOfTransposedProducts(a, b, rows: 0..<3, into: c.baseAddress!)
            sumOfTransposedProducts(a, b, rows: 3..<7, into: c.baseAddress! + 3 * 4)
        }
        for (x, y) in zip(result.elements, expected.elements) {
            #expect(isApproximatelyEqual(x, y, relativeTolerance: 1e-12, absoluteTolerance: 1e-12), "\(x) vs \(y)")
        }
    }
}
