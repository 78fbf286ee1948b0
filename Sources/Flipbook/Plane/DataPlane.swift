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

    /// The standardisation of the network evaluated on the plane, when it is not the plane's own
    /// (`mean`, `deviation`): a comparison's variants each see the one plane through their own
    /// (`expressed(inMean:deviation:)`). Nil: the plane's.
    var networkSpace: NetworkSpace? = nil

    /// The plane in the standardised space of a network that standardises the raw features by
    /// `mean` and `deviation` of its own: the same raw points, so a point shows at the same place.
    /// There the axes are scaled feature by feature (no longer orthonormal); projections undo
    /// the scaling first, so they and the distances stay the plane's own (orthogonal, in its
    /// standard deviations).
    struct NetworkSpace: Sendable, Equatable {
        let mean: [Double]
        let deviation: [Double]
        /// The plane's origin and axes as this network's inputs.
        let origin: [Double]
        let axes: [[Double]]
        /// Per feature this deviation over the plane's: an offset z − origin here times it is the offset in the plane's space.
        let scale: [Double]
    }

    static func == (a: DataPlane, b: DataPlane) -> Bool {
        a.kind == b.kind && a.origin == b.origin && a.axes == b.axes && a.mean == b.mean && a.deviation == b.deviation
            && a.networkSpace == b.networkSpace
    }

    /// This plane for a network that standardises the raw features by `networkMean` and
    /// `networkDeviation` (d each): with x the raw features, the plane's standardised
    /// z = (x − mean)/deviation and the network's z′ = (x − networkMean)/networkDeviation, so the
    /// origin becomes (mean + deviation·origin − networkMean)/networkDeviation and each axis is
    /// multiplied by deviation/networkDeviation, feature by feature. The plane itself (`plane.json`,
    /// the picture coordinates, the distances) is unchanged.
    func expressed(inMean networkMean: [Double], deviation networkDeviation: [Double]) -> DataPlane {
        var plane = self
        let d = dimension
        guard networkMean.count == d, networkDeviation.count == d, networkMean != mean || networkDeviation != deviation else {
            plane.networkSpace = nil
            return plane
        }
        let scale = (0..<d).map { k in
            networkDeviation[k] > 0 && deviation[k] > 0 && networkDeviation[k].isFinite && deviation[k].isFinite ? networkDeviation[k] / deviation[k] : 1
        }
        let origin = (0..<d).map { k -> Double in
            let raw: Double = mean[k] + deviation[k] * self.origin[k]
            return (raw - networkMean[k]) / (deviation[k] * scale[k])
        }
        let axes = self.axes.map { axis in (0..<d).map { axis[$0] / scale[$0] } }
        plane.networkSpace = NetworkSpace(mean: networkMean, deviation: networkDeviation, origin: origin, axes: axes, scale: scale)
        return plane
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

    /// The standardised input (as the network sees it: `networkSpace`, if any) at picture point (x, y).
    func input(x: Double, y: Double) -> [Float] {
        let u = planeCoordinate(x, axis: 0), v = planeCoordinate(y, axis: 1)
        let (o, a) = networkSpace.map { ($0.origin, $0.axes) } ?? (origin, axes)
        return (0..<dimension).map { Float(o[$0] + u * a[0][$0] + v * a[1][$0]) }
    }

    /// The picture point of sample `z` standardised as the network sees it (its orthogonal
    /// projection onto the plane, in the plane's own standardised space) and its distance from
    /// the plane, in the plane's standard deviations.
    func project(_ z: ArraySlice<Float>) -> (x: Double, y: Double, distance: Double) {
        let space = networkSpace
        let o = space?.origin ?? origin
        // The offset from the origin in the plane's space (the network's offset rescaled, if it has its own standardisation).
        func offset(_ value: Float, _ k: Int) -> Double {
            guard let space else { return Double(value) - o[k] }
            return (Double(value) - o[k]) * space.scale[k]
        }
        var u = 0.0, v = 0.0
        for (k, value) in z.enumerated() {
            let w = offset(value, k)
            u += w * axes[0][k]
            v += w * axes[1][k]
        }
        var squares = 0.0
        for (k, value) in z.enumerated() {
            let residual = offset(value, k) - u * axes[0][k] - v * axes[1][k]
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

    /// Whether the pictures show the plane as a square around the points (one unit the same
    /// length on both axes). A Fisher plane is not: its discriminant is the direction of least
    /// spread within the classes, along which the data may span a tenth of its other axis
    /// (breast cancer: 1 against 20 standard deviations), and a square would flatten the
    /// separation it exists to show; each of its axes spans its own points.
    var isSquare: Bool { kind != "lda" }

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

    /// Shorter forms of `caption`, longest first, for panels too narrow for it (a comparison's).
    var shorterCaptions: [String] {
        let d = dimension
        switch kind {
        case "features": return ["Other features at training medians", "Others at medians"]
        case "pca":
            guard let ratio = explainedVarianceRatio else { return ["PCA plane of \(d) features"] }
            let share = Self.percent(ratio.reduce(0, +))
            return ["PCA plane of \(d) features, \(share) of variance", "PCA plane, \(share) of variance"]
        default: return ["Fisher plane of \(d) features"]
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
