import LinearAlgebra

/// Inputs with the targets a loss compares against, and the class labels when there are classes.
public struct Examples<Scalar: BLASScalar>: Sendable {
    /// One sample per row.
    public var inputs: Matrix<Scalar>
    /// What the network's output is compared with, one row per sample.
    public var targets: Matrix<Scalar>
    /// The class index of each sample, for classification; nil for regression.
    public var labels: [Int]?

    /// Examples with explicit targets.
    @inlinable
    public init(inputs: Matrix<Scalar>, targets: Matrix<Scalar>, labels: [Int]? = nil) {
        precondition(inputs.rows == targets.rows, "Examples: \(inputs.rows) inputs but \(targets.rows) targets")
        self.inputs = inputs
        self.targets = targets
        self.labels = labels
    }

    /// Classification examples: targets are one column of 0/1 when `outputSize` is 1 (binary,
    /// sigmoid output), otherwise one-hot rows of width `outputSize`.
    @inlinable
    public init(inputs: Matrix<Scalar>, labels: [Int], outputSize: Int) {
        var targets = Matrix<Scalar>(rows: labels.count, columns: outputSize)
        for (row, label) in labels.enumerated() {
            if outputSize == 1 {
                targets[row, 0] = label == 1 ? 1 : 0
            } else {
                targets[row, label] = 1
            }
        }
        self.init(inputs: inputs, targets: targets, labels: labels)
    }

    /// Number of samples.
    public var count: Int { inputs.rows }

    /// The samples at `indices`, in that order.
    @inlinable
    public func subset(_ indices: [Int]) -> Examples {
        Examples(inputs: inputs.gatheringRows(indices), targets: targets.gatheringRows(indices),
                 labels: labels.map { all in indices.map { all[$0] } })
    }
}

/// The loss and score of a network on a set of examples.
public struct Metrics: Sendable, Equatable, Codable {
    /// The mean loss.
    public var loss: Double
    /// Accuracy in [0, 1] for classification; R² (coefficient of determination) for regression.
    public var score: Double
    /// For classification, the confusion matrix: K×K counts, row = true class, column = predicted.
    public var confusion: [Int]?

    /// Metrics with the given values.
    @inlinable
    public init(loss: Double, score: Double, confusion: [Int]? = nil) {
        self.loss = loss
        self.score = score
        self.confusion = confusion
    }
}

extension Network {
    /// The raw output for `x`, computed in `parallelism` blocks of rows at the same time (the
    /// evaluation counterpart of a sharded training step; blocks have at least 64 rows).
    @inlinable
    public func output(for x: Matrix<Scalar>, parallelism: Int) -> Matrix<Scalar> {
        let blocks = evenRanges(x.rows, parts: min(parallelism, x.rows / 64))
        guard blocks.count > 1 else { return self(x) }
        return Matrix(stackingRowsOf: concurrentMap(blocks.count) { self(x.gatheringRows(blocks[$0])) })
    }

    /// Loss and accuracy (or R²) of the network on `examples`, from one batched forward pass
    /// (cut into `parallelism` blocks of rows computed at the same time).
    @inlinable
    public func evaluate(on examples: Examples<Scalar>, parallelism: Int = 1) -> Metrics {
        guard examples.count > 0 else { return Metrics(loss: .nan, score: .nan) }
        return metrics(ofOutput: self.output(for: examples.inputs, parallelism: parallelism), on: examples)
    }

    /// The metrics on the training and the test examples from one forward pass over `both`, the
    /// training inputs followed by the test inputs (a small network's epoch: one pass instead of
    /// two, the same numbers).
    @inlinable
    public func evaluate(train: Examples<Scalar>, test: Examples<Scalar>, both: Matrix<Scalar>) -> (train: Metrics, test: Metrics) {
        precondition(both.rows == train.count + test.count && both.columns == train.inputs.columns,
                     "evaluate: the stacked inputs are not the training and test inputs")
        let output = self(both)
        let trained = train.count == 0 ? Metrics(loss: .nan, score: .nan) : metrics(ofOutput: output.gatheringRows(0..<train.count), on: train)
        let tested = test.count == 0 ? Metrics(loss: .nan, score: .nan) : metrics(ofOutput: output.gatheringRows(train.count..<both.rows), on: test)
        return (trained, tested)
    }

    /// Loss and accuracy (or R²) of `output`, the network's output for `examples`' inputs.
    @inlinable
    func metrics(ofOutput output: Matrix<Scalar>, on examples: Examples<Scalar>) -> Metrics {
        precondition(output.rows == examples.count && output.columns == examples.targets.columns, "metrics: shapes differ")
        var confusion: [Int] = []
        return output.elements.withUnsafeBufferPointer { z in
            examples.targets.elements.withUnsafeBufferPointer { y in
                metrics(ofOutput: z.baseAddress!, targets: y.baseAddress!, rows: output.rows, columns: output.columns,
                        labels: examples.labels?[...], confusion: &confusion)
            }
        }
    }

    /// Loss and accuracy (or R²) of the `rows × columns` outputs at `output` against `targets`,
    /// with `labels` for classification: the confusion matrix is counted into `confusion`
    /// (resized to K×K when it is not; the metrics share it, so a caller that keeps it alone
    /// between epochs reuses its memory). Every metric of the project is measured here. With
    /// `gradient`, the loss's gradient is written there as well (from the same exponentials:
    /// the next full-batch step's, whose forward pass this is).
    @inlinable
    func metrics(ofOutput output: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>, rows: Int, columns: Int,
                 labels: ArraySlice<Int>?, confusion: inout [Int], gradient: UnsafeMutablePointer<Scalar>? = nil) -> Metrics {
        let lossValue = Double(loss.evaluate(output: output, targets: targets, rows: rows, columns: columns, gradient: gradient))
        guard let labels, loss.isClassification else {
            return Metrics(loss: lossValue, score: rSquared(predicted: output, expected: targets, count: rows * columns))
        }
        let classes = max(columns, 2)
        if confusion.count == classes * classes {
            confusion.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        } else {
            confusion = [Int](repeating: 0, count: classes * classes)
        }
        var correct = 0
        confusion.withUnsafeMutableBufferPointer { counts in
            labels.withUnsafeBufferPointer { labels in
                for row in 0..<min(rows, labels.count) where labels[row] < classes {
                    let truth = labels[row]
                    let guess = columns == 1 ? (output[row] > 0 ? 1 : 0) : predictedClass(output + row * columns, columns: columns)
                    counts[truth * classes + guess] += 1
                    if guess == truth { correct += 1 }
                }
            }
        }
        return Metrics(loss: lossValue, score: Double(correct) / Double(labels.count), confusion: confusion)
    }

    /// The class predicted by one row of `columns` outputs: threshold 0 on a single logit, the
    /// first largest otherwise.
    @inlinable
    func predictedClass(_ row: UnsafePointer<Scalar>, columns: Int) -> Int {
        if columns == 1 { return row[0] > 0 ? 1 : 0 }
        var best = 0
        var bestValue = row[0]
        for c in 1..<columns where row[c] > bestValue {
            best = c
            bestValue = row[c]
        }
        return best
    }

    /// The predicted class per row: threshold 0 on a single logit, argmax otherwise.
    @inlinable
    public func predictedClasses(fromOutput output: Matrix<Scalar>) -> [Int] {
        if output.columns == 1 {
            return output.elements.map { $0 > 0 ? 1 : 0 }
        }
        return output.argmaxPerRow()
    }
}

/// The coefficient of determination `1 − SS_res / SS_tot` over all outputs.
@inlinable
public func rSquared<Scalar: BLASScalar>(predicted: Matrix<Scalar>, expected: Matrix<Scalar>) -> Double {
    guard expected.count > 0 else { return .nan }
    return predicted.elements.withUnsafeBufferPointer { p in
        expected.elements.withUnsafeBufferPointer { y in rSquared(predicted: p.baseAddress!, expected: y.baseAddress!, count: expected.count) }
    }
}

/// `rSquared` of the `count` values at `predicted` against those at `expected`.
@inlinable
public func rSquared<Scalar: BLASScalar>(predicted: UnsafePointer<Scalar>, expected: UnsafePointer<Scalar>, count: Int) -> Double {
    let n = Double(count)
    guard n > 0 else { return .nan }
    var mean = 0.0
    for i in 0..<count { mean += Double(expected[i]) }
    mean /= n
    var residual = 0.0
    var total = 0.0
    for i in 0..<count {
        let y = Double(expected[i])
        residual += (y - Double(predicted[i])) * (y - Double(predicted[i]))
        total += (y - mean) * (y - mean)
    }
    return total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0)
}
