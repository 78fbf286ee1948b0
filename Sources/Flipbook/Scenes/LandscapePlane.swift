import Foundation
import LinearAlgebra

/// A plane in parameter space through a run's final parameters, spanned by two directions: the
/// first two principal components of the path of the parameters (Li et al. 2018, §7), or two
/// seeded Gaussian directions filter-normalised unit by unit (§4). Parameters are flat, in the
/// order the store and `parameters.npz` list them: W1 row by row (inputs × outputs), b1, W2, b2, ….
struct LandscapePlane: Sendable, Equatable {
    /// How the directions were made (`--landscape-plane`).
    let kind: LandscapePlaneKind
    /// The point at (0, 0): the final parameters.
    let center: [Float]
    /// The two directions, each as long as `center`.
    let directions: [[Double]]
    /// For a trajectory plane, the share of the path's variance each direction explains.
    let explainedVarianceRatio: [Double]?
    /// True when the path is a straight line (its variance has one direction only) and the
    /// second direction is a seeded Gaussian one at right angles to the first.
    let secondDirectionIsRandom: Bool

    /// The seed of the random directions.
    static let seed: UInt64 = 0

    /// The trajectory plane of `path` (the initial parameters, when kept, then every recorded
    /// frame's, in training order; the last are the final parameters): the first two principal
    /// components of θ − θ_final over the path, centred on their mean as scikit-learn's PCA
    /// centres them, with its signs (svd_flip on the scores: each component's largest score is
    /// positive). Nil for fewer than two points or a path that does not move.
    static func trajectory(_ path: [[Float]]) -> LandscapePlane? {
        guard let final = path.last else { return nil }
        return trajectory(path, center: final)
    }

    /// The plane through `center` of the first two principal components of θ − center over
    /// `points` (several paths together, for a comparison), as `trajectory(_:)` makes them.
    static func trajectory(_ path: [[Float]], center final: [Float]) -> LandscapePlane? {
        guard path.count >= 2 else { return nil }
        let count = path.count, size = final.count
        // Centred differences, one row per point.
        var mean = [Double](repeating: 0, count: size)
        var rows = Matrix<Double>(rows: count, columns: size)
        for (i, point) in path.enumerated() {
            for k in 0..<size {
                let d = Double(point[k]) - Double(final[k])
                rows.elements[i * size + k] = d
                mean[k] += d / Double(count)
            }
        }
        for i in 0..<count { for k in 0..<size { rows.elements[i * size + k] -= mean[k] } }
        // Eigenvectors of the smaller of the Gram matrix (count × count) and the scatter matrix (size × size).
        let gram = count <= size
        let symmetric = gram ? matmul(rows, rows, transposeB: true) : matmul(rows, rows, transposeA: true)
        // A long path of a wide network (breast cancer's 513 parameters, 500 epochs) takes subspace
        // iteration for its two leading components: the full Jacobi decomposition is cubic in the side.
        let (values, vectors) = symmetric.rows > SymmetricEigen.largestFull ? SymmetricEigen.leading(2, of: symmetric)
            : SymmetricEigen.decompose(symmetric)
        let total = (0..<symmetric.rows).reduce(0.0) { $0 + symmetric[$1, $1] }
        guard total > 0, values[0] > 0 else { return nil }
        var directions: [[Double]] = []
        for component in 0..<min(2, values.count) where values[component] > values[0] * 1e-12 {
            let vector = vectors[component]
            var direction = gram ? (0..<size).map { k in (0..<count).reduce(0.0) { $0 + rows[$1, k] * vector[$1] } } : vector
            let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            direction = direction.map { $0 / norm }
            // The scores (each point's coordinate on the component): the largest in magnitude is positive.
            let scores = (0..<count).map { i in (0..<size).reduce(0.0) { $0 + rows[i, $1] * direction[$1] } }
            if let largest = scores.max(by: { abs($0) < abs($1) }), largest < 0 { direction = direction.map { -$0 } }
            directions.append(direction)
        }
        let ratios = (0..<2).map { $0 < values.count ? max(values[$0], 0) / total : 0 }
        let random = directions.count < 2
        if random { directions.append(orthogonalGaussian(to: directions[0])) }
        return LandscapePlane(kind: .trajectory, center: final, directions: directions,
                              explainedVarianceRatio: random ? [ratios[0], 0] : ratios, secondDirectionIsRandom: random)
    }

    /// The random plane at `final` for a network of `layerSizes`: two Gaussian directions (seed
    /// `seed`), each unit's part — its incoming weights and its bias — scaled to the norm of that
    /// unit's parameters in `final` (Li et al.'s filter normalisation, a unit being a filter).
    static func random(at final: [Float], layerSizes: [Int]) -> LandscapePlane {
        var generator = SeededGenerator(seed: seed)
        let directions = (0..<2).map { _ in
            filterNormalized((0..<final.count).map { _ in generator.nextGaussian() }, like: final, layerSizes: layerSizes)
        }
        return LandscapePlane(kind: .random, center: final, directions: directions, explainedVarianceRatio: nil,
                              secondDirectionIsRandom: false)
    }

    /// `direction` with each unit's part scaled to the norm of the same unit's part of `parameters`.
    static func filterNormalized(_ direction: [Double], like parameters: [Float], layerSizes: [Int]) -> [Double] {
        var result = direction
        for unit in units(layerSizes: layerSizes) {
            let own = unit.reduce(0.0) { $0 + Double(parameters[$1]) * Double(parameters[$1]) }.squareRoot()
            let drawn = unit.reduce(0.0) { $0 + direction[$1] * direction[$1] }.squareRoot()
            for index in unit { result[index] = drawn > 0 ? direction[index] * own / drawn : 0 }
        }
        return result
    }

    /// Every unit's places in the flat parameters: its column of the layer's weights, then its bias.
    static func units(layerSizes: [Int]) -> [[Int]] {
        var units: [[Int]] = []
        var offset = 0
        for (inputs, outputs) in zip(layerSizes, layerSizes.dropFirst()) {
            for unit in 0..<outputs {
                units.append((0..<inputs).map { offset + $0 * outputs + unit } + [offset + inputs * outputs + unit])
            }
            offset += inputs * outputs + outputs
        }
        return units
    }

    /// A unit Gaussian direction (seed `seed`) at right angles to `first` (itself of unit length).
    static func orthogonalGaussian(to first: [Double]) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        var direction = first.map { _ in generator.nextGaussian() }
        let along = zip(direction, first).reduce(0) { $0 + $1.0 * $1.1 }
        direction = zip(direction, first).map { $0 - along * $1 }
        let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return direction.map { $0 / norm }
    }

    /// The plane's coordinates (α, β) of `parameters`: the least-squares fit of θ − center by the
    /// two directions (for the orthonormal directions of a trajectory plane, the projections on them).
    func coordinates(of parameters: [Float]) -> (alpha: Double, beta: Double) {
        let (d0, d1) = (directions[0], directions[1])
        var (g00, g01, g11, r0, r1) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for k in center.indices {
            let x = Double(parameters[k]) - Double(center[k])
            g00 += d0[k] * d0[k]; g01 += d0[k] * d1[k]; g11 += d1[k] * d1[k]
            r0 += d0[k] * x; r1 += d1[k] * x
        }
        let determinant = g00 * g11 - g01 * g01
        guard determinant > 0 else { return (g00 > 0 ? r0 / g00 : 0, 0) }
        return ((g11 * r0 - g01 * r1) / determinant, (g00 * r1 - g01 * r0) / determinant)
    }

    /// The parameters at (α, β): center + α · directions[0] + β · directions[1].
    func parameters(alpha: Double, beta: Double) -> [Float] {
        center.indices.map { Float(Double(center[$0]) + alpha * directions[0][$0] + beta * directions[1][$0]) }
    }
}

/// The eigenvalues and eigenvectors of a small symmetric matrix, by cyclic Jacobi rotations.
enum SymmetricEigen {
    /// The largest side `decompose` is used for where only the leading components are needed.
    static let largestFull = 128

    /// The `count` leading eigenvalues (largest first) and unit eigenvectors of the symmetric
    /// positive semi-definite `matrix`, by subspace iteration on `count + 6` vectors with a
    /// Rayleigh–Ritz step (Jacobi on the small projected matrix) until the leading values settle
    /// to 1e-13, at most 2000 rounds.
    static func leading(_ count: Int, of matrix: Matrix<Double>) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.rows, k = min(n, count + 6)
        var generator = SeededGenerator(seed: 7)
        var basis = Matrix<Double>(rows: n, columns: k)
        for i in 0..<(n * k) { basis.elements[i] = Double.random(in: -1...1, using: &generator) }
        var previous = [Double](repeating: .nan, count: count)
        var result: (values: [Double], vectors: [[Double]]) = ([], [])
        for round in 0..<2000 {
            basis = orthonormalized(matmul(matrix, basis))
            // Rayleigh–Ritz: the small matrix Qᵀ A Q, its eigenvectors rotated back.
            let small = matmul(basis, matmul(matrix, basis), transposeA: true)
            let (values, vectors) = decompose(small)
            var rotated = Matrix<Double>(rows: n, columns: k)
            for j in 0..<k { for i in 0..<n { rotated.elements[i * k + j] = (0..<k).reduce(0.0) { $0 + basis[i, $1] * vectors[j][$1] } } }
            basis = rotated
            result = (Array(values.prefix(count)), (0..<min(count, k)).map { j in (0..<n).map { basis[$0, j] } })
            let settled = zip(result.values, previous).allSatisfy { abs($0 - $1) <= 1e-13 * max(abs(values[0]), 1e-300) }
            if settled && round > 2 { break }
            previous = result.values
        }
        return result
    }

    /// The columns of `m` made orthonormal (modified Gram–Schmidt, twice).
    static func orthonormalized(_ m: Matrix<Double>) -> Matrix<Double> {
        var q = m
        let (n, k) = (m.rows, m.columns)
        for _ in 0..<2 {
            for j in 0..<k {
                for previous in 0..<j {
                    let along = (0..<n).reduce(0.0) { $0 + q[$1, previous] * q[$1, j] }
                    for i in 0..<n { q.elements[i * k + j] -= along * q[i, previous] }
                }
                let norm = max((0..<n).reduce(0.0) { $0 + q[$1, j] * q[$1, j] }.squareRoot(), 1e-300)
                for i in 0..<n { q.elements[i * k + j] /= norm }
            }
        }
        return q
    }

    /// The eigenvalues in decreasing order, with their unit eigenvectors.
    static func decompose(_ matrix: Matrix<Double>) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.rows
        var a = matrix.elements
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off <= scale * 1e-30 || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let (akp, akq) = (a[k * n + p], a[k * n + q])
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let (apk, aqk) = (a[p * n + k], a[q * n + k])
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let (vkp, vkq) = (v[k * n + p], v[k * n + q])
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        return (order.map { a[$0 * n + $0] }, order.map { j in (0..<n).map { v[$0 * n + j] } })
    }
}
