import Glibc
import LinearAlgebra

/// Seeded generators of the classic toy data sets. The same arguments give the same samples on
/// every machine. Each throws `GeneratorError` for arguments that make no sense.
extension Dataset {
    /// Most classes a generator makes: one per colour and marker of the pictures' palette;
    /// beyond ten, the arms of a spiral and the blobs crowd the plane.
    public static let maximumClasses = 10

    /// Two concentric circles (the classic `make_circles`): the outer circle is class 0, the inner,
    /// of radius `factor`, class 1; Gaussian noise of deviation `noise` is added to both coordinates.
    public static func circles(samples: Int, noise: Double, factor: Double, seed: UInt64) throws(GeneratorError) -> Dataset {
        try validate(samples: samples, classes: 2, noise: noise)
        guard factor > 0, factor < 1 else { throw GeneratorError(.factor, factor, expected: "a number strictly between 0 and 1") }
        var generator = SeededGenerator(seed: seed)
        let outer = samples / 2
        let inner = samples - outer
        var points: [(Double, Double, Int)] = []
        for i in 0..<outer {
            let angle = 2 * Double.pi * Double(i) / Double(outer)
            points.append((cos(angle), sin(angle), 0))
        }
        for i in 0..<inner {
            let angle = 2 * Double.pi * Double(i) / Double(inner)
            points.append((factor * cos(angle), factor * sin(angle), 1))
        }
        return make("circles", points, classNames: ["outer", "inner"], noise: noise, generator: &generator)
    }

    /// Two interleaving half circles (the classic `make_moons`), class 0 above, class 1 below.
    public static func moons(samples: Int, noise: Double, seed: UInt64) throws(GeneratorError) -> Dataset {
        try validate(samples: samples, classes: 2, noise: noise)
        var generator = SeededGenerator(seed: seed)
        let upper = samples / 2
        let lower = samples - upper
        var points: [(Double, Double, Int)] = []
        for i in 0..<upper {
            let t = Double.pi * Double(i) / Double(max(upper - 1, 1))
            points.append((cos(t), sin(t), 0))
        }
        for i in 0..<lower {
            let t = Double.pi * Double(i) / Double(max(lower - 1, 1))
            points.append((1 - cos(t), 0.5 - sin(t), 1))
        }
        return make("moons", points, classNames: ["upper", "lower"], noise: noise, generator: &generator)
    }

    /// The XOR problem: four Gaussian clusters of deviation `noise` at (±0.5, ±0.5); a point is
    /// class 1 when exactly one of its cluster's coordinates is positive.
    public static func xor(samples: Int, noise: Double, seed: UInt64) throws(GeneratorError) -> Dataset {
        try validate(samples: samples, classes: 2, noise: noise)
        var generator = SeededGenerator(seed: seed)
        let corners: [(Double, Double)] = [(-0.5, -0.5), (0.5, 0.5), (-0.5, 0.5), (0.5, -0.5)]
        let points = (0..<samples).map { i -> (Double, Double, Int) in
            let corner = corners[i % 4]
            return (corner.0, corner.1, (corner.0 > 0) != (corner.1 > 0) ? 1 : 0)
        }
        return make("xor", points, classNames: ["same sign", "opposite sign"], noise: noise, generator: &generator)
    }

    /// K interleaved spiral arms (the CS231n spiral): arm k sweeps angles [4k, 4k + 4] at radii
    /// 0…1, with Gaussian angle noise of deviation `noise` × 2.
    public static func spiral(samples: Int, classes: Int, noise: Double, seed: UInt64) throws(GeneratorError) -> Dataset {
        try validateClassCount(classes)
        try validate(samples: samples, classes: classes, noise: noise)
        var generator = SeededGenerator(seed: seed)
        var points: [(Double, Double, Int)] = []
        for k in 0..<classes {
            let perClass = samples / classes + (k < samples % classes ? 1 : 0)
            for i in 0..<perClass {
                let fraction = Double(i) / Double(max(perClass - 1, 1))
                let radius = fraction
                let angle = Double(k) * 4 + 4 * fraction + generator.nextGaussian() * noise * 2
                points.append((radius * sin(angle), radius * cos(angle), k))
            }
        }
        return make("spiral", points, classNames: (0..<classes).map { "arm \($0 + 1)" }, noise: 0, generator: &generator)
    }

    /// K Gaussian blobs of deviation `noise` whose centres sit evenly on a circle of radius 1.
    public static func blobs(samples: Int, classes: Int, noise: Double, seed: UInt64) throws(GeneratorError) -> Dataset {
        try validateClassCount(classes)
        try validate(samples: samples, classes: classes, noise: noise)
        var generator = SeededGenerator(seed: seed)
        let rotation = generator.nextUniform(0, 2 * Double.pi)
        let points = (0..<samples).map { i -> (Double, Double, Int) in
            let k = i % classes
            let angle = rotation + 2 * Double.pi * Double(k) / Double(classes)
            return (cos(angle), sin(angle), k)
        }
        return make("blobs", points, classNames: (0..<classes).map { "blob \($0 + 1)" }, noise: noise, generator: &generator)
    }

    /// A noisy sine for 1-D regression: x uniform on [−π, π], y = sin x + N(0, noise²).
    public static func sine(samples: Int, noise: Double, seed: UInt64) throws(GeneratorError) -> Dataset {
        try validate(samples: samples, classes: 1, noise: noise)
        var generator = SeededGenerator(seed: seed)
        var x = Matrix<Float>(rows: samples, columns: 1)
        var y = [Float](repeating: 0, count: samples)
        for i in 0..<samples {
            let value = generator.nextUniform(-Double.pi, Double.pi)
            x[i, 0] = Float(value)
            y[i] = Float(sin(value) + noise * generator.nextGaussian())
        }
        return Dataset(name: "sine", kind: .regression1D, features: x, targets: .values(y))
    }

    private static func validateClassCount(_ classes: Int) throws(GeneratorError) {
        guard classes >= 2, classes <= maximumClasses else {
            throw GeneratorError(.classes, classes, expected: "between 2 and \(maximumClasses)")
        }
    }

    private static func validate(samples: Int, classes: Int, noise: Double) throws(GeneratorError) {
        guard samples >= 2 * classes else {
            throw GeneratorError(.samples, samples,
                               expected: "at least 2 per class (\(2 * classes) for \(classes) \(classes == 1 ? "target" : "classes"))")
        }
        guard noise >= 0, noise.isFinite else { throw GeneratorError(.noise, noise, expected: "a finite number ≥ 0") }
    }

    /// Adds noise to every point, shuffles them with the same generator and packs them.
    private static func make(_ name: String, _ points: [(Double, Double, Int)], classNames: [String],
                             noise: Double, generator: inout SeededGenerator) -> Dataset {
        var points = points
        if noise > 0 {
            for i in points.indices {
                points[i].0 += noise * generator.nextGaussian()
                points[i].1 += noise * generator.nextGaussian()
            }
        }
        generator.shuffle(&points)
        var features = Matrix<Float>(rows: points.count, columns: 2)
        for (row, point) in points.enumerated() {
            features[row, 0] = Float(point.0)
            features[row, 1] = Float(point.1)
        }
        return Dataset(name: name, kind: .points2D, features: features,
                       targets: .classes(labels: points.map(\.2), names: classNames))
    }
}
