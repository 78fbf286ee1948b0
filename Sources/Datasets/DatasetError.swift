/// A data file that cannot be used, with the file, the line when there is one, and the problem.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path as the user gave it.
    public let file: String
    /// The 1-based line of the problem, when it is on one line.
    public let line: Int?
    /// What is wrong and what was expected.
    public let problem: String

    /// An error in `file` (at `line`, if given).
    public init(file: String, line: Int? = nil, _ problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    /// "data.csv:3: expected 3 fields, found 2".
    public var description: String {
        if let line { return "\(file):\(line): \(problem)" }
        return "\(file): \(problem)"
    }
}
