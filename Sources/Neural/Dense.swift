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

    /// Backward pass for input `x`, output `a` and `∂L/∂a`.
    ///
    /// With `δ = ∂L/∂z = f'(z) ⊙ ∂L/∂a`: `∂L/∂W = xᵀ δ`, `∂L/∂b = Σ_rows δ`, `∂L/∂x = δ Wᵀ`.
    /// `needsInputGradient` is false for the first layer, whose input is the data.
    @inlinable
    public func backward(input x: Matrix<Scalar>, output a: Matrix<Scalar>, outputGradient: Matrix<Scalar>,
                         needsInputGradient: Bool = true) -> DenseGradient<Scalar> {
        let delta = self.delta(output: a, outputGradient: outputGradient)
        return DenseGradient(weight: sumOfTransposedProducts([x], [delta]),     // ∂L/∂W = xᵀ δ
                             bias: delta.columnSums(),
                             input: needsInputGradient ? inputGradient(delta: delta) : nil)
    }

    /// `δ = ∂L/∂z = f'(z) ⊙ ∂L/∂a` from the layer's output `a` and `∂L/∂a`.
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

/// The gradients of the loss with respect to one dense layer's parameters and input.
public struct DenseGradient<Scalar: BLASScalar>: Sendable {
    /// ∂L/∂W, shaped like the weights.
    public var weight: Matrix<Scalar>
    /// ∂L/∂b, shaped like the biases.
    public var bias: Matrix<Scalar>
    /// ∂L/∂x, when it was asked for.
    public var input: Matrix<Scalar>?

    /// Gradients with the given values.
    @inlinable
    public init(weight: Matrix<Scalar>, bias: Matrix<Scalar>, input: Matrix<Scalar>?) {
        self.weight = weight
        self.bias = bias
        self.input = input
    }
}
