/// A data set as stored: raw (unstandardised) features, targets, the split and the standardisation.
public struct StoredDataset: Sendable, Equatable {
    /// What the samples are, by the name the store keeps in `dataset.kind`.
    public enum Kind: String, Sendable, CaseIterable {
        /// Points in the plane (two features): decision-boundary pictures.
        case points2D
        /// Grey images of `imageSize`, one feature per pixel.
        case image
        /// One feature and a real target: fitted-curve pictures.
        case regression1D
        /// Any number of features.
        case table
    }

    /// The data set's name.
    public var name: String
    /// What the samples are.
    public var kind: Kind
    /// Features per sample.
    public var featureCount: Int
    /// Image width and height for image data (`kind == .image`), else nil.
    public var imageSize: (width: Int, height: Int)?
    /// Class names; empty for regression.
    public var classNames: [String]
    /// Row-major features, `count × featureCount`, before standardisation.
    public var features: [Float]
    /// Class label per sample (classification), or empty.
    public var labels: [Int32]
    /// Target value per sample (regression), or empty.
    public var targets: [Float]
    /// True for samples in the test part.
    public var isTest: [Bool]
    /// Standardisation fitted on the training part: mean per feature.
    public var mean: [Float]
    /// Standardisation fitted on the training part: deviation per feature.
    public var deviation: [Float]
    /// How many training examples the run trained on when the stored training samples are a
    /// sample of them (image data keeps a stratified sample; schema 4), else nil: the stored
    /// training samples are all of them.
    public var trainingCount: Int?
    /// The features' names (`dataset.feature_names`, schema 4), or nil when the data names none.
    public var featureNames: [String]?
    /// The name of what is predicted (`dataset.target_name`, schema 4), or nil.
    public var targetName: String?

    /// A stored data set with the given parts.
    public init(name: String, kind: Kind, featureCount: Int, imageSize: (width: Int, height: Int)? = nil,
                classNames: [String], features: [Float], labels: [Int32], targets: [Float], isTest: [Bool],
                mean: [Float], deviation: [Float], trainingCount: Int? = nil, featureNames: [String]? = nil,
                targetName: String? = nil) {
        self.name = name
        self.kind = kind
        self.featureCount = featureCount
        self.imageSize = imageSize
        self.classNames = classNames
        self.features = features
        self.labels = labels
        self.targets = targets
        self.isTest = isTest
        self.mean = mean
        self.deviation = deviation
        self.trainingCount = trainingCount
        self.featureNames = featureNames
        self.targetName = targetName
    }

    /// Number of samples.
    public var count: Int { isTest.count }

    /// How many training examples the run trained on: `trainingCount`, or the stored ones.
    public var trainedOn: Int { trainingCount ?? isTest.count(where: { !$0 }) }

    /// Equal parts.
    public static func == (a: StoredDataset, b: StoredDataset) -> Bool {
        a.name == b.name && a.kind == b.kind && a.featureCount == b.featureCount
            && a.imageSize?.width == b.imageSize?.width && a.imageSize?.height == b.imageSize?.height
            && a.classNames == b.classNames && a.features == b.features && a.labels == b.labels
            && a.targets == b.targets && a.isTest == b.isTest && a.mean == b.mean && a.deviation == b.deviation
            && a.trainingCount == b.trainingCount
            && a.featureNames == b.featureNames && a.targetName == b.targetName
    }
}
