import LinearAlgebra

/// A data set: one sample per row of `features`, with class labels or regression targets.
public struct Dataset: Sendable {
    /// What the samples are, which decides how they are drawn.
    public enum Kind: Sendable, Equatable {
        /// Points in the plane (two features), with classes.
        case points2D
        /// Images of `width × height` grey pixels, one pixel per feature, with classes.
        case image(width: Int, height: Int)
        /// One input feature and one real-valued target.
        case regression1D
        /// Any other table of features (a CSV with other than two columns).
        case table
    }

    /// What each sample is to be predicted as.
    public enum Targets: Sendable, Equatable {
        /// A class index per sample, in 0..<names.count.
        case classes(labels: [Int], names: [String])
        /// A real value per sample.
        case values([Float])
    }

    /// A short name (`circles`, a file name, …).
    public var name: String
    /// The kind of samples.
    public var kind: Kind
    /// One row per sample.
    public var features: Matrix<Float>
    /// Labels or values, one per sample.
    public var targets: Targets
    /// Remarks on the data as it was read (a rare class), for the caller to show; kept by
    /// `subset` and `withFeatures`.
    public var notes: [DatasetNote]
    /// The features' names (a CSV header's), one per column, or nil when the data names none
    /// (they are then `x1 … xd`: `featureNames(count:)`).
    public var featureNames: [String]?
    /// The name of what is predicted (a CSV header's label column), or nil.
    public var targetName: String?

    /// A data set; the caller guarantees one target per row (and one name per feature, if named).
    public init(name: String, kind: Kind, features: Matrix<Float>, targets: Targets, notes: [DatasetNote] = [],
                featureNames: [String]? = nil, targetName: String? = nil) {
        precondition(featureNames.map { $0.count == features.columns } ?? true, "Dataset: one name per feature")
        switch targets {
        case .classes(let labels, _): precondition(labels.count == features.rows, "Dataset: one label per sample")
        case .values(let values): precondition(values.count == features.rows, "Dataset: one target per sample")
        }
        self.name = name
        self.kind = kind
        self.features = features
        self.targets = targets
        self.notes = notes
        self.featureNames = featureNames
        self.targetName = targetName
    }

    /// The names of `count` unnamed features: `x1 … xd`.
    public static func featureNames(count: Int) -> [String] {
        (0..<count).map { "x\($0 + 1)" }
    }

    /// The features' names: the data's own, or `x1 … xd`.
    public var namesOfFeatures: [String] { featureNames ?? Self.featureNames(count: featureCount) }

    /// Number of samples.
    public var count: Int { features.rows }
    /// Number of features per sample.
    public var featureCount: Int { features.columns }

    /// The class labels, or nil for regression.
    public var labels: [Int]? {
        if case .classes(let labels, _) = targets { return labels }
        return nil
    }

    /// The class names (empty for regression).
    public var classNames: [String] {
        if case .classes(_, let names) = targets { return names }
        return []
    }

    /// Number of classes (0 for regression).
    public var classCount: Int { classNames.count }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        let targets: Targets = switch self.targets {
        case .classes(let labels, let names): .classes(labels: indices.map { labels[$0] }, names: names)
        case .values(let values): .values(indices.map { values[$0] })
        }
        return Dataset(name: name, kind: kind, features: features.gatheringRows(indices), targets: targets, notes: notes,
                       featureNames: featureNames, targetName: targetName)
    }

    /// The same samples with `features` replaced (same row count), e.g. after standardisation.
    public func withFeatures(_ features: Matrix<Float>) -> Dataset {
        Dataset(name: name, kind: kind, features: features, targets: targets, notes: notes, featureNames: featureNames,
                targetName: targetName)
    }
}
