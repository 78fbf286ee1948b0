import LinearAlgebra

/// A feed-forward network: dense layers applied in order, trained against one loss.
///
/// The last layer is linear by construction (its activation is `.identity`); the loss turns its
/// output into probabilities. Parameters are ordered W1, b1, W2, b2, … everywhere.
public struct Network<Scalar: BLASScalar>: Sendable, Equatable {
    /// The layers, input side first.
    public var layers: [Dense<Scalar>]
    /// The loss the network is trained against; it also defines `predict`.
    public let loss: Loss

    /// A network over existing layers.
    @inlinable
    public init(layers: [Dense<Scalar>], loss: Loss) {
        self.layers = layers
        self.loss = loss
    }

    /// A multilayer perceptron `inputSize → hiddenSizes… → outputSize` with `hiddenActivation`
    /// after each hidden layer and a linear output layer; weights drawn from `seed`.
    ///
    /// Throws `SettingError` for sizes below 1.
    @inlinable
    public init(inputSize: Int, hiddenSizes: [Int], outputSize: Int, hiddenActivation: Activation,
                loss: Loss, initializer: Initializer? = nil, seed: UInt64) throws(SettingError) {
        guard inputSize >= 1 else { throw SettingError("input size", inputSize, expected: "at least 1 feature") }
        if let bad = hiddenSizes.first(where: { $0 < 1 }) {
            throw SettingError("hidden", hiddenSizes.map(String.init).joined(separator: ","),
                               expected: "every hidden layer to have at least 1 unit (got \(bad))")
        }
        guard outputSize >= 1 else { throw SettingError("output size", outputSize, expected: "at least 1 unit") }
        if case .leakyReLU(let slope) = hiddenActivation, !(slope > 0 && slope < 1) {
            throw SettingError("leaky-relu slope", slope, expected: "a number in (0, 1)")
        }
        var generator = SeededGenerator(seed: seed)
        let sizes = [inputSize] + hiddenSizes + [outputSize]
        var layers: [Dense<Scalar>] = []
        for index in 0..<(sizes.count - 1) {
            let isOutput = index == sizes.count - 2
            let activation: Activation = isOutput ? .identity : hiddenActivation
            layers.append(Dense(inputSize: sizes[index], outputSize: sizes[index + 1], activation: activation,
                                initializer: initializer ?? .standard(for: activation), generator: &generator))
        }
        self.init(layers: layers, loss: loss)
    }

    /// Number of inputs.
    public var inputSize: Int { layers.first?.inputSize ?? 0 }
    /// Number of outputs.
    public var outputSize: Int { layers.last?.outputSize ?? 0 }
    /// Layer widths from input to output, e.g. [2, 16, 1].
    public var sizes: [Int] { [inputSize] + layers.map(\.outputSize) }

    /// The raw output (logits for classification) for a batch of inputs.
    @inlinable
    public func callAsFunction(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        layers.reduce(x) { input, layer in layer(input) }
    }

    /// What the network predicts for a batch: probabilities for classification, values for regression.
    @inlinable
    public func predict(_ x: Matrix<Scalar>) -> Matrix<Scalar> {
        loss.prediction(fromOutput: self(x))
    }

    /// The forward pass keeping every layer's output: `[x, a1, a2, …, output]`.
    @inlinable
    public func forward(_ x: Matrix<Scalar>) -> [Matrix<Scalar>] {
        var outputs = [x]
        outputs.reserveCapacity(layers.count + 1)
        for layer in layers { outputs.append(layer(outputs[outputs.count - 1])) }
        return outputs
    }

    /// Backpropagation: the loss on a batch and the gradient of every parameter (W1, b1, W2, b2, …).
    @inlinable
    public func gradients(inputs x: Matrix<Scalar>, targets: Matrix<Scalar>) -> (loss: Scalar, gradients: [Matrix<Scalar>]) {
        let result = backpropagate(inputs: x, targets: targets)
        return (result.loss, result.gradients)
    }

    /// Backpropagation, also returning the network's output on the batch.
    @inlinable
    public func backpropagate(inputs x: Matrix<Scalar>, targets: Matrix<Scalar>)
        -> (loss: Scalar, gradients: [Matrix<Scalar>], output: Matrix<Scalar>) {
        let outputs = forward(x)
        let lossValue = loss.evaluate(output: outputs[outputs.count - 1], targets: targets)
        var gradients = [Matrix<Scalar>](repeating: Matrix(rows: 0, columns: 0), count: 2 * layers.count)
        var upstream = lossValue.gradient
        for index in layers.indices.reversed() {
            let gradient = layers[index].backward(input: outputs[index], output: outputs[index + 1],
                                                  outputGradient: upstream, needsInputGradient: index > 0)
            gradients[2 * index] = gradient.weight
            gradients[2 * index + 1] = gradient.bias
            if let input = gradient.input { upstream = input }
        }
        return (lossValue.value, gradients, outputs[outputs.count - 1])
    }

    /// All parameters in the order W1, b1, W2, b2, ….
    public var parameters: [Matrix<Scalar>] {
        get { layers.flatMap { [$0.weight, $0.bias] } }
        set {
            precondition(newValue.count == 2 * layers.count, "parameters: expected \(2 * layers.count) tensors")
            for index in layers.indices {
                precondition(newValue[2 * index].rows == layers[index].weight.rows
                             && newValue[2 * index].columns == layers[index].weight.columns
                             && newValue[2 * index + 1].count == layers[index].bias.count,
                             "parameters: shape mismatch at layer \(index + 1)")
                layers[index].weight = newValue[2 * index]
                layers[index].bias = newValue[2 * index + 1]
            }
        }
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weight.count + $1.bias.count } }

    /// One optimisation step on a batch: backpropagate, add the L2 penalty's gradient `λ·W` to
    /// every weight gradient (biases are not decayed), then let `optimizer` move every parameter.
    /// Returns the batch loss before the step (without the penalty) and the batch output.
    @discardableResult
    @inlinable
    public mutating func step(inputs: Matrix<Scalar>, targets: Matrix<Scalar>, optimizer: inout some Optimizer<Scalar>,
                              weightDecay: Scalar = 0) -> (loss: Scalar, output: Matrix<Scalar>) {
        var (lossValue, gradients, output) = backpropagate(inputs: inputs, targets: targets)
        optimizer.beginStep()
        for index in layers.indices {
            if weightDecay > 0 { gradients[2 * index].add(layers[index].weight, scaledBy: weightDecay) }
            optimizer.update(&layers[index].weight, along: gradients[2 * index], slot: 2 * index)
            optimizer.update(&layers[index].bias, along: gradients[2 * index + 1], slot: 2 * index + 1)
        }
        return (lossValue, output)
    }
}
