import LinearAlgebra

/// A rule that moves parameters against their gradients.
///
/// The shared part is the learning rate and the loop over parameters; each concrete optimizer
/// writes only its per-parameter rule in `update(_:slot:parallelism:gradient:)`. `slot` numbers
/// the parameter tensors of a network (W1, b1, W2, …) so that stateful rules keep one state per
/// tensor. Every rule is element-wise, so a large tensor is updated in blocks of rows on up to
/// `parallelism` threads at once, with the same result.
public protocol Optimizer<Scalar>: Sendable {
    /// The scalar type of the parameters.
    associatedtype Scalar: BLASScalar
    /// The step size η.
    var learningRate: Scalar { get set }
    /// Called once before the updates of each step (Adam counts steps here).
    mutating func beginStep()
    /// Updates one parameter tensor in place. For each block of rows it handles, the rule first
    /// calls `gradient(rows, parameters)`, which returns the gradient of those rows (computing it
    /// there and then, if it likes, from the rows' current parameters).
    mutating func update(_ parameter: inout Matrix<Scalar>, slot: Int, parallelism: Int,
                         gradient: @Sendable (_ rows: Range<Int>, _ parameters: UnsafePointer<Scalar>) -> UnsafePointer<Scalar>)
}

extension Optimizer {
    /// Nothing to do by default.
    @inlinable
    public mutating func beginStep() {}

    /// Updates one parameter tensor in place from its gradient, on the calling thread.
    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, along gradient: Matrix<Scalar>, slot: Int) {
        precondition(gradient.rows == parameter.rows && gradient.columns == parameter.columns,
                     "update: gradient is \(gradient.rows)×\(gradient.columns), parameter \(parameter.rows)×\(parameter.columns)")
        guard parameter.count > 0 else { return }
        let columns = parameter.columns
        gradient.elements.withUnsafeBufferPointer { g in
            let g = SharedBuffer(UnsafeMutablePointer(mutating: g.baseAddress!))
            update(&parameter, slot: slot, parallelism: 1) { rows, _ in UnsafePointer(g.base + rows.lowerBound * columns) }
        }
    }
}

/// Optimizer state shaped like a parameter tensor (a velocity, a moment), created at zero on the
/// first update of its slot.
@usableFromInline
struct SlotStates<Scalar: BLASScalar>: Sendable {
    @usableFromInline var states: [Int: Matrix<Scalar>] = [:]

    @inlinable init() {}

    /// Runs `body` with the state of `slot`, a `rows × columns` tensor, as a shared buffer.
    /// (Only the shape is passed: a copy of the parameter alive during `body` would make the
    /// parameter's storage shared, and its update would copy it first.)
    @inlinable
    mutating func with<R>(_ slot: Int, rows: Int, columns: Int, _ body: (SharedBuffer<Scalar>) -> R) -> R {
        var state = states.removeValue(forKey: slot) ?? Matrix(rows: rows, columns: columns)
        precondition(state.rows == rows && state.columns == columns, "optimizer: slot \(slot) changed shape")
        defer { states[slot] = state }
        return state.elements.withUnsafeMutableBufferPointer { body(SharedBuffer($0.baseAddress!)) }
    }
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
    public mutating func update(_ parameter: inout Matrix<Scalar>, slot: Int, parallelism: Int,
                                gradient: @Sendable (Range<Int>, UnsafePointer<Scalar>) -> UnsafePointer<Scalar>) {
        guard parameter.count > 0 else { return }
        let eta = learningRate
        parameter.forEachRowBlock(parallelism: parallelism) { rows, theta in
            let g = gradient(rows, theta.baseAddress!)
            for i in theta.indices { theta[i] -= eta * g[i] }
        }
    }
}

/// Gradient descent with momentum (Polyak, 1964): `v ← μ v − η ∇θ`, `θ ← θ + v`.
public struct Momentum<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Scalar
    /// The momentum coefficient μ in [0, 1).
    public let momentum: Scalar
    @usableFromInline var velocities = SlotStates<Scalar>()

    /// Momentum SGD with step size `learningRate` (> 0) and coefficient `momentum` in [0, 1).
    public init(learningRate: Scalar, momentum: Scalar = 0.9) throws(SettingError) {
        self.learningRate = try validatedLearningRate(learningRate)
        guard momentum >= 0, momentum < 1 else {
            throw SettingError("momentum", momentum, expected: "a number in [0, 1)")
        }
        self.momentum = momentum
    }

    @inlinable
    public mutating func update(_ parameter: inout Matrix<Scalar>, slot: Int, parallelism: Int,
                                gradient: @Sendable (Range<Int>, UnsafePointer<Scalar>) -> UnsafePointer<Scalar>) {
        guard parameter.count > 0 else { return }
        let (mu, eta, columns) = (momentum, learningRate, parameter.columns)
        velocities.with(slot, rows: parameter.rows, columns: columns) { velocity in
            parameter.forEachRowBlock(parallelism: parallelism) { rows, theta in
                let g = gradient(rows, theta.baseAddress!)
                let v = velocity.base + rows.lowerBound * columns
                for i in theta.indices {
                    v[i] = mu * v[i] - eta * g[i]
                    theta[i] += v[i]
                }
            }
        }
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
    @usableFromInline var firstMoments = SlotStates<Scalar>()
    @usableFromInline var secondMoments = SlotStates<Scalar>()

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
    public mutating func update(_ parameter: inout Matrix<Scalar>, slot: Int, parallelism: Int,
                                gradient: @Sendable (Range<Int>, UnsafePointer<Scalar>) -> UnsafePointer<Scalar>) {
        guard parameter.count > 0 else { return }
        let t = Scalar(max(step, 1))
        let correction1 = 1 - Scalar.exp(t * Scalar.log(beta1))     // 1 − β₁ᵗ
        let correction2 = 1 - Scalar.exp(t * Scalar.log(beta2))     // 1 − β₂ᵗ
        let stepSize = learningRate / correction1
        let inverseCorrection2 = 1 / correction2
        let (b1, b2, eps, columns) = (beta1, beta2, epsilon, parameter.columns)
        firstMoments.with(slot, rows: parameter.rows, columns: columns) { m in
            secondMoments.with(slot, rows: parameter.rows, columns: columns) { v in
                parameter.forEachRowBlock(parallelism: parallelism) { rows, theta in
                    let g = gradient(rows, theta.baseAddress!)
                    let offset = rows.lowerBound * columns
                    Scalar.adamStep(count: theta.count, parameters: theta.baseAddress!, firstMoments: m.base + offset,
                                    secondMoments: v.base + offset, gradients: g,
                                    beta1: b1, beta2: b2, stepSize: stepSize, inverseCorrection2: inverseCorrection2,
                                    epsilon: eps, flush: Scalar.leastNormalMagnitude * 1024)
                }
            }
        }
    }
}
