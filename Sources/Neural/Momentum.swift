import LinearAlgebra

/// Gradient descent with momentum (Polyak, 1964): `v ← μ v − η ∇θ`, `θ ← θ + v`.
public struct Momentum<Scalar: BLASScalar>: Optimizer {
    public let learningRate: Scalar
    public let weightDecay: Scalar
    public let schedule: LearningRateSchedule
    /// The momentum coefficient μ in [0, 1).
    public let momentum: Scalar
    /// One vector: the velocity `v`.
    public var stateVectorCount: Int { 1 }

    /// Momentum SGD with step size `learningRate` (> 0), coefficient `momentum` in [0, 1),
    /// weight decay λ ≥ 0 and a schedule.
    public init(learningRate: Scalar, momentum: Scalar = 0.9, weightDecay: Scalar = 0,
                schedule: LearningRateSchedule = .constant) throws(ArgumentError) {
        self.learningRate = try validatedLearningRate(learningRate)
        self.momentum = try validatedFraction("momentum", momentum)
        self.weightDecay = try validatedWeightDecay(weightDecay)
        self.schedule = schedule
    }

    @inlinable
    public func update(_ run: ParameterRun<Scalar>, at step: OptimizerStep<Scalar>) {
        let (theta, g, v) = (run.parameters, run.gradients, run.state(0))
        let (mu, eta) = (momentum, step.learningRate)
        for i in 0..<run.count {
            v[i] = mu * v[i] - eta * g[i]
            theta[i] += v[i]
        }
    }
}
