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
        let pass = self.pass(inputs: x, targets: targets)
        var gradients: [Matrix<Scalar>] = []
        for index in layers.indices {
            gradients.append(sumOfTransposedProducts([pass.activations[index]], [pass.deltas[index]]))   // ∂L/∂W = xᵀ δ
            gradients.append(pass.deltas[index].columnSums())                                          // ∂L/∂b = Σ δ
        }
        return (pass.loss, gradients, pass.output)
    }

    /// The forward pass and the backward pass down to every layer's `δ = ∂L/∂z`, without the
    /// parameter gradients, which are products of what this returns (see `step`).
    ///
    /// The `δ`s are those of `lossWeight` × the loss (the loss returned is not weighted): a shard
    /// of n rows out of a batch of N passes n/N, and the shards' gradients add up to the batch's,
    /// since every loss is a mean over rows.
    @inlinable
    public func pass(inputs x: Matrix<Scalar>, targets: Matrix<Scalar>, lossWeight: Scalar = 1) -> Pass<Scalar> {
        let activations = forward(x)
        let lossValue = loss.evaluate(output: activations[activations.count - 1], targets: targets)
        var upstream = lossValue.gradient
        if lossWeight != 1 { upstream.scale(by: lossWeight) }
        var deltas = [Matrix<Scalar>](repeating: Matrix(rows: 0, columns: 0), count: layers.count)
        for index in layers.indices.reversed() {
            deltas[index] = layers[index].delta(output: activations[index + 1], outputGradient: upstream)
            if index > 0 { upstream = layers[index].inputGradient(delta: deltas[index]) }
        }
        return Pass(activations: activations, deltas: deltas, loss: lossValue.value)
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
        let step = self.step(shardRows: [inputs.rows], parallelism: 1, optimizer: &optimizer, weightDecay: weightDecay) { _ in (inputs, targets) }
        return (step.loss, step.outputs[0])
    }

    /// One optimisation step on a batch cut into shards of `shardRows` rows, computed at the same
    /// time, with up to `parallelism` threads for the weight gradients and updates. The same
    /// result as a step on the whole batch, up to rounding; `parallelism` changes no number.
    ///
    /// Two phases, each running on every thread at once with single-threaded GEMMs (at mini-batch
    /// shapes as fast in the GEMMs as splitting each GEMM across the cores, and the element-wise
    /// work is spread as well):
    /// 1. per shard: `shard(i)` gathers its samples, then the forward pass and the backward pass
    ///    down to every layer's `δ` (`pass`), weighted by the shard's share of the rows;
    /// 2. per block of rows of each weight matrix: the block's gradient `Σ_shards xᵀδ` (+ `λW`),
    ///    computed and handed to `optimizer` right away, while it is still in cache. Blocks are
    ///    independent: no gradient is ever summed across threads.
    /// Returns the batch loss before the step (without the penalty) and each shard's output.
    @discardableResult
    @inlinable
    public mutating func step(shardRows: [Int], parallelism: Int, optimizer: inout some Optimizer<Scalar>, weightDecay: Scalar = 0,
                              shard: @Sendable (Int) -> (inputs: Matrix<Scalar>, targets: Matrix<Scalar>))
        -> (loss: Scalar, outputs: [Matrix<Scalar>]) {
        precondition(!shardRows.isEmpty, "step: no shards")
        let rows = shardRows.reduce(0, +)
        // The workers share a copy of the network; it must be gone before the parameters change
        // below, or the first change would copy every parameter (copy-on-write).
        let network = self
        let passes = network.shardPasses(shardRows: shardRows, shard: shard)
        _ = consume network
        optimizer.beginStep()
        for index in layers.indices {
            let (inputs, deltas) = (passes.map { $0.activations[index] }, passes.map { $0.deltas[index] })
            let (inputSize, outputSize) = (layers[index].inputSize, layers[index].outputSize)
            var weightGradient = Matrix<Scalar>(uninitializedRows: inputSize, columns: outputSize)
            weightGradient.elements.withUnsafeMutableBufferPointer { buffer in
                let gradient = SharedBuffer(buffer.baseAddress!)
                optimizer.update(&layers[index].weight, slot: 2 * index, parallelism: parallelism) { block, weights in
                    let start = gradient.base + block.lowerBound * outputSize
                    sumOfTransposedProducts(inputs, deltas, rows: block, into: start)
                    if weightDecay > 0 {
                        for i in 0..<(block.count * outputSize) { start[i] += weightDecay * weights[i] }
                    }
                    return UnsafePointer(start)
                }
            }
            var biasGradient = deltas[0].columnSums()
            for delta in deltas.dropFirst() { biasGradient.add(delta.columnSums()) }
            optimizer.update(&layers[index].bias, along: biasGradient, slot: 2 * index + 1)
        }
        let loss = passes.count == 1 ? passes[0].loss
            : zip(passes, shardRows).reduce(0) { $0 + $1.0.loss * Scalar($1.1) } / Scalar(rows)
        return (loss, passes.map(\.output))
    }

    /// Phase 1 of `step`: every shard's pass, at the same time.
    @inlinable
    func shardPasses(shardRows: [Int], shard: @Sendable (Int) -> (inputs: Matrix<Scalar>, targets: Matrix<Scalar>)) -> [Pass<Scalar>] {
        let rows = shardRows.reduce(0, +)
        return concurrentMap(shardRows.count) { index in
            let (inputs, targets) = shard(index)
            precondition(inputs.rows == shardRows[index], "step: shard \(index) has \(inputs.rows) rows, expected \(shardRows[index])")
            return pass(inputs: inputs, targets: targets,
                        lossWeight: shardRows.count == 1 ? 1 : Scalar(shardRows[index]) / Scalar(rows))
        }
    }
}

/// What a forward and backward pass over some samples leaves for the parameter gradients.
public struct Pass<Scalar: BLASScalar>: Sendable {
    /// Every layer's input, then the network's output: `[x, a1, a2, …, output]`.
    public var activations: [Matrix<Scalar>]
    /// Every layer's `δ = ∂L/∂z` (of the weighted loss).
    public var deltas: [Matrix<Scalar>]
    /// The (unweighted) mean loss over the samples.
    public var loss: Scalar

    /// A pass with the given values.
    @inlinable
    public init(activations: [Matrix<Scalar>], deltas: [Matrix<Scalar>], loss: Scalar) {
        self.activations = activations
        self.deltas = deltas
        self.loss = loss
    }

    /// The network's output.
    public var output: Matrix<Scalar> { activations[activations.count - 1] }
}
