import Foundation

/// Which plane through the feature space the pictures of data with more than two features slice
/// through (`--plane`): the first two principal components, two named features, or Fisher's
/// discriminant directions. Two-feature data is drawn as it is.
public enum PlaneChoice: Sendable, Equatable {
    /// The first two principal components of the standardised training part, through its mean.
    case pca
    /// Fisher's linear discriminant directions (for two classes: the discriminant and the first
    /// principal component orthogonal to it), through the training mean.
    case lda
    /// Two features as the axes, in their own units, every other feature at its training median:
    /// each named as typed (a name, or a column number from 1).
    case features(String, String)

    /// What `--plane` takes, for refusals.
    static let expected = "pca, lda, or two features by name or column number, e.g. petal_length,petal_width or 3,4"

    /// The choice `text` names, or nil.
    static func parse(_ text: String) -> PlaneChoice? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "pca": return .pca
        case "lda": return .lda
        default:
            let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            return .features(parts[0], parts[1])
        }
    }

    /// The choice as `--plane` takes it.
    var text: String {
        switch self {
        case .pca: "pca"
        case .lda: "lda"
        case .features(let a, let b): "\(a),\(b)"
        }
    }

    /// The name `plane.json` and the store give its kind.
    var kind: String {
        switch self {
        case .pca: "pca"
        case .lda: "lda"
        case .features: "features"
        }
    }
}

extension SettingFormat where Value == PlaneChoice {
    /// A plane: `pca`, `lda` or `NAME,NAME`; which names exist is checked against the data when
    /// the pictures are drawn.
    static var plane: Self {
        .bounded(expected: PlaneChoice.expected, read: PlaneChoice.parse, json: { .string($0.text) })
    }
}
