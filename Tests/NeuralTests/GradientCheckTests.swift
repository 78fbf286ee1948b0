import TestSupport
import Testing
import LinearAlgebra
@testable import Neural

/// The training step's gradients against central finite differences, in Double, for every activation and loss.
@Suite struct GradientCheckTests {
    static let hiddenActivations: [Activation] = [.identity, .relu, .leakyReLU(slope: 0.1), .sigmoid, .tanh, .softmax]

    /// Inputs, and per loss the output width and targets the loss expects.
    static func targets(for loss: Loss, rows: Int) -> (outputs: Int, targets: Matrix<Double>) {
        let labels = (0..<rows).map { ($0 * 7 + 3) % 3 }
        switch loss {
        case .binaryCrossEntropy: return (3, oneHot(labels, classes: 3))      // one sigmoid per class
        case .softmaxCrossEntropy: return (3, oneHot(labels, classes: 3))
        case .meanSquaredError: return (2, uniformMatrix(rows, 2, seed: 9))
        }
    }

    @Test(arguments: hiddenActivations, Loss.allCases)
    func twoHiddenLayers(activation: Activation, loss: Loss) throws {
        let inputs = uniformMatrix(6, 4, seed: 1)
        let (outputs, targets) = Self.targets(for: loss, rows: 6)
        var network = try Network<Double>(inputSize: 4, hiddenSizes: [5, 3], outputSize: outputs,
                                          hiddenActivation: activation, loss: loss, seed: 11)
        // Non-zero biases, so that every bias gradient is exercised away from the kinks.
        var parameters = network.parameters
        for index in stride(from: 1, to: parameters.count, by: 2) {
            parameters[index] = uniformMatrix(1, parameters[index].columns, seed: UInt64(20 + index), in: (-0.3, 0.3))
        }
        network.parameters = parameters
        let error = GradientCheck.maximumRelativeError(of: network, inputs: inputs, targets: targets)
        #expect(error < 1e-6, "activation \(activation.name), loss \(loss.rawValue): relative error \(error)")
    }

    @Test func binaryOutputWithOneSigmoidUnit() throws {
        let inputs = uniformMatrix(8, 2, seed: 3)
        let targets = Matrix<Double>(rows: 8, columns: 1, elements: [0, 1, 1, 0, 1, 0, 0, 1])
        let network = try Network<Double>(inputSize: 2, hiddenSizes: [16], outputSize: 1,
                                          hiddenActivation: .relu, loss: .binaryCrossEntropy, seed: 0)
        let error = GradientCheck.maximumRelativeError(of: network, inputs: inputs, targets: targets)
        #expect(error < 1e-6, "relative error \(error)")
    }

    @Test func inputGradientOfADenseLayer() {
        // ∂L/∂x = δ Wᵀ, as the training step hands it down, against finite differences of L = Σ (x·W + b) ⊙ G for a fixed G.
        let layer = Dense<Double>(weight: uniformMatrix(3, 2, seed: 5), bias: uniformMatrix(1, 2, seed: 6), activation: .tanh)
        let x = uniformMatrix(4, 3, seed: 7)
        let g = uniformMatrix(4, 2, seed: 8)
        func loss(_ input: Matrix<Double>) -> Double {
            var product = layer(input)
            product.multiplyElementwise(by: g)
            return product.sum()
        }
        let analytic = layer.inputGradient(delta: layer.delta(output: layer(x), outputGradient: g))
        let h = 1e-6
        for i in 0..<x.count {
            var plus = x, minus = x
            plus.elements[i] += h
            minus.elements[i] -= h
            let numeric = (loss(plus) - loss(minus)) / (2 * h)
            #expect(isApproximatelyEqual(analytic.elements[i], numeric, relativeTolerance: 1e-6, absoluteTolerance: 1e-9))
        }
    }
}
