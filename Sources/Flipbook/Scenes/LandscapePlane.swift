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

    /// The most bytes of path differences the trajectory plane holds at once (in Double): a
    /// path larger than this is read from the stores block by block, several times.
    static let memoryBudget = 192 << 20

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
        // Parameters at hand are never read from a store: nothing here throws.
        (try? trajectory(ParameterPath(path), center: final)) ?? nil
    }

    /// The plane through `center` of the first two principal components of θ − center over the
    /// points of `path`, holding at most about `budget` bytes of them at once: the eigenvectors
    /// of the smaller of the Gram matrix of the centred differences (points × points, built
    /// block by block) and their scatter matrix (parameters × parameters, summed block by block).
    static func trajectory(_ path: ParameterPath, center final: [Float], budget: Int = memoryBudget) throws -> LandscapePlane? {
        let count = path.count, size = final.count
        guard count >= 2, size > 0 else { return nil }
        let differences = try CentredDifferences(path, center: final, budget: budget)
        let gram = count <= size
        // The symmetric matrix, its two leading eigenpairs, and the directions with their scores.
        var symmetric: Matrix<Double>
        if gram {
            symmetric = Matrix(rows: count, columns: count)
            try differences.forEachPair { a, rowsA, b, rowsB in
                let product = matmul(a, b, transposeB: true)
                for (i, row) in rowsA.enumerated() {
                    for (j, column) in rowsB.enumerated() {
                        symmetric[row, column] = product[i, j]
                        symmetric[column, row] = product[i, j]
                    }
                }
            }
        } else {
            symmetric = Matrix(rows: size, columns: size)
            try differences.forEachBlock { a, _ in symmetric.elements = zip(symmetric.elements, matmul(a, a, transposeA: true).elements).map(+) }
        }
        let (values, vectors) = SymmetricEigen.leading(2, of: symmetric)
        let total = (0..<symmetric.rows).reduce(0.0) { $0 + symmetric[$1, $1] }
        guard total > 0, let top = values.first, top > 0 else { return nil }
        let kept = values.indices.filter { values[$0] > top * 1e-12 }
        // Each kept component's direction (unit length), and each point's score on it.
        var directions: [[Double]] = kept.map { _ in [Double](repeating: 0, count: size) }
        var scores: [[Double]] = kept.map { _ in [Double](repeating: 0, count: count) }
        if gram {
            // v = Cᵀu / ‖Cᵀu‖, whose scores C v are u · √λ: the sign of u's largest entry is the scores'.
            try differences.forEachBlock { a, rows in
                for (c, component) in kept.enumerated() {
                    let weights = Matrix(rows: rows.count, columns: 1, elements: rows.map { vectors[component][$0] })
                    let part = matmul(a, weights, transposeA: true).elements
                    for k in 0..<size { directions[c][k] += part[k] }
                }
            }
            for (c, component) in kept.enumerated() { scores[c] = vectors[component] }
        } else {
            directions = kept.map { vectors[$0] }
            try differences.forEachBlock { a, rows in
                for c in kept.indices {
                    let along = matmul(a, Matrix(rows: size, columns: 1, elements: directions[c])).elements
                    for (i, row) in rows.enumerated() { scores[c][row] = along[i] }
                }
            }
        }
        for c in kept.indices {
            let norm = directions[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
            directions[c] = directions[c].map { $0 / norm }
            if let largest = scores[c].max(by: { abs($0) < abs($1) }), largest < 0 { directions[c] = directions[c].map { -$0 } }
        }
        let ratios = (0..<2).map { $0 < values.count ? max(values[$0], 0) / total : 0 }
        let random = directions.count < 2
        if random { directions.append(orthogonalGaussian(to: directions[0])) }
        return LandscapePlane(kind: .trajectory, center: final, directions: directions,
                              explainedVarianceRatio: random ? [ratios[0], 0] : ratios, secondDirectionIsRandom: random)
    }

    /// The plane coordinates of every point of `path`, read a block at a time.
    func coordinates(along path: ParameterPath) throws -> [(alpha: Double, beta: Double)] {
        var result: [(alpha: Double, beta: Double)] = []
        try path.forEachBlock(of: max(1, Self.memoryBudget / 4 / max(1, center.count))) { _, points in
            result += points.map(coordinates(of:))
        }
        return result
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

/// The eigenvalues and eigenvectors of a symmetric matrix: all of them by cyclic Jacobi rotations
/// (small matrices), or the leading few by subspace iteration.
enum SymmetricEigen {
    /// The `count` largest eigenvalues (decreasing) of a symmetric positive semi-definite matrix,
    /// with their unit eigenvectors: by Jacobi rotations up to 64 rows, else by subspace
    /// iteration on `count` + 8 vectors with Rayleigh–Ritz steps (Golub and Van Loan, §8.2.4),
    /// until each pair's residual ‖A x − λ x‖ is at most 10⁻¹³ of the largest eigenvalue.
    static func leading(_ count: Int, of matrix: Matrix<Double>) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.rows
        guard n > 64 else {
            let (values, vectors) = decompose(matrix)
            return (Array(values.prefix(count)), Array(vectors.prefix(count)))
        }
        let width = min(n, count + 8)
        var generator = SeededGenerator(seed: 1)
        var q = Matrix<Double>(rows: n, columns: width, elements: (0..<(n * width)).map { _ in generator.nextGaussian() })
        orthonormalizeColumns(&q, generator: &generator)
        var values: [Double] = [], vectors: [[Double]] = []
        for _ in 0..<500 {
            let z = matmul(matrix, q)
            var h = matmul(q, z, transposeA: true)
            for i in 0..<width { for j in 0..<i { (h[i, j], h[j, i]) = ((h[i, j] + h[j, i]) / 2, (h[i, j] + h[j, i]) / 2) } }
            let (theta, w) = decompose(h)
            let rotation = Matrix(rows: width, columns: width, elements: (0..<width).flatMap { i in (0..<width).map { w[$0][i] } })
            let (x, ax) = (matmul(q, rotation), matmul(z, rotation))
            values = Array(theta.prefix(count))
            vectors = (0..<min(count, width)).map { j in (0..<n).map { x[$0, j] } }
            let largest = max(theta.first ?? 0, 0)
            let converged = (0..<min(count, width)).allSatisfy { j in
                (0..<n).reduce(0.0) { let r = ax[$1, j] - theta[j] * x[$1, j]; return $0 + r * r }.squareRoot() <= 1e-13 * largest
            }
            if converged || largest == 0 { break }
            q = ax
            orthonormalizeColumns(&q, generator: &generator)
        }
        return (values, vectors)
    }

    /// Makes the columns of `q` orthonormal (modified Gram–Schmidt, twice); a column that
    /// vanishes against those before it is replaced by a Gaussian one.
    static func orthonormalizeColumns(_ q: inout Matrix<Double>, generator: inout SeededGenerator) {
        let (n, width) = (q.rows, q.columns)
        for j in 0..<width {
            let original = (0..<n).reduce(0.0) { $0 + q[$1, j] * q[$1, j] }.squareRoot()
            for _ in 0..<2 {
                for i in 0..<j {
                    let along = (0..<n).reduce(0.0) { $0 + q[$1, i] * q[$1, j] }
                    for k in 0..<n { q[k, j] -= along * q[k, i] }
                }
            }
            var norm = (0..<n).reduce(0.0) { $0 + q[$1, j] * q[$1, j] }.squareRoot()
            if !(norm > 1e-10 * original) {
                for k in 0..<n { q[k, j] = generator.nextGaussian() }
                for _ in 0..<2 {
                    for i in 0..<j {
                        let along = (0..<n).reduce(0.0) { $0 + q[$1, i] * q[$1, j] }
                        for k in 0..<n { q[k, j] -= along * q[k, i] }
                    }
                }
                norm = (0..<n).reduce(0.0) { $0 + q[$1, j] * q[$1, j] }.squareRoot()
            }
            for k in 0..<n { q[k, j] /= norm }
        }
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
