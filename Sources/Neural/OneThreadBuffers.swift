import LinearAlgebra

/// Everything a training run on one thread writes between epochs, allocated once for a network,
/// its largest batch and its evaluation rows: the batch gathered from the training set, every
/// layer's output and output gradient for the batch, the parameter gradients, and every layer's
/// output over the training and test inputs stacked (the epoch's metrics in one pass).
///
/// `Trainer.fit` uses it when batches are not cut into shards: a step, the epoch's metrics and
/// the snapshot then allocate nothing. It makes the same calls in the same order as the sharded
/// path with one shard (`Network.step`, `Network.evaluate`), so the numbers are the same bits —
/// except in narrow layers (`usesSmallDenseKernels`: the 2 → 16 and 16 → 1 layers of the
/// reference network), whose products go through the small dense kernels of `CKernels`
/// (dense.c) in one call each instead of a BLAS call per product plus the bias, ReLU and
/// column-sum passes; those sum in their own order, without FMAs, and agree with the BLAS to
/// float32 rounding.
@usableFromInline
final class OneThreadBuffers<Scalar: BLASScalar> {
    /// Layer widths, input first.
    @usableFromInline let sizes: [Int]
    /// The most rows a batch has.
    @usableFromInline let batchRows: Int
    /// The training inputs followed by the test inputs.
    @usableFromInline let stacked: UnsafeMutablePointer<Scalar>
    /// Rows of `stacked`.
    @usableFromInline let stackedRows: Int
    /// A gathered batch's inputs and targets (mini-batches; a whole training set in order is used as it is).
    @usableFromInline let batchInputs: UnsafeMutablePointer<Scalar>
    @usableFromInline let batchTargets: UnsafeMutablePointer<Scalar>
    /// Per layer, its output for the batch, and ∂L/∂output, which becomes δ = ∂L/∂z in place.
    @usableFromInline let outputs: [UnsafeMutablePointer<Scalar>]
    @usableFromInline let gradients: [UnsafeMutablePointer<Scalar>]
    /// Per layer, its output over `stacked`.
    @usableFromInline let evaluated: [UnsafeMutablePointer<Scalar>]
    /// A parameter tensor's gradient (the largest tensor's size), and a bias gradient computed
    /// beside a weight gradient (the widest layer's size).
    @usableFromInline let parameterGradient: UnsafeMutablePointer<Scalar>
    @usableFromInline let biasGradient: UnsafeMutablePointer<Scalar>
    /// Per layer, whether it goes through the small dense kernels (`usesSmallDenseKernels`)
    /// rather than the BLAS.
    @usableFromInline let small: [Bool]
    /// Every buffer, to free.
    private let owned: [UnsafeMutablePointer<Scalar>]

    /// Buffers for `network` training on batches of at most `batchRows` rows of `train`,
    /// evaluated on `train` and `test` (whose inputs are copied into `stacked` here).
    ///
    /// `smallKernels` false keeps every layer on the BLAS (the tests compare the two paths).
    @usableFromInline
    init(network: Network<Scalar>, batchRows: Int, train: Examples<Scalar>, test: Examples<Scalar>, smallKernels: Bool = true) {
        let sizes = network.sizes, stackedRows = train.count + test.count
        self.sizes = sizes
        self.batchRows = batchRows
        self.stackedRows = stackedRows
        func buffer(_ count: Int) -> UnsafeMutablePointer<Scalar> {
            let pointer = UnsafeMutablePointer<Scalar>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        let inputs = sizes[0], outputSize = sizes[sizes.count - 1]
        let stacked = buffer(stackedRows * inputs)
        train.inputs.elements.withUnsafeBufferPointer { stacked.update(from: $0.baseAddress!, count: $0.count) }
        if test.count > 0 {
            test.inputs.elements.withUnsafeBufferPointer { (stacked + train.count * inputs).update(from: $0.baseAddress!, count: $0.count) }
        }
        self.stacked = stacked
        batchInputs = buffer(batchRows * inputs)
        batchTargets = buffer(batchRows * outputSize)
        let widths = sizes.dropFirst()
        outputs = widths.map { buffer(batchRows * $0) }
        gradients = widths.map { buffer(batchRows * $0) }
        evaluated = widths.map { buffer(stackedRows * $0) }
        parameterGradient = buffer(zip(sizes, widths).map { $0 * $1 }.max() ?? 1)
        biasGradient = buffer(widths.max() ?? 1)
        small = zip(sizes, widths).map { smallKernels && usesSmallDenseKernels(fanIn: $0, fanOut: $1) }
        owned = [stacked, batchInputs, batchTargets, parameterGradient, biasGradient] + outputs + gradients + evaluated
    }

    deinit {
        for pointer in owned { pointer.deallocate() }
    }

    /// The forward pass of `network` over the `rows` inputs at `x`, every layer's output into
    /// `into` (one buffer per layer): `Dense.callAsFunction`'s operations on kept buffers.
    @inlinable
    func forward(_ network: Network<Scalar>, inputs x: UnsafePointer<Scalar>, rows: Int, into layerOutputs: [UnsafeMutablePointer<Scalar>]) {
        var input = x
        for (index, layer) in network.layers.enumerated() {
            let (fanIn, fanOut) = (layer.inputSize, layer.outputSize)
            let z = layerOutputs[index]
            let relu = layer.activation == .relu
            let done = small[index] && layer.weight.elements.withUnsafeBufferPointer { w in
                layer.bias.elements.withUnsafeBufferPointer { b in
                    Scalar.smallDenseForward(rows: rows, fanIn: fanIn, fanOut: fanOut, x: input, w: w.baseAddress!, b: b.baseAddress!,
                                             relu: relu, z: z)
                }
            }
            if !done { blasForward(layer, input: input, rows: rows, into: z) }
            if !relu {
                layer.activation.apply(to: UnsafeMutableBufferPointer(start: z, count: rows * fanOut), columns: fanOut)
            }
            input = UnsafePointer(z)
        }
    }

    /// `z ← x·W + b` (then ReLU) for one layer through the BLAS.
    @inlinable
    func blasForward(_ layer: Dense<Scalar>, input: UnsafePointer<Scalar>, rows: Int, into z: UnsafeMutablePointer<Scalar>) {
        let (fanIn, fanOut) = (layer.inputSize, layer.outputSize)
        layer.weight.elements.withUnsafeBufferPointer { w in
            Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: fanOut, k: fanIn, alpha: 1, a: input, lda: fanIn,
                        b: w.baseAddress!, ldb: fanOut, beta: 0, c: z, ldc: fanOut)
        }
        layer.bias.elements.withUnsafeBufferPointer { b in
            Scalar.addBias(rows: rows, columns: fanOut, to: z, bias: b.baseAddress!, relu: layer.activation == .relu)
        }
    }

    /// One optimisation step of `network` on the `rows` samples at `x` with targets `y`: what
    /// `Network.step` does with one shard (forward, loss and its gradient, every δ and input
    /// gradient, then per layer the weight gradient `xᵀδ` and the bias gradient `Σ δ`, each
    /// handed to `optimizer` whole). Returns the loss before the step; the output stays in
    /// `outputs.last`.
    ///
    /// With `forwardDone`, the forward pass is already in `outputs` (a full batch whose metrics
    /// were just measured on the same parameters: their pass over the training rows is this
    /// step's, the same numbers), and so is the loss's gradient in `gradients.last` (written by
    /// `evaluate` with `gradient`); the loss, measured then, is not measured again (nil).
    @inlinable
    func step(_ network: inout Network<Scalar>, inputs x: UnsafePointer<Scalar>, targets y: UnsafePointer<Scalar>, rows: Int,
              outputs: [UnsafeMutablePointer<Scalar>], forwardDone: Bool = false,
              optimizer: some Optimizer<Scalar>, state: inout OptimizerState<Scalar>, epoch: Int, of epochs: Int) -> Scalar? {
        if !forwardDone { forward(network, inputs: x, rows: rows, into: outputs) }
        let last = network.layers.count - 1
        let loss = forwardDone ? 0 : network.loss.evaluate(output: outputs[last], targets: y, rows: rows, columns: sizes[last + 1],
                                                           gradient: gradients[last])
        var masked = false      // whether the δ of the layer below already went through its ReLU
        for index in stride(from: last, through: 0, by: -1) {
            let layer = network.layers[index]
            let (fanIn, fanOut) = (layer.inputSize, layer.outputSize)
            if !masked {
                layer.activation.backward(output: outputs[index], gradient: UnsafeMutableBufferPointer(start: gradients[index], count: rows * fanOut),
                                          columns: fanOut)
            }
            masked = false
            if index > 0 {      // ∂L/∂x = δ Wᵀ (then, fused, the ReLU of the layer below)
                let mask = network.layers[index - 1].activation == .relu ? UnsafePointer(outputs[index - 1]) : nil
                let done = small[index] && layer.weight.elements.withUnsafeBufferPointer { w in
                    Scalar.smallDenseInputGradient(rows: rows, fanIn: fanIn, fanOut: fanOut, delta: gradients[index], w: w.baseAddress!,
                                                   mask: mask, g: gradients[index - 1])
                }
                if done {
                    masked = mask != nil
                } else {
                    layer.weight.elements.withUnsafeBufferPointer { w in
                        Scalar.gemm(transposeA: false, transposeB: true, m: rows, n: fanIn, k: fanOut, alpha: 1, a: gradients[index], lda: fanOut,
                                    b: w.baseAddress!, ldb: fanOut, beta: 0, c: gradients[index - 1], ldc: fanIn)
                    }
                }
            }
        }
        state.stepCount += 1
        let context = OptimizerStep(learningRate: optimizer.learningRate(epoch: epoch, of: epochs), number: state.stepCount)
        for index in 0...last {
            let (fanIn, fanOut) = (sizes[index], sizes[index + 1])
            let input = index == 0 ? x : UnsafePointer(outputs[index - 1])
            // ∂L/∂W = xᵀδ and ∂L/∂b = Σ δ, together through the small kernels or one after the other.
            let together = small[index]
                && Scalar.smallDenseParameterGradients(rows: rows, fanIn: fanIn, fanOut: fanOut, x: input, delta: gradients[index],
                                                       dw: parameterGradient, db: biasGradient)
            if !together {
                transposedProduct(input, gradients[index], k: rows, m: fanIn, n: fanOut, rows: 0..<fanIn, into: parameterGradient,
                                  accumulate: false)
            }
            Self.update(&network.layers[index].weight, state: &state.tensors[2 * index], isWeight: true, by: optimizer, at: context,
                        gradient: parameterGradient)
            if !together { sumColumns(gradients[index], rows: rows, columns: fanOut, into: biasGradient) }
            Self.update(&network.layers[index].bias, state: &state.tensors[2 * index + 1], isWeight: false, by: optimizer, at: context,
                        gradient: biasGradient)
        }
        return forwardDone ? nil : loss
    }

    /// `optimizer`'s rule on the whole of `parameter` with the gradient at `gradient` and the
    /// tensor's share of the state (`Network.update` with one block).
    @inlinable
    static func update(_ parameter: inout Matrix<Scalar>, state: inout Matrix<Scalar>, isWeight: Bool, by optimizer: some Optimizer<Scalar>,
                       at step: OptimizerStep<Scalar>, gradient: UnsafeMutablePointer<Scalar>) {
        let count = parameter.count
        precondition(state.count == optimizer.stateVectorCount * count, "step: optimizer state of another shape")
        guard count > 0 else { return }
        parameter.elements.withUnsafeMutableBufferPointer { parameters in
            state.elements.withUnsafeMutableBufferPointer { state in
                optimizer.apply(to: ParameterRun(parameters: parameters, gradients: gradient, state: state.baseAddress, stateStride: count),
                                isWeight: isWeight, at: step)
            }
        }
    }

    /// Gathers the training samples at `indices` into `batchInputs` and `batchTargets`.
    @inlinable
    func gather(_ indices: ArraySlice<Int>, of examples: Examples<Scalar>) {
        precondition(indices.count <= batchRows, "gather: \(indices.count) rows for a batch of \(batchRows)")
        Self.gather(indices, of: examples.inputs, into: batchInputs)
        Self.gather(indices, of: examples.targets, into: batchTargets)
    }

    /// The rows of `matrix` at `indices`, one after the other, into `into`.
    @inlinable
    static func gather(_ indices: ArraySlice<Int>, of matrix: Matrix<Scalar>, into: UnsafeMutablePointer<Scalar>) {
        let columns = matrix.columns
        matrix.elements.withUnsafeBufferPointer { source in
            for (row, index) in indices.enumerated() {
                (into + row * columns).update(from: source.baseAddress! + index * columns, count: columns)
            }
        }
    }

    /// The metrics of `network` on the training part (unless `includingTrain` is false) and the
    /// test part, from one forward pass over the rows of `stacked` they need; confusion matrices
    /// are counted into `confusion` (training, test). With `trainingGradient` (a full batch in
    /// order), the loss's gradient on the training rows goes into `gradients.last` for the next
    /// step (`step` with `forwardDone`).
    @inlinable
    func evaluate(_ network: Network<Scalar>, train: Examples<Scalar>, test: Examples<Scalar>, includingTrain: Bool,
                  trainingGradient: Bool = false, confusion: inout (train: [Int], test: [Int])) -> (train: Metrics?, test: Metrics) {
        let first = includingTrain ? 0 : train.count
        let rows = stackedRows - first
        guard rows > 0 else { return (nil, Metrics(loss: .nan, score: .nan)) }
        forward(network, inputs: stacked + first * sizes[0], rows: rows, into: evaluated)
        let columns = sizes[sizes.count - 1]
        let output = UnsafePointer(evaluated[evaluated.count - 1])
        var trained: Metrics?
        if includingTrain {
            trained = train.targets.elements.withUnsafeBufferPointer { y in
                network.metrics(ofOutput: output, targets: y.baseAddress!, rows: train.count, columns: columns,
                                labels: train.labels?[...], confusion: &confusion.train,
                                gradient: trainingGradient ? gradients[gradients.count - 1] : nil)
            }
        }
        guard test.count > 0 else { return (trained, Metrics(loss: .nan, score: .nan)) }
        let tested = test.targets.elements.withUnsafeBufferPointer { y in
            network.metrics(ofOutput: output + (train.count - first) * columns, targets: y.baseAddress!, rows: test.count, columns: columns,
                            labels: test.labels?[...], confusion: &confusion.test)
        }
        return (trained, tested)
    }
}

/// Parameter copies and confusion matrices handed out with snapshots, reused in turn: a slot
/// whose last snapshot its observer has let go of (the store's thread has written it) is
/// overwritten in place, so handing over a snapshot allocates nothing while the observer keeps
/// up (one that falls more than `count` snapshots behind only makes a slot copy itself).
@usableFromInline
struct SnapshotSlots<Scalar: BLASScalar> {
    @usableFromInline var parameters: [[Matrix<Scalar>]]
    @usableFromInline var confusions: [(train: [Int], test: [Int])]
    @usableFromInline var next = 0

    /// Slots for `network`'s parameters and confusion matrices: as many as fit in about 4 MB, from
    /// 4 to 256.
    @inlinable
    init(for network: Network<Scalar>) {
        let bytes = max(1, network.parameterCount * MemoryLayout<Scalar>.stride)
        let count = min(256, max(4, (4 << 20) / bytes))
        parameters = Array(repeating: network.parameters, count: count).map { tensors in tensors.map { Matrix(rows: $0.rows, columns: $0.columns) } }
        // A classifier's confusion matrices, K × K for K = max(outputs, 2), as `metrics` counts them.
        let cells = network.loss.isClassification ? max(network.outputSize, 2) * max(network.outputSize, 2) : 0
        confusions = (0..<count).map { _ in ([Int](repeating: 0, count: cells), [Int](repeating: 0, count: cells)) }
    }

    /// The next slot's confusion matrices, moved out of it (so that they are filled in place
    /// when no snapshot holds them any more); put them back before `take`.
    @inlinable
    mutating func takeConfusion() -> (train: [Int], test: [Int]) {
        defer { confusions[next] = ([], []) }
        return confusions[next]
    }

    /// The next slot, filled with a copy of `network`'s parameters.
    @inlinable
    mutating func take(copying network: Network<Scalar>) -> Int {
        let slot = next
        next = (next + 1) % parameters.count
        for (index, layer) in network.layers.enumerated() {
            copy(layer.weight, into: slot, tensor: 2 * index)
            copy(layer.bias, into: slot, tensor: 2 * index + 1)
        }
        return slot
    }

    /// Copies `matrix` into tensor `tensor` of slot `slot`.
    @inlinable
    mutating func copy(_ matrix: Matrix<Scalar>, into slot: Int, tensor: Int) {
        matrix.elements.withUnsafeBufferPointer { source in
            _ = parameters[slot][tensor].elements.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: source) }
        }
    }
}
