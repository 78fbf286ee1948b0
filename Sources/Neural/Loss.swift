import LinearAlgebra

/// A training objective on the network's raw output (logits for the cross-entropies).
///
/// Each case pairs with the output head it expects: the network's last layer is linear, and the
/// loss applies the sigmoid or softmax itself, which is what keeps it numerically stable.
public enum Loss: String, Sendable, Equatable, CaseIterable {
    /// Binary cross-entropy of sigmoid(logits) against 0/1 targets, averaged over all outputs.
    case binaryCrossEntropy = "binary-cross-entropy"
    /// Cross-entropy of softmax(logits) against one-hot targets, averaged over samples.
    case softmaxCrossEntropy = "softmax-cross-entropy"
    /// Mean squared error, averaged over all outputs.
    case meanSquaredError = "mean-squared-error"

    /// The loss value and its gradient with respect to `output`.
    @inlinable
    public func evaluate<Scalar>(output: Matrix<Scalar>, targets: Matrix<Scalar>) -> LossValue<Scalar> {
        precondition(output.rows == targets.rows && output.columns == targets.columns, "\(rawValue): shapes differ")
        var gradient = Matrix<Scalar>(uninitializedRows: output.rows, columns: output.columns)
        guard output.count > 0 else { return LossValue(value: 0, gradient: gradient) }
        let value = output.elements.withUnsafeBufferPointer { z in
            targets.elements.withUnsafeBufferPointer { y in
                gradient.elements.withUnsafeMutableBufferPointer { g in
                    evaluate(output: z.baseAddress!, targets: y.baseAddress!, rows: output.rows, columns: output.columns,
                             gradient: g.baseAddress!)
                }
            }
        }
        return LossValue(value: value, gradient: gradient)
    }

    /// The mean loss of the `rows × columns` outputs at `output` against `targets`, and, when
    /// `gradient` is given, ∂L/∂output written there. Every loss of the project is computed
    /// here, with or without its gradient, so the numbers are the same on every path.
    /// With `value` false only the gradient is computed (the value returned is then 0).
    @inlinable
    public func evaluate<Scalar: BLASScalar>(output: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>, rows: Int, columns: Int,
                                             gradient: UnsafeMutablePointer<Scalar>?, value: Bool = true) -> Scalar {
        switch self {
        case .binaryCrossEntropy:
            Neural.binaryCrossEntropy(logits: output, labels: targets, count: rows * columns, gradient: gradient, value: value)
        case .softmaxCrossEntropy: Neural.softmaxCrossEntropy(logits: output, labels: targets, rows: rows, columns: columns, gradient: gradient)
        case .meanSquaredError: Neural.meanSquaredError(predicted: output, expected: targets, count: rows * columns, gradient: gradient)
        }
    }

    /// What the network predicts from its raw output: probabilities for the cross-entropies
    /// (sigmoid or softmax of the logits), the output itself for regression.
    @inlinable
    public func prediction<Scalar>(fromOutput output: Matrix<Scalar>) -> Matrix<Scalar> {
        switch self {
        case .binaryCrossEntropy: return output.map(logistic)
        case .softmaxCrossEntropy:
            var probabilities = output
            softmaxRows(&probabilities)
            return probabilities
        case .meanSquaredError: return output
        }
    }

    /// True for the losses of classification, false for regression.
    public var isClassification: Bool { self != .meanSquaredError }
}

/// A loss value with its gradient with respect to the network output.
public struct LossValue<Scalar: BLASScalar>: Sendable {
    /// The mean loss.
    public var value: Scalar
    /// ∂L/∂output, shaped like the output.
    public var gradient: Matrix<Scalar>

    /// A loss value with its gradient.
    @inlinable
    public init(value: Scalar, gradient: Matrix<Scalar>) {
        self.value = value
        self.gradient = gradient
    }
}

/// Binary cross-entropy computed from logits z and targets y ∈ {0, 1}.
///
/// Per element `ℓ = max(z, 0) − z·y + log(1 + e^(−|z|))`, which equals `−y log σ(z) − (1−y) log(1−σ(z))`
/// without ever taking log(0); `∂ℓ/∂z = σ(z) − y`. Averaged over all elements.
@inlinable
public func binaryCrossEntropy<Scalar>(logits: Matrix<Scalar>, labels: Matrix<Scalar>) -> LossValue<Scalar> {
    Loss.binaryCrossEntropy.evaluate(output: logits, targets: labels)
}

/// Softmax cross-entropy (softmax fused with the negative log-likelihood) from logits and one-hot labels.
///
/// Per row `ℓ = log Σⱼ e^(zⱼ) − Σⱼ yⱼ zⱼ`, with the log-sum-exp shifted by the row maximum;
/// `∂ℓ/∂z = softmax(z) − y`. Averaged over rows.
@inlinable
public func softmaxCrossEntropy<Scalar>(logits: Matrix<Scalar>, labels: Matrix<Scalar>) -> LossValue<Scalar> {
    Loss.softmaxCrossEntropy.evaluate(output: logits, targets: labels)
}

/// Mean squared error `mean((p − y)²)` with gradient `2(p − y)/n`.
@inlinable
public func meanSquaredError<Scalar>(predicted: Matrix<Scalar>, expected: Matrix<Scalar>) -> LossValue<Scalar> {
    Loss.meanSquaredError.evaluate(output: predicted, targets: expected)
}

/// `binaryCrossEntropy` over `count` logits at `z`: the mean loss, and its gradient into
/// `gradient` when given. `e^(−|z|)` serves the loss and the sigmoid alike (`logistic` takes the
/// same exponential on either side of 0).
@inlinable
func binaryCrossEntropy<Scalar: BLASScalar>(logits z: UnsafePointer<Scalar>, labels y: UnsafePointer<Scalar>, count: Int,
                                            gradient g: UnsafeMutablePointer<Scalar>?, value: Bool = true) -> Scalar {
    let scale = 1 / Scalar(max(count, 1))
    var total: Scalar = 0
    if let g, !value {
        for i in 0..<count {
            let e = Scalar.exp(-abs(z[i]))
            g[i] = ((z[i] >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i]) * scale
        }
        return 0
    }
    if let g {
        for i in 0..<count {
            let e = Scalar.exp(-abs(z[i]))
            total += max(z[i], 0) - z[i] * y[i] + Scalar.log1p(e)
            g[i] = ((z[i] >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i]) * scale
        }
    } else {
        for i in 0..<count { total += max(z[i], 0) - z[i] * y[i] + Scalar.log1p(Scalar.exp(-abs(z[i]))) }
    }
    return total * scale
}

/// `softmaxCrossEntropy` over `rows × columns` logits at `z`: the mean loss, and its gradient
/// into `gradient` when given.
@inlinable
func softmaxCrossEntropy<Scalar: BLASScalar>(logits z: UnsafePointer<Scalar>, labels y: UnsafePointer<Scalar>, rows: Int, columns: Int,
                                             gradient g: UnsafeMutablePointer<Scalar>?) -> Scalar {
    let scale = 1 / Scalar(max(rows, 1))
    var total: Scalar = 0
    guard columns > 0 else { return 0 }
    for row in 0..<rows {
        let start = row * columns
        var maximum = z[start]
        for c in 1..<columns { maximum = max(maximum, z[start + c]) }
        var sum: Scalar = 0
        var targetLogit: Scalar = 0
        var targetMass: Scalar = 0
        for c in 0..<columns {
            targetLogit += y[start + c] * z[start + c]
            targetMass += y[start + c]
            let e = Scalar.exp(z[start + c] - maximum)
            g?[start + c] = e
            sum += e
        }
        total += (maximum + Scalar.log(sum)) * targetMass - targetLogit
        if let g {
            let inverse = 1 / sum
            for c in 0..<columns {
                g[start + c] = (g[start + c] * inverse * targetMass - y[start + c]) * scale
            }
        }
    }
    return total * scale
}

/// `meanSquaredError` over `count` predictions at `p`: the mean, and its gradient into
/// `gradient` when given.
@inlinable
func meanSquaredError<Scalar: BLASScalar>(predicted p: UnsafePointer<Scalar>, expected y: UnsafePointer<Scalar>, count: Int,
                                          gradient g: UnsafeMutablePointer<Scalar>?) -> Scalar {
    let scale = 1 / Scalar(max(count, 1))
    var total: Scalar = 0
    for i in 0..<count {
        let difference = p[i] - y[i]
        total += difference * difference
        g?[i] = 2 * difference * scale
    }
    return total * scale
}
