import LinearAlgebra

/// A training part and a test part of one data set.
public struct Split: Sendable {
    /// The samples to train on.
    public var train: Dataset
    /// The samples held out for evaluation.
    public var test: Dataset
}

extension Dataset {
    /// A seeded train/test split. Classification splits are stratified: each class contributes
    /// round(testFraction × its size) samples to the test part, so both parts keep the class
    /// proportions. Regression samples are shuffled and cut.
    ///
    /// Throws `GeneratorError` unless 0 < testFraction < 1, and `SplitError` unless both parts
    /// get at least one sample.
    public func split(testFraction: Double, seed: UInt64) throws -> Split {
        guard testFraction > 0, testFraction < 1 else {
            throw GeneratorError(.testFraction, testFraction, expected: "a number strictly between 0 and 1")
        }
        var generator = SeededGenerator(seed: seed)
        var trainIndices: [Int] = []
        var testIndices: [Int] = []
        let groups: [[Int]]
        if case .classes(let labels, let names) = targets {
            var byClass = [[Int]](repeating: [], count: names.count)
            for (index, label) in labels.enumerated() { byClass[label].append(index) }
            groups = byClass
        } else {
            groups = [Array(0..<count)]
        }
        for var group in groups where !group.isEmpty {
            generator.shuffle(&group)
            let testCount = Int((Double(group.count) * testFraction).rounded())
            testIndices += group[..<testCount]
            trainIndices += group[testCount...]
        }
        guard !trainIndices.isEmpty, !testIndices.isEmpty else {
            throw SplitError(dataset: name, samples: count, testFraction: testFraction,
                             emptyPart: testIndices.isEmpty ? "test" : "training")
        }
        // Interleave the classes again so that neither part is sorted by class.
        generator.shuffle(&trainIndices)
        generator.shuffle(&testIndices)
        return Split(train: subset(trainIndices), test: subset(testIndices))
    }
}
