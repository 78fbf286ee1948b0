import Testing
import Foundation
import LinearAlgebra
@testable import Neural

/// The optimizers' rules, weight decay and the learning-rate schedules against steps computed by
/// hand (or in Double, outside this code), on one layer whose gradient is known exactly.
@Suite struct OptimizerTests {
    /// One layer 2 → 1, W = [0.5, −1]ᵀ, b = 0.25, identity, MSE on x = [2, 1], y = 1: z = 0.25,
    /// ∂L/∂z = 2(z − y) = −1.5, ∂L/∂W = xᵀ·(−1.5) = [−3, −1.5], ∂L/∂b = −1.5, all exact in binary.
    func oneLayer() -> Network<Double> {
        Network(layers: [Dense(weight: Matrix([[0.5], [-1]]), bias: Matrix([[0.25]]), activation: .identity)],
                loss: .meanSquaredError)
    }

    /// W₁, W₂ and b after `steps` steps of `optimizer` from `oneLayer`, with the state they leave.
    func parameters(after steps: Int, of optimizer: some Optimizer<Double>) -> ([Double], OptimizerState<Double>) {
        var network = oneLayer()
        var state = optimizer.makeState(for: network)
        for _ in 0..<steps {
            network.step(inputs: Matrix([[2, 1]]), targets: Matrix([[1]]), optimizer: optimizer, state: &state)
        }
        return (network.layers[0].weight.elements + network.layers[0].bias.elements, state)
    }

    func expectClose(_ got: [Double], _ want: [Double], _ comment: Comment, tolerance: Double = 1e-13) {
        #expect(got.count == want.count, comment)
        for (value, reference) in zip(got, want) {
            #expect(abs(value - reference) <= tolerance * max(1, abs(reference)), "\(value) instead of \(reference): \(comment)")
        }
    }

    /// λ = 0.5, η = 0.1: the weights' gradient gains λW = [0.25, −0.5], so W = [0.5, −1] − 0.1·[−2.75, −2]
    /// = [0.775, −0.8]; the bias's does not, so b = 0.25 + 0.1·1.5 = 0.4 (decayed, it would be 0.3875).
    /// Momentum's first step, v = −η∇, is the same step.
    @Test func weightDecayJoinsTheWeightGradientsButNotTheBiases() throws {
        let (gd, _) = parameters(after: 1, of: try GradientDescent(learningRate: 0.1, weightDecay: 0.5))
        expectClose(gd, [0.775, -0.8, 0.4], "gradient descent")
        let (momentum, state) = parameters(after: 1, of: try Momentum(learningRate: 0.1, weightDecay: 0.5))
        expectClose(momentum, [0.775, -0.8, 0.4], "momentum")
        expectClose(state.vector(0, ofTensor: 0).elements + state.vector(0, ofTensor: 1).elements,
                    [0.275, 0.2, 0.15], "momentum's velocity")
    }

    /// ρ = 0.9, η = 0.01, ε = 1e-8 from v = 0: v = 0.1·g² = [0.9, 0.225, 0.225] and
    /// θ − η g / (√v + ε), worked out to 40 digits (ε under the root would move W₁ by 1.6e-10).
    @Test func rmsPropStepHandComputed() throws {
        let (theta, state) = parameters(after: 1, of: try RMSProp(learningRate: 0.01, rho: 0.9, epsilon: 1e-8))
        expectClose(theta, [0.5316227762683504635, -0.9683772240649828593, 0.2816227759350171407], "θ")
        expectClose(state.vector(0, ofTensor: 0).elements + state.vector(0, ofTensor: 1).elements, [0.9, 0.225, 0.225], "v")
        #expect(state.steps == 1)
    }

    /// η = 0.01, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, two steps (the second at z = 0.2899999998, so
    /// ∇ = [−2.8400000008, −1.4200000004, −1.4200000004]), computed in Double by the paper's
    /// algorithm with the bias corrections 1 − βᵗ for t = 1, then t = 2.
    @Test func adamTwoStepsHandComputed() throws {
        let adam = try Adam<Double>(learningRate: 0.01)
        let (first, _) = parameters(after: 1, of: adam)
        expectClose(first, [0.5099999999666667, -0.9900000000666667, 0.25999999993333334], "step 1")
        let (second, state) = parameters(after: 2, of: adam)
        expectClose(second, [0.5199819714988397, -0.9800180285686662, 0.26998197143133384], "step 2")
        expectClose(state.vector(0, ofTensor: 0).elements, [-0.5540000000799998, -0.2770000000399999], "m")
        expectClose(state.vector(1, ofTensor: 0).elements, [0.017056600004544016, 0.004264150001136004], "v")
        #expect(state.steps == 2)
    }

    /// Step decay over 8 epochs: ×1 until 50 %, ×0.1 from epoch 4, ×0.01 from epoch 6 (75 %).
    /// Cosine over 4 epochs: ½(1 + cos(πe/4)) = 1, ½ + √2/4, ½, ½ − √2/4.
    @Test func scheduleFactorsAtKnownEpochs() {
        #expect((0..<8).map { LearningRateSchedule.constant.factor(epoch: $0, of: 8) } == Array(repeating: 1, count: 8))
        #expect((0..<8).map { LearningRateSchedule.step.factor(epoch: $0, of: 8) } == [1, 1, 1, 1, 0.1, 0.1, 0.01, 0.01])
        let cosine = (0..<4).map { LearningRateSchedule.cosine.factor(epoch: $0, of: 4) }
        for (factor, expected) in zip(cosine, [1, 0.8535533905932737, 0.5, 0.14644660940672627]) {
            #expect(abs(factor - expected) < 1e-15, "cosine \(cosine)")
        }
    }

    /// A rule that ignores the gradient and moves every parameter down by the step's learning rate.
    struct DownByTheRate: Optimizer {
        let learningRate: Double
        let schedule: LearningRateSchedule
        var weightDecay: Double { 0 }
        var stateVectorCount: Int { 0 }
        func update(_ run: ParameterRun<Double>, at step: OptimizerStep<Double>) {
            for i in 0..<run.count { run.parameters[i] -= step.learningRate }
        }
    }

    /// Through `Trainer.fit`, each epoch's steps use η × the schedule's factor for that epoch:
    /// with η = 2 and two mini-batches an epoch, a parameter falls by 4 × the factor per epoch.
    @Test(arguments: [(LearningRateSchedule.step, [1, 1, 1, 1, 0.1, 0.1, 0.01, 0.01]),
                      (.cosine, [1, 0.9619397662556434, 0.8535533905932737, 0.6913417161825449,
                                 0.5, 0.30865828381745514, 0.14644660940672627, 0.03806023374435663])])
    func everyStepUsesTheScheduledRate(schedule: LearningRateSchedule, factors: [Double]) throws {
        var network = oneLayer()
        let examples = Examples(inputs: Matrix<Double>([[2, 1], [1, 0], [0, 1], [1, 1]]), targets: Matrix([[1], [0], [1], [0]]))
        var biases: [Double] = [network.layers[0].bias[0, 0]]
        _ = try Trainer(epochs: 8, batchSize: 2).fit(&network, optimizer: DownByTheRate(learningRate: 2, schedule: schedule),
                                                    train: examples, test: examples) { biases.append($0.parameters[1][0, 0]) }
        let falls = zip(biases, biases.dropFirst()).map { $0 - $1 }
        expectClose(falls, factors.map { 4 * $0 }, "\(schedule) schedule", tolerance: 1e-12)
    }
}
