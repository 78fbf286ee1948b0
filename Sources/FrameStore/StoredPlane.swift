/// A plane through a data set's standardised feature space (`run.plane`, schema 4): the points
/// `origin + u · axes[0] + v · axes[1]`, where a field run's grid lies when the data has more than
/// two features. The grid's extent (`run.field_extent`) is then in (u, v), standard deviations
/// along the axes.
public struct StoredPlane: Sendable, Equatable, Codable {
    /// How the plane was chosen: `pca`, `features` or `lda`.
    public var kind: String
    /// The plane's point at (0, 0), one number per feature (standardised).
    public var origin: [Double]
    /// Two orthonormal directions, one number per feature each (standardised).
    public var axes: [[Double]]

    /// The kinds a plane can be.
    public static let kinds = ["pca", "features", "lda"]

    /// A plane of `kind` through `origin` along `axes`.
    public init(kind: String, origin: [Double], axes: [[Double]]) {
        (self.kind, self.origin, self.axes) = (kind, origin, axes)
    }
}
