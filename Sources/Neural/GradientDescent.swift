import LinearAlgebra

/// Plain gradient descent, the method of the classic tutorials: `θ ← θ − η ∇θ`.
public struct GradientDescent<Scalar: BLASScalar>: Optimizer {
    public let learningRate: Scalar
    public let weightDecay: Scalar
    public let schedule: LearningRateSchedule
    public var stateVectorCount: Int { 0 }

    /// Gradient descent with step size `learningRate` (> 0), weight decay λ ≥ 0 and a schedule.
    public init(learningRate: Scalar, weightDecay: Scalar = 0, schedule: LearningRateSchedule = .constant) throws(ArgumentError) {
        self.learningRate = try validatedLearningRate(learningRate)
        self.weightDecay = try validatedWeightDecay(weightDecay)
        self.schedule = schedule
    }

    @inlinable
    public func update(_ run: ParameterRun<Scalar>, at step: OptimizerStep<Scalar>) {
        let (theta, g, eta) = (run.parameters, run.gradients, step.learningRate)
        for i in 0..<run.count { theta[i] -= eta * g[i] }
    }
}
