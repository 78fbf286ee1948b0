import Datasets
import FrameStore
import LinearAlgebra

extension DataPlane {
    /// The plane the pictures of `data` slice through as `choice` asks (nil: `pca`), or nil for
    /// data drawn as it is (two features, where `choice` may only name them in their order). A
    /// field run keeps the plane it was recorded on (`stored`), which `choice` may not change.
    /// Throws a `SettingError` naming the features there are for a feature that does not exist,
    /// one named twice, or a choice two-feature data cannot take.
    /// With `fitting` false it only checks `choice` (and returns nil), fitting no plane.
    static func resolve(_ choice: PlaneChoice?, for data: StoredDataset, stored: StoredPlane? = nil,
                        pictures: PictureSettings, fitting: Bool = true) throws(SettingError) -> DataPlane? {
        let d = data.featureCount
        let names = data.featureNames ?? Dataset.featureNames(count: d)
        func refuse(_ expected: String) -> SettingError {
            SettingError(\PictureSettings.plane, in: pictures, expected: expected)
        }
        guard d >= 2 else {
            if choice != nil { throw refuse("nothing: this data has one feature (\(names[0]))") }
            return nil
        }
        let listed = names.count <= 12 ? names.joined(separator: ", ") : names.prefix(12).joined(separator: ", ") + ", … (\(names.count) in all)"
        guard d != 2 else {
            guard let choice else { return nil }
            if case .features(let a, let b) = choice, let i = index(of: a, in: names), let j = index(of: b, in: names), i == 0, j == 1 {
                return nil
            }
            throw refuse("nothing, or \(names[0]),\(names[1]): this data has two features (\(listed)), drawn as they are")
        }
        if let stored {
            if let choice, choice.kind != stored.kind || choice.kind == "features" {
                throw refuse("nothing: this run stored its model's output on its \(stored.kind) plane, which a redraw cannot change")
            }
            return fromStore(stored, data: data, names: names)
        }
        if data.kind == .image {
            if choice != nil { throw refuse("nothing: image data is drawn as its images, not through a plane") }
            return nil
        }
        switch choice ?? .pca {
        case .pca:
            return fitting ? principal(trainingRows(of: data), data: data, names: names) : nil
        case .lda:
            guard data.classNames.count >= 2, data.labels.count == data.count else {
                throw refuse("pca or two features: lda needs classes")
            }
            return fitting ? fisher(trainingRows(of: data), data: data, names: names) : nil
        case .features(let a, let b):
            guard let i = index(of: a, in: names) else { throw refuse("two of the features \(listed), by name or column number 1…\(d)") }
            guard let j = index(of: b, in: names) else { throw refuse("two of the features \(listed), by name or column number 1…\(d)") }
            guard i != j else { throw refuse("two different features of \(listed)") }
            return fitting ? featurePlane(i, j, trainingRows(of: data), data: data, names: names) : nil
        }
    }

    /// The feature `text` names: its name (the first feature so named), or its column number from 1.
    static func index(of text: String, in names: [String]) -> Int? {
        if let exact = names.firstIndex(of: text) { return exact }
        if let number = Int(text), (1...names.count).contains(number) { return number - 1 }
        return nil
    }

    /// The training part's rows, standardised, row-major (n × d).
    static func trainingRows(of data: StoredDataset) -> (values: [Double], count: Int) {
        let d = data.featureCount
        var values: [Double] = []
        var count = 0
        for i in 0..<data.count where !data.isTest[i] {
            for k in 0..<d { values.append((Double(data.features[i * d + k]) - Double(data.mean[k])) / Double(data.deviation[k])) }
            count += 1
        }
        if count == 0 {
            // No training part (a recorder that kept none): the plane of every sample.
            for i in 0..<data.count {
                for k in 0..<d { values.append((Double(data.features[i * d + k]) - Double(data.mean[k])) / Double(data.deviation[k])) }
            }
            count = data.count
        }
        return (values, count)
    }

    /// Each column's mean.
    static func columnMeans(_ rows: (values: [Double], count: Int), d: Int) -> [Double] {
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<rows.count { for k in 0..<d { mean[k] += rows.values[r * d + k] } }
        return mean.map { $0 / Double(max(rows.count, 1)) }
    }

    /// The covariance (divided by n) of `rows` about `center`, restricted to `members` when given.
    static func scatter(_ rows: (values: [Double], count: Int), d: Int, center: [Double], members: [Int]? = nil) -> [Double] {
        var s = [Double](repeating: 0, count: d * d)
        var offset = [Double](repeating: 0, count: d)
        for r in members ?? Array(0..<rows.count) {
            for k in 0..<d { offset[k] = rows.values[r * d + k] - center[k] }
            for p in 0..<d where offset[p] != 0 {
                let op = offset[p]
                for q in p..<d { s[p * d + q] += op * offset[q] }
            }
        }
        for p in 0..<d { for q in p..<d { s[p * d + q] /= Double(max(rows.count, 1)); s[q * d + p] = s[p * d + q] } }
        return s
    }

    /// `v` scaled to length 1, its largest component positive (a fixed sign for every run).
    static func normalized(_ v: [Double]) -> [Double] {
        let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 1e-300 else { return v }
        let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) } ?? 0
        let sign = v[largest] < 0 ? -1.0 : 1.0
        return v.map { sign * $0 / length }
    }

    /// `v` with its component along the unit vector `u` taken out.
    static func orthogonalized(_ v: [Double], to u: [Double]) -> [Double] {
        let along = zip(v, u).reduce(0) { $0 + $1.0 * $1.1 }
        return zip(v, u).map { $0 - along * $1 }
    }

    /// A unit vector orthogonal to `u`: the coordinate axis least along it, made orthogonal.
    static func anyOrthogonal(to u: [Double]) -> [Double] {
        let k = u.indices.min { abs(u[$0]) < abs(u[$1]) } ?? 0
        var e = [Double](repeating: 0, count: u.count)
        e[k] = 1
        return normalized(orthogonalized(e, to: u))
    }

    private static func plane(kind: String, data: StoredDataset, names: [String], origin: [Double], axes: [[Double]],
                              ratio: [Double]? = nil, featureAxes: (Int, Int)? = nil, principalSecond: Bool = false) -> DataPlane {
        DataPlane(kind: kind, features: names, origin: origin, axes: axes, mean: data.mean.map(Double.init),
                  deviation: data.deviation.map(Double.init), explainedVarianceRatio: ratio, featureAxes: featureAxes,
                  secondAxisIsPrincipal: principalSecond)
    }

    /// The first two principal components of the standardised training part, through its mean,
    /// with the share of the variance each explains.
    static func principal(_ rows: (values: [Double], count: Int), data: StoredDataset, names: [String]) -> DataPlane {
        let d = data.featureCount
        let center = columnMeans(rows, d: d)
        let covariance = scatter(rows, d: d, center: center)
        // Two leading eigenpairs: Jacobi for a few features, subspace iteration for many (a full
        // decomposition of 784 pixels' covariance took 13 s).
        let decomposed = SymmetricEigen.leading(2, of: Matrix(rows: d, columns: d, elements: covariance))
        let total = max((0..<d).reduce(0) { $0 + covariance[$1 * d + $1] }, 1e-300)
        let first = normalized(decomposed.vectors[0])
        let second = d > 1 ? normalized(orthogonalized(decomposed.vectors[1], to: first)) : anyOrthogonal(to: first)
        return plane(kind: "pca", data: data, names: names, origin: center, axes: [first, second],
                     ratio: [max(decomposed.values[0], 0) / total, max(d > 1 ? decomposed.values[1] : 0, 0) / total])
    }

    /// Fisher's discriminant plane through the training mean: the two leading eigenvectors of
    /// S_w⁻¹ S_b (within- and between-class scatter), or for two classes the discriminant
    /// S_w⁻¹ (m₁ − m₀) and the first principal component orthogonal to it; orthonormalised.
    static func fisher(_ rows: (values: [Double], count: Int), data: StoredDataset, names: [String]) -> DataPlane {
        let d = data.featureCount
        let center = columnMeans(rows, d: d)
        let labels = data.count == rows.count && data.isTest.allSatisfy({ $0 }) ? data.labels.map(Int.init)
            : data.labels.indices.filter { !data.isTest[$0] }.map { Int(data.labels[$0]) }
        let classes = data.classNames.count
        var members = [[Int]](repeating: [], count: classes)
        for (r, label) in labels.enumerated() where r < rows.count && label < classes { members[label].append(r) }
        var within = [Double](repeating: 0, count: d * d)
        var between = [Double](repeating: 0, count: d * d)
        for group in members where !group.isEmpty {
            let groupMean = columnMeans((group.flatMap { r in rows.values[(r * d)..<((r + 1) * d)] }, group.count), d: d)
            let s = scatter(rows, d: d, center: groupMean, members: group)
            for k in 0..<(d * d) { within[k] += s[k] }
            let weight = Double(group.count) / Double(max(rows.count, 1))
            for p in 0..<d { for q in 0..<d { between[p * d + q] += weight * (groupMean[p] - center[p]) * (groupMean[q] - center[q]) } }
        }
        // S_w^(-1/2), regularised so that a constant or duplicated feature does not break it.
        let trace = (0..<d).reduce(0) { $0 + within[$1 * d + $1] }
        let ridge = 1e-6 * max(trace / Double(d), 1e-12)
        let w = eigen(within, d)
        var whiten = [Double](repeating: 0, count: d * d)
        for (value, vector) in zip(w.values, w.vectors) {
            let factor = 1 / (max(value, 0) + ridge).squareRoot()
            for p in 0..<d { for q in 0..<d { whiten[p * d + q] += factor * vector[p] * vector[q] } }
        }
        func times(_ a: [Double], _ b: [Double]) -> [Double] {
            var c = [Double](repeating: 0, count: d * d)
            for i in 0..<d { for k in 0..<d where a[i * d + k] != 0 { let aik = a[i * d + k]; for j in 0..<d { c[i * d + j] += aik * b[k * d + j] } } }
            return c
        }
        func apply(_ m: [Double], _ v: [Double]) -> [Double] { (0..<d).map { i in (0..<d).reduce(0) { $0 + m[i * d + $1] * v[$1] } } }
        let m = times(times(whiten, between), whiten)
        let decomposed = eigen(m, d)
        let first = normalized(apply(whiten, decomposed.vectors[0]))
        let nonEmpty = members.filter { !$0.isEmpty }.count
        if nonEmpty >= 3, d > 1 {
            let second = normalized(orthogonalized(apply(whiten, decomposed.vectors[1]), to: first))
            if second.contains(where: { $0 != 0 }) {
                return plane(kind: "lda", data: data, names: names, origin: center, axes: [first, second])
            }
        }
        // Two classes: the first principal component of the data with the discriminant taken out.
        let covariance = scatter(rows, d: d, center: center)
        var projector = [Double](repeating: 0, count: d * d)
        for p in 0..<d { for q in 0..<d { projector[p * d + q] = (p == q ? 1 : 0) - first[p] * first[q] } }
        let rest = eigen(times(times(projector, covariance), projector), d)
        var second = normalized(orthogonalized(rest.vectors[0], to: first))
        if !(second.reduce(0) { $0 + $1 * $1 } > 0.5) { second = anyOrthogonal(to: first) }
        return plane(kind: "lda", data: data, names: names, origin: center, axes: [first, second], principalSecond: true)
    }

    /// Features `i` and `j` as the axes, every feature's origin at its training median.
    static func featurePlane(_ i: Int, _ j: Int, _ rows: (values: [Double], count: Int), data: StoredDataset, names: [String]) -> DataPlane {
        let d = data.featureCount
        let medians = (0..<d).map { k in median((0..<rows.count).map { rows.values[$0 * d + k] }) }
        var a = [Double](repeating: 0, count: d), b = a
        a[i] = 1
        b[j] = 1
        return plane(kind: "features", data: data, names: names, origin: medians, axes: [a, b], featureAxes: (i, j))
    }

    /// The eigenvalues (largest first) and unit eigenvectors of the symmetric d × d `matrix`.
    static func eigen(_ matrix: [Double], _ d: Int) -> (values: [Double], vectors: [[Double]]) {
        SymmetricEigen.decompose(Matrix(rows: d, columns: d, elements: matrix))
    }

    /// The median (the mean of the two middle values of an even count).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A field run's stored plane.
    static func fromStore(_ stored: StoredPlane, data: StoredDataset, names: [String]) -> DataPlane {
        let featureAxes: (Int, Int)? = stored.kind == "features"
            ? stored.axes[0].firstIndex(where: { abs($0 - 1) < 1e-6 }).flatMap { i in stored.axes[1].firstIndex(where: { abs($0 - 1) < 1e-6 }).map { (i, $0) } }
            : nil
        return DataPlane(kind: featureAxes == nil && stored.kind == "features" ? "features" : stored.kind, features: names,
                         origin: stored.origin, axes: stored.axes, mean: data.mean.map(Double.init),
                         deviation: data.deviation.map(Double.init), explainedVarianceRatio: nil, featureAxes: featureAxes,
                         secondAxisIsPrincipal: false)
    }
}
