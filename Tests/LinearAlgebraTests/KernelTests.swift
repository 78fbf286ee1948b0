import LinearAlgebra
import Testing

/// The C kernels (`Sources/CKernels`) against the rules written out in Swift, element by element.
/// Lengths 1…21 cover an empty vector body, the vector loop and its scalar tail. Neither side fuses
/// multiply-adds, so the results must agree exactly, whichever variant this CPU runs.
@Suite struct KernelTests {
    /// The exact bits of a value (widening to Double is exact and keeps the sign of zero).
    func bits<T: BLASScalar>(_ value: T) -> UInt64 { Double(value).bitPattern }

    /// Values with the cases that need care: zeros, both signs, moments near the flush threshold, NaN.
    func inputs<T: BLASScalar>(_ count: Int, seed: UInt64) -> [T] {
        let matrix: Matrix<T> = randomMatrix(1, count, seed: seed)
        return matrix.elements.enumerated().map { index, value in
            switch index % 7 {
            case 3: 0
            case 5: T.leastNormalMagnitude * 900 * (value < 0 ? -1 : 1)
            default: value
            }
        }
    }

    func checkAdam<T: BLASScalar>(_: T.Type) {
        for count in 1...21 {
            var theta: [T] = inputs(count, seed: 1), m: [T] = inputs(count, seed: 2)
            var v: [T] = inputs(count, seed: 3).map { abs($0) }
            var g: [T] = inputs(count, seed: 4)
            if count > 4 { g[4] = .nan }
            let (b1, b2, step, inv2, eps, flush): (T, T, T, T, T, T) = (0.9, 0.999, 0.01, 3, 1e-8, T.leastNormalMagnitude * 1024)
            var (expectedTheta, expectedM, expectedV) = (theta, m, v)
            for i in 0..<count {
                var first = b1 * m[i] + (1 - b1) * g[i]
                var second = b2 * v[i] + (1 - b2) * g[i] * g[i]
                first = abs(first) < flush ? 0 : first
                second = second < flush ? 0 : second
                expectedM[i] = first
                expectedV[i] = second
                expectedTheta[i] = theta[i] - step * first / ((second * inv2).squareRoot() + eps)
            }
            T.adamStep(count: count, parameters: &theta, firstMoments: &m, secondMoments: &v, gradients: g,
                       beta1: b1, beta2: b2, stepSize: step, inverseCorrection2: inv2, epsilon: eps, flush: flush)
            #expect(theta.map(bits) == expectedTheta.map(bits), "θ, count \(count)")
            #expect(m.map(bits) == expectedM.map(bits), "m, count \(count)")
            #expect(v.map(bits) == expectedV.map(bits), "v, count \(count)")
            if count > 4 { #expect(theta[4].isNaN && m[4].isNaN && v[4].isNaN, "NaN must propagate") }
        }
    }

    @Test func adamMatchesTheRule() {
        checkAdam(Float.self)
        checkAdam(Double.self)
    }

    func checkReLU<T: BLASScalar>(_: T.Type) {
        for count in 1...21 {
            let output: [T] = inputs(count, seed: 5).map { max($0, 0) }
            var delta: [T] = inputs(count, seed: 6)
            let expected = zip(delta, output).map { d, a in a > 0 ? d : 0 }
            T.reluBackward(count: count, delta: &delta, output: output)
            #expect(delta.map(bits) == expected.map(bits), "count \(count)")
        }
    }

    @Test func reluBackwardKeepsTheActiveUnits() {
        checkReLU(Float.self)
        checkReLU(Double.self)
    }

    func checkBias<T: BLASScalar>(_: T.Type) {
        for columns in 1...19 {
            let rows = 3
            var z = Matrix<T>(rows: rows, columns: columns, elements: inputs(rows * columns, seed: 7))
            z[1, 0] = .nan
            let bias = Matrix<T>(rows: 1, columns: columns, elements: inputs(columns, seed: 8))
            for relu in [false, true] {
                var result = z
                result.addToEachRow(bias, thenReLU: relu)
                for r in 0..<rows {
                    for c in 0..<columns {
                        let sum = z[r, c] + bias[0, c]
                        let expected = relu && sum < 0 ? 0 : sum
                        #expect(bits(result[r, c]) == bits(expected), "(\(r), \(c)) of \(columns) columns, relu \(relu)")
                    }
                }
                #expect(result[1, 0].isNaN, "NaN must stay NaN")
            }
        }
    }

    @Test func biasAndReLUEpilogue() {
        checkBias(Float.self)
        checkBias(Double.self)
    }
}
