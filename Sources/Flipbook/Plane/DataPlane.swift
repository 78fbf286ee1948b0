import Foundation
import FrameStore
import Render

/// The plane a run's pictures of more than two features slice through, fixed for the whole run:
/// the points `origin + u · axes[0] + v · axes[1]` of the standardised space the network sees.
///
/// A picture's coordinates are (u, v) for a `pca` or `lda` plane (standard deviations along its
/// axes), and the two features' own units for a `features` plane. A sample is drawn at its
/// projection onto the plane, and its distance from the plane (in standard deviations) sets how
/// faint it is (`opacity(distance:)`).
struct DataPlane: Sendable, Equatable {
    /// `pca`, `features` or `lda`.
    let kind: String
    /// The d features' names.
    let features: [String]
    /// The plane's point at (0, 0), standardised.
    let origin: [Double]
    /// Two orthonormal directions, standardised.
    let axes: [[Double]]
    /// The standardisation the network sees the data through.
    let mean: [Double]
    let deviation: [Double]
    /// The share of the training part's variance along each axis (`pca` only).
    let explainedVarianceRatio: [Double]?
    /// The two features that are the axes (`features` only).
    let featureAxes: (Int, Int)?
    /// The two classes' Fisher plane takes its second axis from the principal components (`lda`).
    let secondAxisIsPrincipal: Bool

    static func == (a: DataPlane, b: DataPlane) -> Bool {
        a.kind == b.kind && a.origin == b.origin && a.axes == b.axes && a.mean == b.mean && a.deviation == b.deviation
    }

    var dimension: Int { origin.count }

    // MARK: Coordinates

    /// The picture coordinate of plane coordinate `u` along axis `axis` (0 or 1).
    func shown(_ u: Double, axis: Int) -> Double {
        guard let pair = featureAxes else { return u }
        let i = axis == 0 ? pair.0 : pair.1
        return mean[i] + deviation[i] * (origin[i] + u)
    }

    /// The plane coordinate of picture coordinate `x` along axis `axis`.
    func planeCoordinate(_ x: Double, axis: Int) -> Double {
        guard let pair = featureAxes else { return x }
        let i = axis == 0 ? pair.0 : pair.1
        return (x - mean[i]) / deviation[i] - origin[i]
    }

    /// The standardised input at picture point (x, y).
    func input(x: Double, y: Double) -> [Float] {
        let u = planeCoordinate(x, axis: 0), v = planeCoordinate(y, axis: 1)
        return (0..<dimension).map { Float(origin[$0] + u * axes[0][$0] + v * axes[1][$0]) }
    }

    /// The picture point of standardised sample `z` (its projection onto the plane) and its
    /// distance from the plane, in standard deviations.
    func project(_ z: ArraySlice<Float>) -> (x: Double, y: Double, distance: Double) {
        var u = 0.0, v = 0.0
        for (k, value) in z.enumerated() {
            let offset = Double(value) - origin[k]
            u += offset * axes[0][k]
            v += offset * axes[1][k]
        }
        var squares = 0.0
        for (k, value) in z.enumerated() {
            let residual = Double(value) - origin[k] - u * axes[0][k] - v * axes[1][k]
            squares += residual * residual
        }
        return (shown(u, axis: 0), shown(v, axis: 1), squares.squareRoot())
    }

    /// How opaque a sample `distance` standard deviations from the plane is drawn: fully within
    /// one, then falling as 1/distance² down to `faintest` (from about 2 standard deviations).
    static func opacity(distance: Double) -> Double {
        guard distance.isFinite else { return faintest }
        return max(faintest, min(1, 1 / (distance * distance)))
    }

    /// The faintest a point off the plane is drawn: still there, never hiding the heat map.
    static let faintest = 0.25

    // MARK: Words

    /// The axes' names: the features', or "PC1 (62 %)", or "LD1".
    var axisNames: (String, String) {
        if let (i, j) = featureAxes { return (Self.shownName(features[i]), Self.shownName(features[j])) }
        if let ratio = explainedVarianceRatio {
            return ("PC1 (\(Self.percent(ratio[0])))", "PC2 (\(Self.percent(ratio[1])))")
        }
        return ("LD1", secondAxisIsPrincipal ? "PC1 ⟂ LD1" : "LD2")
    }

    /// A line under the title: what the plane is and where the other features are held.
    var caption: String {
        let d = dimension
        switch kind {
        case "features":
            guard let (i, j) = featureAxes else { return "A slice through \(d) features" }
            let others = (0..<d).filter { $0 != i && $0 != j }
            if others.count <= 2 {
                let held = others.map { "\(features[$0]) \(NumberText.decimal(mean[$0] + deviation[$0] * origin[$0]))" }
                return "Slice at the training medians " + held.joined(separator: ", ")
            }
            return "Slice with the \(others.count) other features at their training medians"
        case "pca":
            let share = (explainedVarianceRatio ?? [0, 0]).reduce(0, +)
            return explainedVarianceRatio == nil ? "Principal plane of \(d) features through their means"
                : "Principal plane of \(d) features (\(Self.percent(share)) of the variance), at their means"
        default:
            return "Fisher discriminant plane of \(d) features, through their means"
        }
    }

    /// "62 %".
    static func percent(_ share: Double) -> String { "\(Int((100 * share).rounded())) %" }

    /// A feature's name as axes show it: `x1 … xd` with subscript digits (x₁), others as they are.
    static func shownName(_ name: String) -> String {
        guard name.count >= 2, name.first == "x", name.dropFirst().allSatisfy(\.isASCII), let number = Int(name.dropFirst()), number > 0,
              "x\(number)" == name else { return name }
        let subscripts: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return "x" + String(String(number).map { subscripts[Int(String($0))!] })
    }

    // MARK: plane.json and the store

    /// The file beside the pictures that says what plane they slice through.
    static let fileName = "plane.json"

    /// `plane.json`: what reproduces the slice.
    var json: String {
        func numbers(_ values: [Double]) -> String { "[" + values.map { Self.number($0) }.joined(separator: ", ") + "]" }
        func quoted(_ text: String) -> String {
            let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        var lines = [
            "  \"kind\": \(quoted(kind))",
            "  \"features\": [" + features.map(quoted).joined(separator: ", ") + "]",
            "  \"origin\": " + numbers(origin),
            "  \"axes\": [\n    " + numbers(axes[0]) + ",\n    " + numbers(axes[1]) + "\n  ]",
            "  \"mean\": " + numbers(mean),
            "  \"deviation\": " + numbers(deviation),
        ]
        if let ratio = explainedVarianceRatio { lines.append("  \"explained_variance_ratio\": " + numbers(ratio)) }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// A number as JSON writes it, to 9 significant digits.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let text = String(format: "%.9g", value)
        return text == "-0" ? "0" : text
    }

    /// The plane as a frame store keeps it (a field run's).
    var stored: StoredPlane { StoredPlane(kind: kind, origin: origin, axes: axes) }
}
