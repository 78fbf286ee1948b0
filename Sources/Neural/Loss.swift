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
        switch self {
        case .binaryCrossEntropy: Neural.binaryCrossEntropy(logits: output, labels: targets)
        case .softmaxCrossEntropy: Neural.softmaxCrossEntropy(logits: output, labels: targets)
        case .meanSquaredError: Neural.meanSquaredError(predicted: output, expected: targets)
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
    precondition(logits.rows == labels.rows && logits.columns == labels.columns, "binaryCrossEntropy: shapes differ")
    var gradient = logits
    let scale = 1 / Scalar(max(logits.count, 1))
    var total: Scalar = 0
    gradient.elements.withUnsafeMutableBufferPointer { g in
        logits.elements.withUnsafeBufferPointer { z in
            labels.elements.withUnsafeBufferPointer { y in
                for i in g.indices {
                    total += max(z[i], 0) - z[i] * y[i] + Scalar.log1p(Scalar.exp(-abs(z[i])))
                    g[i] = (logistic(z[i]) - y[i]) * scale
                }
            }
        }
    }
    return LossValue(value: total * scale, gradient: gradient)
}

/// Softmax cross-entropy (softmax fused with the negative log-likelihood) from logits and one-hot labels.
///
/// Per row `ℓ = log Σⱼ e^(zⱼ) − Σⱼ yⱼ zⱼ`, with the log-sum-exp shifted by the row maximum;
/// `∂ℓ/∂z = softmax(z) − y`. Averaged over rows.
@inlinable
public func softmaxCrossEntropy<Scalar>(logits: Matrix<Scalar>, labels: Matrix<Scalar>) -> LossValue<Scalar> {
    precondition(logits.rows == labels.rows && logits.columns == labels.columns, "softmaxCrossEntropy: shapes differ")
    let columns = logits.columns
    let scale = 1 / Scalar(max(logits.rows, 1))
    var gradient = logits
    var total: Scalar = 0
    gradient.elements.withUnsafeMutableBufferPointer { g in
        labels.elements.withUnsafeBufferPointer { y in
            var start = 0
            while start < g.count {
                var maximum = g[start]
                for c in 1..<columns { maximum = max(maximum, g[start + c]) }
                var sum: Scalar = 0
                var targetLogit: Scalar = 0
                var targetMass: Scalar = 0
                for c in 0..<columns {
                    targetLogit += y[start + c] * g[start + c]
                    targetMass += y[start + c]
                    let e = Scalar.exp(g[start + c] - maximum)
                    g[start + c] = e
                    sum += e
                }
                total += (maximum + Scalar.log(sum)) * targetMass - targetLogit
                let inverse = 1 / sum
                for c in 0..<columns {
                    g[start + c] = (g[start + c] * inverse * targetMass - y[start + c]) * scale
                }
                start += columns
            }
        }
    }
    return LossValue(value: total * scale, gradient: gradient)
}

/// Mean squared error `mean((p − y)²)` with gradient `2(p − y)/n`.
@inlinable
public func meanSquaredError<Scalar>(predicted: Matrix<Scalar>, expected: Matrix<Scalar>) -> LossValue<Scalar> {
    precondition(predicted.rows == expected.rows && predicted.columns == expected.columns, "meanSquaredError: shapes differ")
    var gradient = predicted
    let scale = 1 / Scalar(max(predicted.count, 1))
    var total: Scalar = 0
    gradient.elements.withUnsafeMutableBufferPointer { g in
        expected.elements.withUnsafeBufferPointer { y in
            for i in g.indices {
                let difference = g[i] - y[i]
                total += difference * difference
                g[i] = 2 * difference * scale
            }
        }
    }
    return LossValue(value: total * scale, gradient: gradient)
}
