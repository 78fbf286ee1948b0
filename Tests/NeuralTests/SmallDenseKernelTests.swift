import Foundation
import Testing
import LinearAlgebra
@testable import Neural

/// The small dense kernels (`Sources/CKernels/dense.c`, `Float.smallDense…`) that narrow layers
/// train through on one thread: hand-computed layers, the BLAS's products on shapes that take
/// every path of the kernels, the gradients of a step through them against central finite
/// differences in `Double`, and whole runs against the BLAS path.
@Suite struct SmallDenseKernelTests {
    /// x (2 × 2), W (2 × 3), b, δ (2 × 3) with small exact values.
    static let x: [Float] = [1, 2,
                             3, -4]
    static let w: [Float] = [1, 0, -1,
                             2, 1, 0.5]
    static let b: [Float] = [0.5, -1, 0]
    static let delta: [Float] = [1, -2, 0.5,
                                 0.25, 4, -1]

    @Test func forwardOfAHandComputedLayer() {
        // x·W = [1+4, 0+2, −1+1; 3−8, 0−4, −3−2] = [5, 2, 0; −5, −4, −5]; + b = [5.5, 1, 0; −4.5, −5, −5].
        var z = [Float](repeating: .nan, count: 6)
        #expect(Float.smallDenseForward(rows: 2, fanIn: 2, fanOut: 3, x: Self.x, w: Self.w, b: Self.b, relu: false, z: &z))
        #expect(z == [5.5, 1, 0, -4.5, -5, -5])
        #expect(Float.smallDenseForward(rows: 2, fanIn: 2, fanOut: 3, x: Self.x, w: Self.w, b: Self.b, relu: true, z: &z))
        #expect(z == [5.5, 1, 0, 0, 0, 0])
    }

    @Test func inputGradientOfAHandComputedLayer() {
        // δ·Wᵀ: row 0 [1·1 − 2·0 + 0.5·(−1), 1·2 − 2·1 + 0.5·0.5] = [0.5, 0.25];
        //       row 1 [0.25 + 0 + 1, 0.5 + 4 − 0.5] = [1.25, 4]. The mask keeps values above 0 only.
        var g = [Float](repeating: .nan, count: 4)
        #expect(Float.smallDenseInputGradient(rows: 2, fanIn: 2, fanOut: 3, delta: Self.delta, w: Self.w, mask: nil, g: &g))
        #expect(g == [0.5, 0.25, 1.25, 4])
        let mask: [Float] = [0.3, 0, -1, 2]
        #expect(Float.smallDenseInputGradient(rows: 2, fanIn: 2, fanOut: 3, delta: Self.delta, w: Self.w, mask: mask, g: &g))
        #expect(g == [0.5, 0, 0, 4])
    }

    @Test func parameterGradientsOfAHandComputedLayer() {
        // xᵀδ: [1·1 + 3·0.25, 1·(−2) + 3·4, 1·0.5 + 3·(−1); 2·1 − 4·0.25, 2·(−2) − 4·4, 2·0.5 − 4·(−1)]
        //    = [1.75, 10, −2.5; 1, −20, 5]; Σδ = [1.25, 2, −0.5].
        var dw = [Float](repeating: .nan, count: 6), db = [Float](repeating: .nan, count: 3)
        #expect(Float.smallDenseParameterGradients(rows: 2, fanIn: 2, fanOut: 3, x: Self.x, delta: Self.delta, dw: &dw, db: &db))
        #expect(dw == [1.75, 10, -2.5, 1, -20, 5])
        #expect(db == [1.25, 2, -0.5])
    }

    @Test func doublesAndLayersTooWideAreLeftToTheBLAS() {
        var z = [Double](repeating: 7, count: 4)
        #expect(!Double.smallDenseForward(rows: 2, fanIn: 2, fanOut: 2, x: [1, 2, 3, 4], w: [1, 0, 0, 1], b: [0, 0], relu: false, z: &z))
        #expect(z == [7, 7, 7, 7])
        let wide = [Float](repeating: 1, count: 65 * 64)
        var out = [Float](repeating: 7, count: 64)
        #expect(!Float.smallDenseForward(rows: 1, fanIn: 65, fanOut: 64, x: [Float](repeating: 1, count: 65), w: wide,
                                         b: [Float](repeating: 0, count: 64), relu: false, z: &out))
        #expect(out.allSatisfy { $0 == 7 })
        #expect(usesSmallDenseKernels(fanIn: 2, fanOut: 16) && usesSmallDenseKernels(fanIn: 16, fanOut: 1))
        #expect(!usesSmallDenseKernels(fanIn: 16, fanOut: 16) && !usesSmallDenseKernels(fanIn: 784, fanOut: 4))
    }

    /// Shapes that take every branch: outputs in blocks of 16 and 8 and a remainder, few outputs
    /// against 8 or more inputs (dot products), a handful of weights (plain loops), rows not a
    /// multiple of 8.
    static let shapes: [(rows: Int, fanIn: Int, fanOut: Int)] = [
        (37, 2, 16), (9, 3, 27), (5, 16, 1), (800, 2, 16), (800, 16, 1), (13, 20, 3), (21, 7, 5), (1, 4, 64), (17, 64, 4), (30, 11, 9),
    ]

    @Test(arguments: shapes)
    func productsAgreeWithTheBLAS(rows: Int, fanIn: Int, fanOut: Int) {
        func random(_ count: Int, seed: UInt64) -> [Float] { uniformMatrix(1, count, seed: seed).elements.map(Float.init) }
        let (x, w, b) = (random(rows * fanIn, seed: 1), random(fanIn * fanOut, seed: 2), random(fanOut, seed: 3))
        let (delta, mask) = (random(rows * fanOut, seed: 4), random(rows * fanIn, seed: 5))
        // The BLAS's results, and per result the sum of its terms' magnitudes (the rounding scale).
        var z = [Float](repeating: 0, count: rows * fanOut), zScale = z
        var g = [Float](repeating: 0, count: rows * fanIn), gScale = g
        var dw = [Float](repeating: 0, count: fanIn * fanOut), dwScale = dw
        Float.gemm(transposeA: false, transposeB: false, m: rows, n: fanOut, k: fanIn, alpha: 1, a: x, lda: fanIn, b: w, ldb: fanOut,
                   beta: 0, c: &z, ldc: fanOut)
        Float.gemm(transposeA: false, transposeB: true, m: rows, n: fanIn, k: fanOut, alpha: 1, a: delta, lda: fanOut, b: w, ldb: fanOut,
                   beta: 0, c: &g, ldc: fanIn)
        Float.gemm(transposeA: true, transposeB: false, m: fanIn, n: fanOut, k: rows, alpha: 1, a: x, lda: fanIn, b: delta, ldb: fanOut,
                   beta: 0, c: &dw, ldc: fanOut)
        var db = [Float](repeating: 0, count: fanOut), dbScale = db
        for r in 0..<rows {
            for j in 0..<fanOut {
                z[r * fanOut + j] += b[j]
                zScale[r * fanOut + j] = abs(b[j]) + (0..<fanIn).reduce(0) { $0 + abs(x[r * fanIn + $1] * w[$1 * fanOut + j]) }
                db[j] += delta[r * fanOut + j]
                dbScale[j] += abs(delta[r * fanOut + j])
            }
            for k in 0..<fanIn {
                if !(mask[r * fanIn + k] > 0) { g[r * fanIn + k] = 0 }
                gScale[r * fanIn + k] = (0..<fanOut).reduce(0) { $0 + abs(delta[r * fanOut + $1] * w[k * fanOut + $1]) }
                for j in 0..<fanOut { dwScale[k * fanOut + j] += abs(x[r * fanIn + k] * delta[r * fanOut + j]) }
            }
        }
        var (z2, g2, dw2, db2) = ([Float](repeating: .nan, count: z.count), [Float](repeating: .nan, count: g.count),
                                  [Float](repeating: .nan, count: dw.count), [Float](repeating: .nan, count: db.count))
        #expect(Float.smallDenseForward(rows: rows, fanIn: fanIn, fanOut: fanOut, x: x, w: w, b: b, relu: false, z: &z2))
        #expect(Float.smallDenseInputGradient(rows: rows, fanIn: fanIn, fanOut: fanOut, delta: delta, w: w, mask: mask, g: &g2))
        #expect(Float.smallDenseParameterGradients(rows: rows, fanIn: fanIn, fanOut: fanOut, x: x, delta: delta, dw: &dw2, db: &db2))
        // A sum of n terms in another order differs by at most about n·ε times its terms' magnitudes.
        func agree(_ a: [Float], _ b: [Float], _ scale: [Float], terms: Int) -> Bool {
            a.count == b.count && a.indices.allSatisfy { abs(a[$0] - b[$0]) <= Float(terms + 1) * 1.2e-7 * scale[$0] + 1e-30 }
        }
        #expect(agree(z2, z, zScale, terms: fanIn + 1), "forward")
        #expect(agree(g2, g, gScale, terms: fanOut), "input gradient")
        #expect(agree(dw2, dw, dwScale, terms: rows), "weight gradient")
        #expect(agree(db2, db, dbScale, terms: rows), "bias gradient")
        var relu = [Float](repeating: .nan, count: z.count)
        #expect(Float.smallDenseForward(rows: rows, fanIn: fanIn, fanOut: fanOut, x: x, w: w, b: b, relu: true, z: &relu))
        #expect(zip(relu, z2).allSatisfy { $0 == max($1, 0) }, "ReLU")
    }

    /// The plain loops (every CPU without AVX2 runs them) give the AVX2 variants' bits on every
    /// shape: they sum in the same order and neither fuses a multiply-add.
    @Test(arguments: shapes)
    func plainLoopsGiveTheVectorVariantsBits(rows: Int, fanIn: Int, fanOut: Int) {
        func random(_ count: Int, seed: UInt64) -> [Float] { uniformMatrix(1, count, seed: seed).elements.map(Float.init) }
        let (x, w, b) = (random(rows * fanIn, seed: 11), random(fanIn * fanOut, seed: 12), random(fanOut, seed: 13))
        let (delta, mask) = (random(rows * fanOut, seed: 14), random(rows * fanIn, seed: 15))
        func products() -> [[UInt32]] {
            var (z, g) = ([Float](repeating: .nan, count: rows * fanOut), [Float](repeating: .nan, count: rows * fanIn))
            var (dw, db) = ([Float](repeating: .nan, count: fanIn * fanOut), [Float](repeating: .nan, count: fanOut))
            _ = Float.smallDenseForward(rows: rows, fanIn: fanIn, fanOut: fanOut, x: x, w: w, b: b, relu: true, z: &z)
            _ = Float.smallDenseInputGradient(rows: rows, fanIn: fanIn, fanOut: fanOut, delta: delta, w: w, mask: mask, g: &g)
            _ = Float.smallDenseParameterGradients(rows: rows, fanIn: fanIn, fanOut: fanOut, x: x, delta: delta, dw: &dw, db: &db)
            return [z, g, dw, db].map { $0.map(\.bitPattern) }
        }
        let vector = VectorKernels.with(allowed: true) { products() }
        let plain = VectorKernels.with(allowed: false) { products() }
        for (name, (a, b)) in zip(["forward", "input gradient", "weight gradient", "bias gradient"], zip(plain, vector)) {
            let differing = zip(a, b).filter { $0 != $1 }.count
            #expect(a.count == b.count && differing == 0, "\(name): \(differing) of \(a.count) values differ")
        }
    }

    /// The gradients a one-thread step hands its optimizer, through the small kernels, against
    /// central differences of the loss in `Double` (the same parameters, converted).
    @Test(arguments: [(Loss.binaryCrossEntropy, Activation.relu, [2, 16, 1]), (.softmaxCrossEntropy, .relu, [3, 12, 4, 3]),
                      (.meanSquaredError, .tanh, [1, 10, 1])])
    func stepGradientsMatchFiniteDifferences(loss: Loss, activation: Activation, sizes: [Int]) throws {
        let rows = 40
        let inputs = uniformMatrix(rows, sizes[0], seed: 7)
        let outputs = sizes[sizes.count - 1]
        let targets: Matrix<Double> = loss == .meanSquaredError ? uniformMatrix(rows, outputs, seed: 8)
            : oneHot((0..<rows).map { ($0 * 5 + 1) % max(outputs, 2) }, classes: max(outputs, 2))
        let examples = Examples(inputs: Matrix<Float>(converting: inputs),
                                targets: Matrix<Float>(converting: outputs == 1 && loss != .meanSquaredError
                                                       ? Matrix(rows: rows, columns: 1, elements: (0..<rows).map { Double(targets[$0, 1]) }) : targets))
        var network = try Network<Float>(inputSize: sizes[0], hiddenSizes: Array(sizes.dropFirst().dropLast()), outputSize: outputs,
                                         hiddenActivation: activation, loss: loss, seed: 4)
        var parameters = network.parameters
        for index in stride(from: 1, to: parameters.count, by: 2) {      // biases away from 0, off the ReLU's kink
            parameters[index] = Matrix(converting: uniformMatrix(1, parameters[index].columns, seed: UInt64(30 + index), in: (-0.3, 0.3)))
        }
        network.parameters = parameters
        #expect(network.layers.allSatisfy { usesSmallDenseKernels(fanIn: $0.inputSize, fanOut: $0.outputSize) },
                "the small kernels are what is tested")
        let buffers = OneThreadBuffers(network: network, batchRows: rows, train: examples, test: examples.subset([]))
        let capture = GradientCapture<Float>()
        var state = capture.makeState(for: network)
        var probe = network
        _ = examples.targets.elements.withUnsafeBufferPointer { y in
            buffers.step(&probe, inputs: buffers.stacked, targets: y.baseAddress!, rows: rows, outputs: buffers.outputs,
                         optimizer: capture, state: &state, epoch: 0, of: 1)
        }
        let analytic = network.parameters.indices.map { state.vector(0, ofTensor: $0) }
        let double = Network<Double>(layers: network.layers.map { Dense(weight: Matrix(converting: $0.weight), bias: Matrix(converting: $0.bias),
                                                                        activation: $0.activation) }, loss: loss)
        let worst = GradientCheck.maximumRelativeError(of: double, inputs: Matrix(converting: examples.inputs),
                                                       targets: Matrix(converting: examples.targets),
                                                       against: analytic.map { Matrix(converting: $0) }, step: 1e-4, floor: 1e-3)
        #expect(worst < 2e-3, "\(loss.rawValue) \(sizes): relative error \(worst)")
    }

    /// Whole runs through the small kernels and through the BLAS alone: the same training to
    /// float32 rounding, full batch and mini-batches.
    @Test func trainingThroughTheSmallKernelsAgreesWithTheBLAS() throws {
        let (train, test) = try circlesExamples(samples: 300)
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1, hiddenActivation: .relu,
                                         loss: .binaryCrossEntropy, seed: 3)
        let rule = try GradientDescent<Float>(learningRate: 0.5)
        for batch in [0, 32] {
            var (small, blas) = (network, network)
            var blasTrainer = try Trainer(epochs: 30, batchSize: batch, shuffleSeed: 2)
            blasTrainer.smallLayerKernels = false
            var (a, b): ([Snapshot<Float>], [Snapshot<Float>]) = ([], [])
            _ = try Trainer(epochs: 30, batchSize: batch, shuffleSeed: 2).fit(&small, optimizer: rule, train: train, test: test) { a.append($0) }
            _ = blasTrainer.fit(&blas, optimizer: rule, train: train, test: test) { b.append($0) }
            #expect(a.count == 30 && b.count == 30)
            for (x, y) in zip(a, b) {
                #expect(OneThreadTrainerTests.parametersAgree(x.parameters, y.parameters, exact: false), "batch \(batch) epoch \(x.epoch)")
                #expect(abs(x.train.loss - y.train.loss) <= 1e-4 * abs(y.train.loss), "batch \(batch) epoch \(x.epoch)")
            }
        }
    }
}
