import LinearAlgebra

/// Compares backpropagation with central finite differences, in `Double`.
public enum GradientCheck {
    /// The largest relative error between the analytic gradient of every parameter and
    /// `(L(θ + h) − L(θ − h)) / 2h`, where relative error is `|a − n| / max(|a| + |n|, floor)`.
    ///
    /// `floor` keeps gradients that are both ~0 from dividing by zero.
    public static func maximumRelativeError(
        of network: Network<Double>, inputs: Matrix<Double>, targets: Matrix<Double>,
        step h: Double = 1e-5, floor: Double = 1e-8
    ) -> Double {
        let analytic = network.gradients(inputs: inputs, targets: targets).gradients
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
}
