import LinearAlgebra

/// RMSProp (Tieleman & Hinton, *Neural Networks for Machine Learning*, lecture 6e, 2012): each
/// step divided by a moving root mean square of the gradient, `v ← ρv + (1−ρ)g²`, `θ ← θ − η g / (√v + ε)`.
///
/// The lecture has no ε. This variant adds it after the square root, `√v + ε` (as PyTorch's
/// `RMSprop` does; TensorFlow's `RMSPropOptimizer` adds it under the root, `√(v + ε)`), so that
/// it only matters where `v` is near 0.
public struct RMSProp<Scalar: BLASScalar>: Optimizer {
    public let learningRate: Scalar
    public let weightDecay: Scalar
    public let schedule: LearningRateSchedule
    /// Decay rate ρ of the mean square.
    public let rho: Scalar
    /// Added to the root mean square for stability.
    public let epsilon: Scalar
    /// One vector: the mean square `v`.
    public var stateVectorCount: Int { 1 }

    /// RMSProp with ρ = 0.9, ε = 1e-8 by default, weight decay λ ≥ 0 and a schedule.
    public init(learningRate: Scalar = 0.001, rho: Scalar = 0.9, epsilon: Scalar = 1e-8, weightDecay: Scalar = 0,
                schedule: LearningRateSchedule = .constant) throws(ArgumentError) {
        self.learningRate = try validatedLearningRate(learningRate)
        self.rho = try validatedFraction("rho", rho)
        guard epsilon > 0 else { throw ArgumentError("epsilon", epsilon, expected: "a positive number") }
        self.epsilon = epsilon
        self.weightDecay = try validatedWeightDecay(weightDecay)
        self.schedule = schedule
    }

    @inlinable
    public func update(_ run: ParameterRun<Scalar>, at step: OptimizerStep<Scalar>) {
        let (theta, g, v) = (run.parameters, run.gradients, run.state(0))
        let (rho, eta, epsilon) = (rho, step.learningRate, epsilon)
        for i in 0..<run.count {
            v[i] = rho * v[i] + (1 - rho) * g[i] * g[i]
            theta[i] -= eta * g[i] / (v[i].squareRoot() + epsilon)
        }
    }
}
