/// An argument of a Neural initialiser that makes no sense (a zero learning rate, no hidden
/// units), named as the initialiser names it (`learningRate`, `hiddenSizes`), with what was
/// expected. The caller turns it into its own words (a command-line flag, a config key).
public struct ArgumentError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The argument's name in Swift, e.g. `learningRate`.
    public let argument: String
    /// Its value, as text.
    public let value: String
    /// What a valid value looks like.
    public let expected: String

    /// An error for `argument` given `value`.
    public init(_ argument: String, _ value: Any, expected: String) {
        self.argument = argument
        self.value = "\(value)"
        self.expected = expected
    }

    /// "learningRate 0.0: expected a positive, finite number".
    public var description: String { "\(argument) \(value): expected \(expected)" }
}
