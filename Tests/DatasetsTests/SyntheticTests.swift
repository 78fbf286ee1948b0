import Testing
import LinearAlgebra
@testable import Datasets

@Suite struct SyntheticTests {
    static func allGenerators(seed: UInt64) throws -> [Dataset] {
        [try .circles(samples: 200, noise: 0.1, factor: 0.5, seed: seed),
         try .moons(samples: 200, noise: 0.1, seed: seed),
         try .xor(samples: 200, noise: 0.1, seed: seed),
         try .spiral(samples: 300, classes: 3, noise: 0.1, seed: seed),
         try .blobs(samples: 300, classes: 4, noise: 0.2, seed: seed),
         try .sine(samples: 200, noise: 0.1, seed: seed)]
    }

    @Test func sameSeedSameSamplesOtherSeedOtherSamples() throws {
        let a = try Self.allGenerators(seed: 3)
        let b = try Self.allGenerators(seed: 3)
        let c = try Self.allGenerators(seed: 4)
        for i in a.indices {
            #expect(a[i].features == b[i].features && a[i].targets == b[i].targets, "\(a[i].name)")
            #expect(a[i].features != c[i].features, "\(a[i].name)")
        }
    }

    @Test func classesAreBalancedAndCounted() throws {
        for data in try Self.allGenerators(seed: 1) {
            guard let labels = data.labels else {
                #expect(data.kind == .regression1D)
                continue
            }
            #expect(data.kind == .points2D && data.featureCount == 2)
            let counts = (0..<data.classCount).map { k in labels.filter { $0 == k }.count }
            #expect(counts.max()! - counts.min()! <= 1, "\(data.name): \(counts)")
            #expect(counts.reduce(0, +) == data.count)
        }
    }

    @Test func circlesHaveTheirRadii() throws {
        let data = try Dataset.circles(samples: 1000, noise: 0, factor: 0.5, seed: 0)
        for row in 0..<data.count {
            let radius = (data.features[row, 0] * data.features[row, 0] + data.features[row, 1] * data.features[row, 1]).squareRoot()
            #expect(abs(radius - (data.labels![row] == 0 ? 1 : 0.5)) < 1e-5)
        }
        let noisy = try Dataset.circles(samples: 1000, noise: 0.1, factor: 0.5, seed: 0)
        let innerRadii = (0..<noisy.count).filter { noisy.labels![$0] == 1 }.map {
            Double((noisy.features[$0, 0] * noisy.features[$0, 0] + noisy.features[$0, 1] * noisy.features[$0, 1]).squareRoot())
        }
        let mean = innerRadii.reduce(0, +) / Double(innerRadii.count)
        #expect(abs(mean - 0.5) < 0.03)
    }

    @Test func xorLabelsFollowTheQuadrants() throws {
        let data = try Dataset.xor(samples: 400, noise: 0.1, seed: 2)
        for row in 0..<data.count {
            let (x, y) = (data.features[row, 0], data.features[row, 1])
            #expect(data.labels![row] == ((x > 0) != (y > 0) ? 1 : 0))
        }
    }

    @Test func nonsenseSettingsAreRefused() {
        #expect(throws: GeneratorError.self) { try Dataset.spiral(samples: 5, classes: 6, noise: 0.1, seed: 0) }
        #expect(throws: GeneratorError.self) { try Dataset.blobs(samples: 100, classes: 1, noise: 0.1, seed: 0) }
        #expect(throws: GeneratorError.self) { try Dataset.blobs(samples: 100, classes: 11, noise: 0.1, seed: 0) }
        #expect(throws: GeneratorError.self) { try Dataset.circles(samples: 100, noise: -1, factor: 0.5, seed: 0) }
        #expect(throws: GeneratorError.self) { try Dataset.circles(samples: 100, noise: 0.1, factor: 1.5, seed: 0) }
        #expect(throws: GeneratorError.self) { try Dataset.moons(samples: 1, noise: 0.1, seed: 0) }
        do {
            _ = try Dataset.spiral(samples: 5, classes: 6, noise: 0.1, seed: 0)
            Issue.record("5 samples for 6 classes were accepted")
        } catch {
            #expect(error.description == "samples 5: expected at least 2 per class (12 for 6 classes)")
        }
    }
}

@Suite struct SplitTests {
    @Test func stratifiedSplitKeepsProportionsAndPartitions() throws {
        let data = try Dataset.blobs(samples: 300, classes: 3, noise: 0.2, seed: 0)
        let split = try data.split(testFraction: 0.2, seed: 0)
        #expect(split.train.count == 240 && split.test.count == 60)
        for k in 0..<3 {
            #expect(split.test.labels!.filter { $0 == k }.count == 20)
        }
        // Every sample lands in exactly one part.
        let all = (split.train.features.elements + split.test.features.elements)
        #expect(all.sorted() == data.features.elements.sorted())
        #expect(try data.split(testFraction: 0.2, seed: 0).test.features == split.test.features)
        #expect(try data.split(testFraction: 0.2, seed: 1).test.features != split.test.features)
    }

    @Test(arguments: [0.0, 1.0, -0.1, 1.5, Double.nan])
    func testFractionOutsideTheOpenIntervalIsRefused(fraction: Double) throws {
        let data = try Dataset.moons(samples: 100, noise: 0.1, seed: 0)
        #expect(throws: GeneratorError.self) { try data.split(testFraction: fraction, seed: 0) }
    }

    @Test func standardizationIsFittedOnTrainingDataOnly() throws {
        let data = try Dataset.moons(samples: 500, noise: 0.1, seed: 0)
        let split = try data.split(testFraction: 0.2, seed: 0)
        let (standardized, transform) = split.standardized()
        for column in 0..<2 {
            let values = (0..<standardized.train.count).map { Double(standardized.train.features[$0, column]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4)
        }
        #expect(transform == Standardization(fittedTo: split.train.features))
        #expect(standardized.test.features == transform.apply(split.test.features))
        let point: [Float] = [0.3, -0.7]
        let back = transform.invert(transform.apply(point))
        #expect(abs(back[0] - point[0]) < 1e-6 && abs(back[1] - point[1]) < 1e-6)
    }
}
