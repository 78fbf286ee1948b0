import LinearAlgebra

/// Per-feature standardisation `(x − mean) / deviation`, fitted on the training part only and
/// kept, so that a test sample or a grid over the plane maps exactly as the training data did.
public struct Standardization: Sendable, Equatable, Codable {
    /// The mean of each feature over the fitted samples.
    public var mean: [Float]
    /// The standard deviation of each feature (1 where a feature is constant).
    public var deviation: [Float]

    /// A standardisation with the given statistics.
    public init(mean: [Float], deviation: [Float]) {
        precondition(mean.count == deviation.count, "Standardization: one deviation per mean")
        self.mean = mean
        self.deviation = deviation
    }

    /// Fits the statistics of each column of `features` (population standard deviation, in Double).
    public init(fittedTo features: Matrix<Float>) {
        var mean = [Double](repeating: 0, count: features.columns)
        var squares = [Double](repeating: 0, count: features.columns)
        for r in 0..<features.rows {
            for c in 0..<features.columns { mean[c] += Double(features[r, c]) }
        }
        let n = Double(max(features.rows, 1))
        for c in mean.indices { mean[c] /= n }
        for r in 0..<features.rows {
            for c in 0..<features.columns {
                let d = Double(features[r, c]) - mean[c]
                squares[c] += d * d
            }
        }
        self.mean = mean.map { Float($0) }
        self.deviation = squares.map { let s = ($0 / n).squareRoot(); return s > 1e-12 ? Float(s) : 1 }
    }

    /// The standardised copy of `features`.
    public func apply(_ features: Matrix<Float>) -> Matrix<Float> {
        precondition(features.columns == mean.count, "Standardization: fitted on \(mean.count) features, given \(features.columns)")
        var result = features
        let columns = features.columns
        for r in 0..<features.rows {
            for c in 0..<columns {
                result.elements[r * columns + c] = (features.elements[r * columns + c] - mean[c]) / deviation[c]
            }
        }
        return result
    }

    /// One standardised point (e.g. a grid position in data units).
    public func apply(_ point: [Float]) -> [Float] {
        zip(point, zip(mean, deviation)).map { ($0 - $1.0) / $1.1 }
    }

    /// Maps standardised values back to data units.
    public func invert(_ point: [Float]) -> [Float] {
        zip(point, zip(mean, deviation)).map { $0 * $1.1 + $1.0 }
    }
}

extension Split {
    /// Standardises both parts with statistics fitted on the training part; returns the fitted transform too.
    public func standardized() -> (split: Split, standardization: Standardization) {
        let standardization = Standardization(fittedTo: train.features)
        return (Split(train: train.withFeatures(standardization.apply(train.features)),
                      test: test.withFeatures(standardization.apply(test.features))),
                standardization)
    }
}
