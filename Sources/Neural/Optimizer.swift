import LinearAlgebra

/// A rule that moves parameters against their gradients.
///
/// The shared part is the learning rate and the loop over parameters; each concrete optimizer
/// writes only its per-parameter rule in `update(_:along:slot:)`. `slot` numbers the parameter
/// tensors of a network (W1, b1, W2, …) so that stateful rules keep one state per tensor.
public protocol Optimizer<Scalar>: Sendable {
    /// The scalar type of the parameters.
    associatedtype Scalar: BLASScalar
    /// The step size η.
    var learningRate: Scalar { get set }
    /// Called once before the updates of each step (Adam counts steps here).
    mutating func beginStep()
    /// Updates one parameter tensor in place from its gradient.
    mutating func update(_ parameter: inout Matrix<Scalar>, along gradient: Matrix<Scalar>, slot: Int)
}

extension Optimizer {
    /// Nothing to do by default.
    @inlinable
    public mutating func beginStep() {}
}

/// Checks a learning rate: positive and finite.
@usableFromInline
func validatedLearningRate<Scalar: BLASScalar>(_ rate: Scalar) throws(SettingError) -> Scalar {
    guard rate > 0, rate.isFinite else {
        throw SettingError("learning-rate", rate, expected: "a positive, finite number")
    }
    return rate
}

/// Plain gradient descent, the method of the classic tutorials: `θ ← θ − η ∇θ`.
public struct GradientDescent<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Scalar

    /// Gradient descent with step size `learningRate` (> 0).
    public init(learningRate: Scalar) throws(SettingError) {
        self.learningRate = try validatedLearningRate(learningRate)
    }

    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, along gradient: Matrix<Scalar>, slot: Int) {
        parameter.add(gradient, scaledBy: -learningRate)
    }
}

/// Gradient descent with momentum (Polyak, 1964): `v ← μ v − η ∇θ`, `θ ← θ + v`.
public struct Momentum<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Scalar
    /// The momentum coefficient μ in [0, 1).
    public let momentum: Scalar
    @usableFromInline var velocities: [Int: Matrix<Scalar>] = [:]

    /// Momentum SGD with step size `learningRate` (> 0) and coefficient `momentum` in [0, 1).
    public init(learningRate: Scalar, momentum: Scalar = 0.9) throws(SettingError) {
        self.learningRate = try validatedLearningRate(learningRate)
        guard momentum >= 0, momentum < 1 else {
            throw SettingError("momentum", momentum, expected: "a number in [0, 1)")
        }
        self.momentum = momentum
    }

    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, along gradient: Matrix<Scalar>, slot: Int) {
        var velocity = velocities.removeValue(forKey: slot)
            ?? Matrix(rows: parameter.rows, columns: parameter.columns)
        let (mu, eta) = (momentum, learningRate)
        velocity.elements.withUnsafeMutableBufferPointer { v in
            parameter.elements.withUnsafeMutableBufferPointer { theta in
                gradient.elements.withUnsafeBufferPointer { g in
                    for i in v.indices {
                        v[i] = mu * v[i] - eta * g[i]
                        theta[i] += v[i]
                    }
                }
            }
        }
        velocities[slot] = velocity
    }
}

/// Adam (Kingma & Ba, 2015): bias-corrected moving averages of the gradient and its square.
///
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `θ ← θ − η · m̂ / (√v̂ + ε)` with
/// `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`. Moments that decay below `flushThreshold` are set to zero:
/// left alone, they sink into the subnormal range in `Float`, where arithmetic is many times slower.
public struct Adam<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Scalar
    /// Decay rate of the first moment.
    public let beta1: Scalar
    /// Decay rate of the second moment.
    public let beta2: Scalar
    /// Added to the denominator for stability.
    public let epsilon: Scalar
    @usableFromInline var step = 0
    @usableFromInline var moments: [Int: (first: Matrix<Scalar>, second: Matrix<Scalar>)] = [:]

    /// Adam with the paper's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    public init(learningRate: Scalar = 0.001, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8) throws(SettingError) {
        self.learningRate = try validatedLearningRate(learningRate)
        guard beta1 >= 0, beta1 < 1 else { throw SettingError("beta1", beta1, expected: "a number in [0, 1)") }
        guard beta2 >= 0, beta2 < 1 else { throw SettingError("beta2", beta2, expected: "a number in [0, 1)") }
        guard epsilon > 0 else { throw SettingError("epsilon", epsilon, expected: "a positive number") }
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    @inlinable
    public mutating func beginStep() { step += 1 }

    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, along gradient: Matrix<Scalar>, slot: Int) {
        precondition(gradient.count == parameter.count, "Adam: gradient and parameter shapes differ")
        guard parameter.count > 0 else { return }
        var (m, v) = moments.removeValue(forKey: slot)
            ?? (Matrix(rows: parameter.rows, columns: parameter.columns),
                Matrix(rows: parameter.rows, columns: parameter.columns))
        let t = Scalar(max(step, 1))
        let correction1 = 1 - Scalar.exp(t * Scalar.log(beta1))     // 1 − β₁ᵗ
        let correction2 = 1 - Scalar.exp(t * Scalar.log(beta2))     // 1 − β₂ᵗ
        let stepSize = learningRate / correction1
        let inverseCorrection2 = 1 / correction2
        m.elements.withUnsafeMutableBufferPointer { m in
            v.elements.withUnsafeMutableBufferPointer { v in
                parameter.elements.withUnsafeMutableBufferPointer { theta in
                    gradient.elements.withUnsafeBufferPointer { g in
                        Scalar.adamStep(count: m.count, parameters: theta.baseAddress!, firstMoments: m.baseAddress!,
                                        secondMoments: v.baseAddress!, gradients: g.baseAddress!,
                                        beta1: beta1, beta2: beta2, stepSize: stepSize,
                                        inverseCorrection2: inverseCorrection2, epsilon: epsilon,
                                        flush: Scalar.leastNormalMagnitude * 1024)
                    }
                }
            }
        }
        moments[slot] = (m, v)
    }
}
