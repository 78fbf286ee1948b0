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
        let lossValue = Double(loss.evaluate(output: output, targets: examples.targets).value)
        if let labels = examples.labels, loss.isClassification {
            let predicted = predictedClasses(fromOutput: output)
            let classes = max(output.columns, 2)
            var confusion = [Int](repeating: 0, count: classes * classes)
            var correct = 0
            for (guess, truth) in zip(predicted, labels) where truth < classes {
                confusion[truth * classes + guess] += 1
                if guess == truth { correct += 1 }
            }
            return Metrics(loss: lossValue, score: Double(correct) / Double(labels.count), confusion: confusion)
        }
        return Metrics(loss: lossValue, score: rSquared(predicted: output, expected: examples.targets))
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
    let n = Double(expected.count)
    guard n > 0 else { return .nan }
    let mean = expected.elements.reduce(0.0) { $0 + Double($1) } / n
    var residual = 0.0
    var total = 0.0
    for i in 0..<expected.count {
        let y = Double(expected.elements[i])
        residual += (y - Double(predicted.elements[i])) * (y - Double(predicted.elements[i]))
        total += (y - mean) * (y - mean)
    }
    return total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0)
}
