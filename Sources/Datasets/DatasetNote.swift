import Foundation

/// A remark on a data set as it was read: nothing that stops a run, but worth a line to the user.
public enum DatasetNote: Sendable, Equatable, CustomStringConvertible {
    /// Classes holding fewer than 1 % of the `rows` of the data, smallest label first.
    case rareClasses([ClassSize], rows: Int)

    /// A class label and how many rows carry it.
    public struct ClassSize: Sendable, Equatable {
        /// The class label.
        public let label: Int
        /// The rows with this label.
        public let rows: Int

        /// The size of class `label`.
        public init(label: Int, rows: Int) {
            self.label = label
            self.rows = rows
        }
    }

    /// The most classes a note names; the others are counted.
    static let namedClasses = 5

    /// One line: "class 7 has 3 of the 1200 rows (0.25 %)", or for several classes
    /// "3 classes have fewer than 1 % of the 1200 rows: 7 (3 rows), 9 (5 rows), 12 (11 rows)".
    public var description: String {
        switch self {
        case .rareClasses(let classes, let rows):
            if classes.count == 1 {
                let size = classes[0]
                return "class \(size.label) has \(size.rows) of the \(rows) rows (\(String(format: "%.2f", 100 * Double(size.rows) / Double(rows))) %)"
            }
            let named = classes.prefix(Self.namedClasses).map { "\($0.label) (\($0.rows) rows)" }.joined(separator: ", ")
            let more = classes.count > Self.namedClasses ? " and \(classes.count - Self.namedClasses) more" : ""
            return "\(classes.count) classes have fewer than 1 % of the \(rows) rows: \(named)\(more)"
        }
    }
}
