/// An argument of a data-set generator or of `split` that makes no sense, named as the
/// function names it (`samples`, `testFraction`), with what was expected. The caller turns it
/// into its own words (a command-line flag, a config key).
public struct GeneratorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The arguments that can be refused.
    public enum Argument: String, Sendable, CaseIterable {
        case samples, noise, factor, classes, testFraction
    }

    /// The argument refused.
    public let argument: Argument
    /// Its value, as text.
    public let value: String
    /// What a valid value looks like.
    public let expected: String

    /// An error for `argument` given `value`.
    public init(_ argument: Argument, _ value: Any, expected: String) {
        self.argument = argument
        self.value = "\(value)"
        self.expected = expected
    }

    /// "samples 3: expected at least 2 per class".
    public var description: String { "\(argument.rawValue) \(value): expected \(expected)" }
}

/// A data set too small to cut into a training and a test part at the fraction asked for.
public struct SplitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The data set's name.
    public let dataset: String
    /// Its samples.
    public let samples: Int
    /// The fraction asked for.
    public let testFraction: Double
    /// Which part would be empty: "test" or "training".
    public let emptyPart: String

    /// "t: 4 samples leave the test part empty at a test fraction of 0.2 (every class is too small)".
    public var description: String {
        "\(dataset): \(samples) samples leave the \(emptyPart) part empty at a test fraction of \(testFraction)"
            + " (each class gives round(fraction × its size) samples to the test part)"
    }
}
