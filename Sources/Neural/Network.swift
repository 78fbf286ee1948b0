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
    /// Throws `ArgumentError` for sizes below 1.
    @inlinable
    public init(inputSize: Int, hiddenSizes: [Int], outputSize: Int, hiddenActivation: Activation,
                loss: Loss, initializer: Initializer? = nil, seed: UInt64) throws(ArgumentError) {
        guard inputSize >= 1 else { throw ArgumentError("inputSize", inputSize, expected: "at least 1 feature") }
        if let bad = hiddenSizes.first(where: { $0 < 1 }) {
            throw ArgumentError("hiddenSizes", hiddenSizes.map(String.init).joined(separator: ","),
                               expected: "every hidden layer to have at least 1 unit (got \(bad))")
        }
        guard outputSize >= 1 else { throw ArgumentError("outputSize", outputSize, expected: "at least 1 unit") }
        if case .leakyReLU(let slope) = hiddenActivation, !(slope > 0 && slope < 1) {
            throw ArgumentError("slope", slope, expected: "a number in (0, 1)")
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

    /// The forward pass and the backward pass down to every layer's `δ = ∂L/∂z`, without the
    /// parameter gradients, which `step` computes from what this returns, block by block.
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

    /// One optimisation step on a whole batch, on the calling thread (see the sharded `step`).
    /// Returns the batch loss before the step (without the penalty) and the batch output.
    @discardableResult
    @inlinable
    public mutating func step(inputs: Matrix<Scalar>, targets: Matrix<Scalar>, optimizer: some Optimizer<Scalar>,
                              state: inout OptimizerState<Scalar>, epoch: Int = 0, of epochs: Int = 1)
        -> (loss: Scalar, output: Matrix<Scalar>) {
        let step = self.step(shardRows: [inputs.rows], parallelism: 1, optimizer: optimizer, state: &state,
                             epoch: epoch, of: epochs) { _ in (inputs, targets) }
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
    /// 2. per block of rows of each parameter tensor: the block's gradient (`Σ_shards xᵀδ` for a
    ///    weight), handed right away, while it is still in cache, to `optimizer`'s rule with the
    ///    block's state in `state`. Blocks are independent: no gradient is ever summed across threads.
    /// The step is number `state.steps + 1`; its learning rate is the optimizer's schedule at
    /// `epoch` (from 0) of `epochs`. Returns the batch loss before the step (without the weight
    /// decay's penalty) and each shard's output.
    @discardableResult
    @inlinable
    public mutating func step(shardRows: [Int], parallelism: Int, optimizer: some Optimizer<Scalar>,
                              state: inout OptimizerState<Scalar>, epoch: Int = 0, of epochs: Int = 1,
                              shard: @Sendable (Int) -> (inputs: Matrix<Scalar>, targets: Matrix<Scalar>))
        -> (loss: Scalar, outputs: [Matrix<Scalar>]) {
        step(shardRows: shardRows, parallelism: parallelism, minimumBlock: minimumParallelElements,
             optimizer: optimizer, state: &state, epoch: epoch, of: epochs, shard: shard)
    }

    /// `step`, with weight blocks of at least `minimumBlock` elements (the gradient check cuts
    /// even its small matrices).
    @discardableResult
    @inlinable
    mutating func step(shardRows: [Int], parallelism: Int, minimumBlock: Int, optimizer: some Optimizer<Scalar>,
                       state: inout OptimizerState<Scalar>, epoch: Int, of epochs: Int,
                       shard: @Sendable (Int) -> (inputs: Matrix<Scalar>, targets: Matrix<Scalar>))
        -> (loss: Scalar, outputs: [Matrix<Scalar>]) {
        precondition(!shardRows.isEmpty, "step: no shards")
        precondition(state.tensors.count == 2 * layers.count && state.vectorCount == optimizer.stateVectorCount,
                     "step: the optimizer state was made for another network or optimizer")
        let rows = shardRows.reduce(0, +)
        // The workers share a copy of the network; it must be gone before the parameters change
        // below, or the first change would copy every parameter (copy-on-write).
        let network = self
        let passes = network.shardPasses(shardRows: shardRows, shard: shard)
        _ = consume network
        state.stepCount += 1
        let context = OptimizerStep(learningRate: optimizer.learningRate(epoch: epoch, of: epochs), number: state.stepCount)
        for index in layers.indices {
            updateLayer(index, passes: passes, by: optimizer, state: &state, at: context,
                        parallelism: parallelism, minimumBlock: minimumBlock)
        }
        let loss = passes.count == 1 ? passes[0].loss
            : zip(passes, shardRows).reduce(0) { $0 + $1.0.loss * Scalar($1.1) } / Scalar(rows)
        return (loss, passes.map(\.output))
    }

    /// Phase 2 of `step` for layer `index`: its weights from `Σ_shards xᵀδ`, block by block, then
    /// its biases from `Σ_shards Σ_rows δ`.
    @inlinable
    mutating func updateLayer(_ index: Int, passes: [Pass<Scalar>], by optimizer: some Optimizer<Scalar>,
                              state: inout OptimizerState<Scalar>, at step: OptimizerStep<Scalar>,
                              parallelism: Int, minimumBlock: Int) {
        let (inputs, deltas) = (passes.map { $0.activations[index] }, passes.map { $0.deltas[index] })
        Self.update(&layers[index].weight, state: &state.tensors[2 * index], isWeight: true, by: optimizer, at: step,
                    parallelism: parallelism, minimumBlock: minimumBlock) { block, gradient in
            sumOfTransposedProducts(inputs, deltas, rows: block, into: gradient)                // ∂L/∂W = Σ xᵀδ
        }
        var biasGradient = deltas[0].columnSums()                                              // ∂L/∂b = Σ δ
        for delta in deltas.dropFirst() { biasGradient.add(delta.columnSums()) }
        let bias = biasGradient
        Self.update(&layers[index].bias, state: &state.tensors[2 * index + 1], isWeight: false, by: optimizer, at: step,
                    parallelism: 1, minimumBlock: minimumBlock) { block, gradient in
            bias.elements.withUnsafeBufferPointer {
                gradient.update(from: $0.baseAddress! + block.lowerBound * bias.columns, count: block.count * bias.columns)
            }
        }
    }

    /// Phase 2 of `step` for one parameter tensor, and the one place where parameters meet row
    /// blocks, threads and pointers: the tensor is cut into blocks of whole rows (of at least
    /// `minimumBlock` elements, up to `parallelism` at the same time); for each block, `gradient`
    /// writes the block's gradient to scratch memory, and `optimizer` moves the block's parameters
    /// with it and the block's share of `state` (the tensor's state vectors, one after the other).
    @inlinable
    static func update(_ parameter: inout Matrix<Scalar>, state: inout Matrix<Scalar>, isWeight: Bool,
                       by optimizer: some Optimizer<Scalar>, at step: OptimizerStep<Scalar>, parallelism: Int, minimumBlock: Int,
                       gradient: @Sendable (_ rows: Range<Int>, _ into: UnsafeMutablePointer<Scalar>) -> Void) {
        let (count, columns) = (parameter.count, parameter.columns)
        precondition(state.count == optimizer.stateVectorCount * count && state.columns == columns,
                     "step: optimizer state of another shape")
        guard count > 0 else { return }
        var scratch = Matrix<Scalar>(uninitializedRows: parameter.rows, columns: columns)
        scratch.elements.withUnsafeMutableBufferPointer { scratch in
            state.elements.withUnsafeMutableBufferPointer { state in
                let (gradients, states) = (SharedBuffer(scratch.baseAddress!), state.baseAddress.map(SharedBuffer.init))
                parameter.forEachRowBlock(parallelism: parallelism, minimumElements: minimumBlock) { rows, parameters in
                    let offset = rows.lowerBound * columns
                    gradient(rows, gradients.base + offset)
                    optimizer.apply(to: ParameterRun(parameters: parameters, gradients: gradients.base + offset,
                                                     state: states.map { $0.base + offset }, stateStride: count),
                                    isWeight: isWeight, at: step)
                }
            }
        }
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
