import TestSupport
import Testing
import Foundation
import LinearAlgebra
@testable import Neural

@Suite struct LossTests {
    @Test func binaryCrossEntropyHandComputed() {
        // z = 0: ℓ = log 2 for either label; z = 2, y = 1: ℓ = log(1 + e⁻²); z = −1, y = 1: ℓ = log(1 + e).
        let logits = Matrix<Double>([[0], [0], [2], [-1]])
        let labels = Matrix<Double>([[0], [1], [1], [1]])
        let result = binaryCrossEntropy(logits: logits, labels: labels)
        let expected = (2 * log(2.0) + log(1 + exp(-2.0)) + log(1 + exp(1.0))) / 4
        #expect(isApproximatelyEqual(result.value, expected, relativeTolerance: 1e-12))
        let sigma2 = 1 / (1 + exp(-2.0)), sigmaMinus1 = 1 / (1 + exp(1.0))
        #expect(isApproximatelyEqual(result.gradient[0, 0], 0.5 / 4, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(result.gradient[1, 0], -0.5 / 4, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(result.gradient[2, 0], (sigma2 - 1) / 4, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(result.gradient[3, 0], (sigmaMinus1 - 1) / 4, relativeTolerance: 1e-12))
    }

    @Test func binaryCrossEntropyIsStableForHugeLogits() {
        let logits = Matrix<Float>([[1000], [-1000], [1000], [-1000]])
        let labels = Matrix<Float>([[1], [0], [0], [1]])
        let result = binaryCrossEntropy(logits: logits, labels: labels)
        // Two perfect predictions (loss 0) and two confident mistakes (loss 1000 each): mean 500.
        #expect(result.value.isFinite)
        #expect(isApproximatelyEqual(result.value, 500, relativeTolerance: 1e-6))
        #expect(result.gradient.isFinite)
        #expect(result.gradient == Matrix([[0], [0], [0.25], [-0.25]]))
    }

    @Test func softmaxCrossEntropyHandComputed() {
        // Row [1, 2, 3] with label 2: ℓ = log(e¹ + e² + e³) − 3.
        let logits = Matrix<Double>([[1, 2, 3], [0, 0, 0]])
        let labels = Matrix<Double>([[0, 0, 1], [1, 0, 0]])
        let result = softmaxCrossEntropy(logits: logits, labels: labels)
        let row0 = log(exp(1.0) + exp(2.0) + exp(3.0)) - 3
        let row1 = log(3.0)
        #expect(isApproximatelyEqual(result.value, (row0 + row1) / 2, relativeTolerance: 1e-12))
        let total = exp(1.0) + exp(2.0) + exp(3.0)
        #expect(isApproximatelyEqual(result.gradient[0, 2], (exp(3.0) / total - 1) / 2, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(result.gradient[1, 1], (1.0 / 3) / 2, relativeTolerance: 1e-12))
    }

    @Test func softmaxCrossEntropyIsStableForHugeLogits() {
        let logits = Matrix<Float>([[10_000, 0, -10_000]])
        let result = softmaxCrossEntropy(logits: logits, labels: Matrix([[0, 1, 0]]))
        #expect(isApproximatelyEqual(result.value, 10_000, relativeTolerance: 1e-6))
        #expect(result.gradient.isFinite)
    }

    @Test func meanSquaredErrorHandComputed() {
        let result = meanSquaredError(predicted: Matrix<Double>([[1, 2], [3, 4]]), expected: Matrix([[1, 0], [0, 4]]))
        #expect(result.value == (0 + 4 + 9 + 0) / 4.0)
        #expect(result.gradient == Matrix([[0, 1], [1.5, 0]]))
    }

    @Test func activationsHandComputed() {
        let z = Matrix<Double>([[-2, 0, 3]])
        #expect(Activation.relu(z) == Matrix([[0, 0, 3]]))
        #expect(Activation.leakyReLU(slope: 0.1)(z) == Matrix([[-0.2, 0, 3]]))
        #expect(Activation.identity(z) == z)
        #expect(isApproximatelyEqual(Activation.sigmoid(z)[0, 0], 1 / (1 + exp(2.0)), relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(Activation.tanh(z)[0, 2], tanh(3.0), relativeTolerance: 1e-12))
        let softmax = Activation.softmax(z)
        #expect(isApproximatelyEqual(softmax.sum(), 1, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(softmax[0, 2], exp(3.0) / (exp(-2.0) + 1 + exp(3.0)), relativeTolerance: 1e-12))
        #expect(Activation.softmax(Matrix<Float>([[1000, 1000]])) == Matrix([[0.5, 0.5]]))
        #expect(logistic(Float(-200)) == 0 && logistic(Float(200)) == 1)
    }
}

@Suite struct InitializerTests {
    @Test func glorotStaysWithinItsLimitAndHeHasItsVariance() {
        var generator = SeededGenerator(seed: 0)
        let glorot: Matrix<Double> = Initializer.glorotUniform.weights(fanIn: 200, fanOut: 100, using: &generator)
        let limit = (6.0 / 300).squareRoot()
        #expect(glorot.elements.allSatisfy { abs($0) <= limit })
        #expect(glorot.elements.map(abs).max()! > 0.95 * limit)
        let he: Matrix<Double> = Initializer.heNormal.weights(fanIn: 200, fanOut: 100, using: &generator)
        let variance = he.elements.reduce(0) { $0 + $1 * $1 } / Double(he.count)
        #expect(abs(variance - 2.0 / 200) < 0.05 * 2.0 / 200)
        let uniform: Matrix<Float> = Initializer.uniform(limit: 0.1).weights(fanIn: 10, fanOut: 10, using: &generator)
        #expect(uniform.elements.allSatisfy { abs($0) <= 0.1 })
        #expect(Initializer.standard(for: .relu) == .heNormal && Initializer.standard(for: .tanh) == .glorotUniform)
    }
}
