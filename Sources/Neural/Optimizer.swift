import LinearAlgebra

/// A rule that moves parameters against their gradients, one run of elements at a time.
///
/// An optimizer is a value: its options (the learning rate η, the L2 weight decay λ on the
/// weights, the learning-rate schedule, its own hyper-parameters) and one pure per-element rule,
/// `update(_:at:)`, over a run of parameters, their gradients and the rule's state vectors.
/// What changes from step to step (moments, velocities, the step count) lives in an
/// `OptimizerState` owned by whoever trains. How a tensor is cut into runs and spread over
/// threads is `Network.step`'s business: every rule is element-wise, so the cut changes no number.
public protocol Optimizer<Scalar>: Sendable {
    /// The scalar type of the parameters.
    associatedtype Scalar: BLASScalar
    /// The step size η, before the schedule.
    var learningRate: Scalar { get }
    /// The L2 weight decay λ: the loss gains λ/2·ΣW² over the weights (not the biases).
    var weightDecay: Scalar { get }
    /// How the learning rate changes over the epochs.
    var schedule: LearningRateSchedule { get }
    /// How many vectors shaped like a parameter tensor the rule keeps (a velocity: 1; Adam: 2).
    var stateVectorCount: Int { get }
    /// The rule: moves `run.parameters` in place from `run.gradients` and `run.state(k)`.
    func update(_ run: ParameterRun<Scalar>, at step: OptimizerStep<Scalar>)
}

extension Optimizer {
    /// The learning rate at `epoch` (from 0) of `epochs`: η times the schedule's factor.
    @inlinable
    public func learningRate(epoch: Int, of epochs: Int) -> Scalar {
        learningRate * Scalar(schedule.factor(epoch: epoch, of: epochs))
    }

    /// Zero state for the parameter tensors of `network`.
    @inlinable
    public func makeState(for network: Network<Scalar>) -> OptimizerState<Scalar> {
        OptimizerState(vectorCount: stateVectorCount, shapes: network.parameters.map { ($0.rows, $0.columns) })
    }

    /// The driver of one run: a weight's gradient gains `λθ` (the penalty's gradient), then the rule.
    @inlinable
    func apply(to run: ParameterRun<Scalar>, isWeight: Bool, at step: OptimizerStep<Scalar>) {
        if isWeight, weightDecay > 0 { run.addToGradients(weightDecay) }
        update(run, at: step)
    }
}

/// What a rule knows of the step it is part of.
public struct OptimizerStep<Scalar: BLASScalar>: Sendable, Equatable {
    /// The learning rate of this step: η times the schedule's factor for the epoch.
    public let learningRate: Scalar
    /// The step number t, counting from 1.
    public let number: Int

    /// A step with the given rate and number.
    @inlinable
    public init(learningRate: Scalar, number: Int) {
        self.learningRate = learningRate
        self.number = number
    }
}

/// One run of a parameter tensor's elements as a rule sees them: element `i` of the parameters,
/// of their gradients and of every state vector belong together.
public struct ParameterRun<Scalar: BLASScalar> {
    /// The parameters, moved in place.
    public let parameters: UnsafeMutableBufferPointer<Scalar>
    @usableFromInline let gradientBase: UnsafeMutablePointer<Scalar>
    @usableFromInline let stateBase: UnsafeMutablePointer<Scalar>?
    @usableFromInline let stateStride: Int

    /// A run over `parameters`, with its gradients at `gradients` and state vector `k` at
    /// `state + k · stateStride`.
    @inlinable
    init(parameters: UnsafeMutableBufferPointer<Scalar>, gradients: UnsafeMutablePointer<Scalar>,
         state: UnsafeMutablePointer<Scalar>?, stateStride: Int) {
        self.parameters = parameters
        self.gradientBase = gradients
        self.stateBase = state
        self.stateStride = stateStride
    }

    /// The number of elements.
    @inlinable public var count: Int { parameters.count }

    /// The gradients of the parameters (with the weight decay's share).
    @inlinable public var gradients: UnsafeBufferPointer<Scalar> { UnsafeBufferPointer(start: gradientBase, count: count) }

    /// State vector `k` (below the optimizer's `stateVectorCount`) of these elements.
    @inlinable
    public func state(_ k: Int) -> UnsafeMutableBufferPointer<Scalar> {
        UnsafeMutableBufferPointer(start: stateBase! + k * stateStride, count: count)
    }

    /// `g ← g + λθ`.
    @inlinable
    func addToGradients(_ lambda: Scalar) {
        for i in 0..<count { gradientBase[i] += lambda * parameters[i] }
    }
}

/// Checks a learning rate: positive and finite.
@inlinable
func validatedLearningRate<Scalar: BLASScalar>(_ rate: Scalar) throws(ArgumentError) -> Scalar {
    guard rate > 0, rate.isFinite else {
        throw ArgumentError("learningRate", rate, expected: "a positive, finite number")
    }
    return rate
}

/// Checks a weight decay: finite and not negative.
@inlinable
func validatedWeightDecay<Scalar: BLASScalar>(_ decay: Scalar) throws(ArgumentError) -> Scalar {
    guard decay >= 0, decay.isFinite else {
        throw ArgumentError("weightDecay", decay, expected: "a finite number ≥ 0")
    }
    return decay
}

/// Checks a decay rate or coefficient named `name`: in [0, 1).
@inlinable
func validatedFraction<Scalar: BLASScalar>(_ name: String, _ value: Scalar) throws(ArgumentError) -> Scalar {
    guard value >= 0, value < 1 else { throw ArgumentError(name, value, expected: "a number in [0, 1)") }
    return value
}
