import LinearAlgebra

/// An element-wise (or, for softmax, row-wise) non-linearity applied after a dense layer.
///
/// `callAsFunction` is the forward pass; `backward` turns the gradient with respect to the
/// activation's output into the gradient with respect to its input, using the output alone.
public enum Activation: Sendable, Equatable, Hashable {
    /// f(z) = z.
    case identity
    /// f(z) = max(0, z).
    case relu
    /// f(z) = z for z > 0, slope · z otherwise (slope in (0, 1)).
    case leakyReLU(slope: Double)
    /// f(z) = 1 / (1 + e^(−z)).
    case sigmoid
    /// f(z) = tanh z.
    case tanh
    /// f(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) over each row.
    case softmax

    /// Leaky ReLU with the customary slope 0.01.
    public static let leakyReLU = Activation.leakyReLU(slope: 0.01)

    /// The name used on the command line and in stores (`relu`, `leaky-relu`, …).
    public var name: String {
        switch self {
        case .identity: "identity"
        case .relu: "relu"
        case .leakyReLU: "leaky-relu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softmax: "softmax"
        }
    }

    /// The activation named `name` (see `name`), or nil.
    @inlinable
    public init?(name: String) {
        switch name {
        case "identity", "linear": self = .identity
        case "relu": self = .relu
        case "leaky-relu": self = .leakyReLU
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "softmax": self = .softmax
        default: return nil
        }
    }

    /// Forward pass: the activation of every pre-activation in `z`.
    @inlinable
    public func callAsFunction<Scalar>(_ z: Matrix<Scalar>) -> Matrix<Scalar> {
        var a = z
        let columns = a.columns
        a.elements.withUnsafeMutableBufferPointer { apply(to: $0, columns: columns) }
        return a
    }

    /// Forward pass in place on rows of `columns` values (the layout of a batch): each value
    /// `z` becomes `f(z)`. Every forward pass goes through here, so the numbers are the same on
    /// every path.
    @inlinable
    public func apply<Scalar: BLASScalar>(to a: UnsafeMutableBufferPointer<Scalar>, columns: Int) {
        switch self {
        case .identity: break
        case .relu: for i in a.indices { a[i] = max(a[i], 0) }
        case .leakyReLU(let slope):
            let s = Scalar(slope)
            for i in a.indices { a[i] = a[i] > 0 ? a[i] : s * a[i] }
        case .sigmoid: for i in a.indices { a[i] = logistic(a[i]) }
        case .tanh: for i in a.indices { a[i] = Scalar.tanh(a[i]) }
        case .softmax: softmaxRows(a, columns: columns)
        }
    }

    /// Backward pass: given the output `a = f(z)` and `∂L/∂a`, returns `∂L/∂z`.
    @inlinable
    public func backward<Scalar>(output a: Matrix<Scalar>, outputGradient g: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(a.count == g.count, "\(name) backward: output and gradient shapes differ")
        var dz = g
        guard dz.count > 0 else { return dz }
        let columns = a.columns
        dz.elements.withUnsafeMutableBufferPointer { d in
            a.elements.withUnsafeBufferPointer { y in backward(output: y.baseAddress!, gradient: d, columns: columns) }
        }
        return dz
    }

    /// Backward pass in place: `d`, holding `∂L/∂a` for the outputs `a` (rows of `columns`
    /// values, as many as `d`), becomes `∂L/∂z`. Every backward pass goes through here.
    @inlinable
    public func backward<Scalar: BLASScalar>(output y: UnsafePointer<Scalar>, gradient d: UnsafeMutableBufferPointer<Scalar>, columns: Int) {
        switch self {
        case .identity:
            break
        case .relu:
            // f'(z) = 1 for z > 0, else 0; z > 0 exactly where a > 0.
            guard d.count > 0 else { break }
            Scalar.reluBackward(count: d.count, delta: d.baseAddress!, output: y)
        case .leakyReLU(let slope):
            let s = Scalar(slope)
            for i in d.indices { d[i] = y[i] > 0 ? d[i] : s * d[i] }
        case .sigmoid:
            // σ'(z) = σ(z)(1 − σ(z)).
            for i in d.indices { d[i] *= y[i] * (1 - y[i]) }
        case .tanh:
            // tanh'(z) = 1 − tanh²(z).
            for i in d.indices { d[i] *= 1 - y[i] * y[i] }
        case .softmax:
            // Jacobian-vector product of softmax: ∂L/∂zᵢ = aᵢ (gᵢ − Σⱼ gⱼ aⱼ), row by row.
            var start = 0
            while start < d.count {
                var dot: Scalar = 0
                for c in 0..<columns { dot += d[start + c] * y[start + c] }
                for c in 0..<columns { d[start + c] = y[start + c] * (d[start + c] - dot) }
                start += columns
            }
        }
    }
}

/// The logistic sigmoid 1 / (1 + e^(−z)), written to avoid overflow for large |z|.
@inlinable
public func logistic<Scalar: BLASScalar>(_ z: Scalar) -> Scalar {
    if z >= 0 {
        return 1 / (1 + Scalar.exp(-z))
    }
    let e = Scalar.exp(z)
    return e / (1 + e)
}

/// Replaces each row of `z` by its softmax, shifting by the row maximum so no exponent overflows.
@inlinable
public func softmaxRows<Scalar: BLASScalar>(_ z: inout Matrix<Scalar>) {
    let columns = z.columns
    guard columns > 0 else { return }
    z.elements.withUnsafeMutableBufferPointer { softmaxRows($0, columns: columns) }
}

/// `softmaxRows` on rows of `columns` values in place.
@inlinable
public func softmaxRows<Scalar: BLASScalar>(_ x: UnsafeMutableBufferPointer<Scalar>, columns: Int) {
    guard columns > 0 else { return }
    var start = 0
    while start < x.count {
        var maximum = x[start]
        for c in 1..<columns { maximum = max(maximum, x[start + c]) }
        var total: Scalar = 0
        for c in 0..<columns {
            let e = Scalar.exp(x[start + c] - maximum)
            x[start + c] = e
            total += e
        }
        let inverse = 1 / total
        for c in 0..<columns { x[start + c] *= inverse }
        start += columns
    }
}
