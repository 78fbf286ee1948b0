import LinearAlgebra

/// Adam (Kingma & Ba, 2015): bias-corrected moving averages of the gradient and its square.
///
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `θ ← θ − η · m̂ / (√v̂ + ε)` with
/// `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`. Moments that decay below `flushThreshold` are set to zero:
/// left alone, they sink into the subnormal range in `Float`, where arithmetic is many times slower.
/// The rule runs in the C kernel `Scalar.adamStep` (AVX2 where the CPU has it).
public struct Adam<Scalar: BLASScalar>: Optimizer {
    public let learningRate: Scalar
    public let weightDecay: Scalar
    public let schedule: LearningRateSchedule
    /// Decay rate of the first moment.
    public let beta1: Scalar
    /// Decay rate of the second moment.
    public let beta2: Scalar
    /// Added to the denominator for stability.
    public let epsilon: Scalar
    /// Two vectors: the first moments `m`, then the second moments `v`.
    public var stateVectorCount: Int { 2 }

    /// Moments smaller than this in magnitude become 0 (1024 × the least normal number).
    @inlinable public var flushThreshold: Scalar { Scalar.leastNormalMagnitude * 1024 }

    /// Adam with the paper's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, weight decay λ ≥ 0 (added
    /// to the gradient, as L2 regularisation) and a schedule.
    public init(learningRate: Scalar = 0.001, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0, schedule: LearningRateSchedule = .constant) throws(ArgumentError) {
        self.learningRate = try validatedLearningRate(learningRate)
        self.beta1 = try validatedFraction("beta1", beta1)
        self.beta2 = try validatedFraction("beta2", beta2)
        guard epsilon > 0 else { throw ArgumentError("epsilon", epsilon, expected: "a positive number") }
        self.epsilon = epsilon
        self.weightDecay = try validatedWeightDecay(weightDecay)
        self.schedule = schedule
    }

    @inlinable
    public func update(_ run: ParameterRun<Scalar>, at step: OptimizerStep<Scalar>) {
        let t = Scalar(step.number)
        let correction1 = 1 - Scalar.exp(t * Scalar.log(beta1))     // 1 − β₁ᵗ
        let correction2 = 1 - Scalar.exp(t * Scalar.log(beta2))     // 1 − β₂ᵗ
        Scalar.adamStep(count: run.count, parameters: run.parameters.baseAddress!, firstMoments: run.state(0).baseAddress!,
                        secondMoments: run.state(1).baseAddress!, gradients: run.gradients.baseAddress!,
                        beta1: beta1, beta2: beta2, stepSize: step.learningRate / correction1,
                        inverseCorrection2: 1 / correction2, epsilon: epsilon, flush: flushThreshold)
    }
}
