import LinearAlgebra

/// Compares the gradients training computes with central finite differences, in `Double`.
public enum GradientCheck {
    /// The largest relative error between the analytic gradient of every parameter and
    /// `(L(θ + h) − L(θ − h)) / 2h`, where relative error is `|a − n| / max(|a| + |n|, floor)`.
    ///
    /// The analytic gradient is the one `Network.step` hands an optimizer, computed the way
    /// training computes it: the batch cut into `shards` shards, every tensor into blocks of rows
    /// on two threads. `floor` keeps gradients that are both ~0 from dividing by zero.
    public static func maximumRelativeError(
        of network: Network<Double>, inputs: Matrix<Double>, targets: Matrix<Double>,
        shards: Int = 3, step h: Double = 1e-5, floor: Double = 1e-8
    ) -> Double {
        let analytic = trainingGradients(of: network, inputs: inputs, targets: targets, shards: shards)
        return maximumRelativeError(of: network, inputs: inputs, targets: targets, against: analytic, step: h, floor: floor)
    }

    /// The largest relative error between `analytic` (one matrix per parameter tensor of
    /// `network`, however it was computed) and the central finite differences of the loss.
    public static func maximumRelativeError(
        of network: Network<Double>, inputs: Matrix<Double>, targets: Matrix<Double>, against analytic: [Matrix<Double>],
        step h: Double = 1e-5, floor: Double = 1e-8
    ) -> Double {
        var probe = network
        var worst = 0.0
        let parameters = network.parameters
        for tensor in parameters.indices {
            for element in 0..<parameters[tensor].count {
                var shifted = parameters
                shifted[tensor].elements[element] += h
                probe.parameters = shifted
                let plus = probe.loss.evaluate(output: probe(inputs), targets: targets).value
                shifted[tensor].elements[element] -= 2 * h
                probe.parameters = shifted
                let minus = probe.loss.evaluate(output: probe(inputs), targets: targets).value
                let numeric = (plus - minus) / (2 * h)
                let exact = analytic[tensor].elements[element]
                worst = max(worst, abs(exact - numeric) / max(abs(exact) + abs(numeric), floor))
            }
        }
        return worst
    }

    /// Every parameter's gradient (W1, b1, W2, …) as a training step hands it to its optimizer:
    /// a `GradientCapture` rule keeps it in its state.
    static func trainingGradients(of network: Network<Double>, inputs: Matrix<Double>, targets: Matrix<Double>,
                                  shards: Int) -> [Matrix<Double>] {
        var probe = network
        let capture = GradientCapture<Double>()
        var state = capture.makeState(for: network)
        let parts = evenRanges(inputs.rows, parts: shards)
        probe.step(shardRows: parts.map(\.count), parallelism: 2, minimumBlock: 1, optimizer: capture, state: &state,
                   epoch: 0, of: 1) { shard in
            (inputs.gatheringRows(parts[shard]), targets.gatheringRows(parts[shard]))
        }
        precondition(probe == network, "GradientCheck: the capturing rule moved a parameter")
        return network.parameters.indices.map { state.vector(0, ofTensor: $0) }
    }
}

/// A rule that moves nothing and keeps each parameter's gradient in its state: how
/// `GradientCheck` reads the gradients of the real training step.
struct GradientCapture<Scalar: BLASScalar>: Optimizer {
    var learningRate: Scalar { 1 }
    var weightDecay: Scalar { 0 }
    var schedule: LearningRateSchedule { .constant }
    /// One vector: the last gradient.
    var stateVectorCount: Int { 1 }

    func update(_ run: ParameterRun<Scalar>, at step: OptimizerStep<Scalar>) {
        let captured = run.state(0)
        for i in 0..<run.count { captured[i] = run.gradients[i] }
    }
}
