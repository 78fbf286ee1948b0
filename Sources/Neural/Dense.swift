import LinearAlgebra

/// A fully connected layer: `a = f(x · W + b)` for a batch `x` of row vectors.
///
/// `W` is `inputSize × outputSize` and `b` is `1 × outputSize`, the shapes NumPy code uses.
public struct Dense<Scalar: BLASScalar>: Sendable, Equatable {
    /// The weights, `inputSize × outputSize`.
    public var weight: Matrix<Scalar>
    /// The biases, `1 × outputSize`.
    public var bias: Matrix<Scalar>
    /// The non-linearity applied after the affine map.
    public let activation: Activation

    /// A layer with the given parameters.
    @inlinable
    public init(weight: Matrix<Scalar>, bias: Matrix<Scalar>, activation: Activation) {
        precondition(bias.rows == 1 && bias.columns == weight.columns, "Dense: bias must be 1 × outputSize")
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }

    /// A layer with weights drawn by `initializer` and zero biases.
    @inlinable
    public init(inputSize: Int, outputSize: Int, activation: Activation,
                initializer: Initializer, generator: inout SeededGenerator) {
        self.init(weight: initializer.weights(fanIn: inputSize, fanOut: outputSize, using: &generator),
                  bias: Matrix(rows: 1, columns: outputSize),
                  activation: activation)
    }

    /// Number of inputs.
    public var inputSize: Int { weight.rows }
    /// Number of outputs.
    public var outputSize: Int { weight.columns }

    /// Forward pass: `f(x · W + b)`.
    @inlinable
    public func callAsFunction(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        var z = Matrix<Scalar>(uninitializedRows: x.rows, columns: outputSize)
        gemm(x, weight, into: &z)     // z = x · W
        if activation == .relu {      // a = max(x · W + b, 0) in one pass
            z.addToEachRow(bias, thenReLU: true)
            return z
        }
        z.addToEachRow(bias)          // z = x · W + b
        return activation(z)          // a = f(z)
    }

    /// `δ = ∂L/∂z = f'(z) ⊙ ∂L/∂a` from the layer's output `a` and `∂L/∂a`.
    ///
    /// `Network.step` computes the parameter gradients from it: `∂L/∂W = xᵀ δ`, `∂L/∂b = Σ_rows δ`.
    @inlinable
    public func delta(output a: Matrix<Scalar>, outputGradient: Matrix<Scalar>) -> Matrix<Scalar> {
        activation.backward(output: a, outputGradient: outputGradient)
    }

    /// `∂L/∂x = δ Wᵀ`, the gradient handed to the layer below.
    @inlinable
    public func inputGradient(delta: Matrix<Scalar>) -> Matrix<Scalar> {
        var dX = Matrix<Scalar>(uninitializedRows: delta.rows, columns: inputSize)
        gemm(delta, weight, transposeB: true, into: &dX)
        return dX
    }
}
