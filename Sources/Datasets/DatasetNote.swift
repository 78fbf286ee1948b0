import Foundation

/// A remark on a data set as it was read: nothing that stops a run, but worth a line to the user.
public enum DatasetNote: Sendable, Equatable, CustomStringConvertible {
    /// The class names read from a label column, in class order (class i is the label
    /// `names[i]`); noted when the labels are not the numbers 0…K−1.
    case classesFromLabels([String])
    /// Classes holding fewer than 1 % of the `rows` of the data, in class order.
    case rareClasses([ClassSize], rows: Int)

    /// A class label and how many rows carry it.
    public struct ClassSize: Sendable, Equatable {
        /// The class label, as the data writes it.
        public let label: String
        /// The rows with this label.
        public let rows: Int

        /// The size of class `label`.
        public init(label: String, rows: Int) {
            self.label = label
            self.rows = rows
        }
    }

    /// The most classes a rare-classes note names; the others are counted.
    static let namedClasses = 5

    /// The most labels a classes-from-labels note maps; the others are counted.
    static let mappedClasses = 10

    /// One line: "classes from the label column: 'no' → class 0, 'yes' → class 1"; "class 7 has 3
    /// of the 1200 rows (0.25 %)", or for several classes "3 classes have fewer than 1 % of the
    /// 1200 rows: 7 (3 rows), 9 (5 rows), 12 (11 rows)". Labels that are numbers are written
    /// as they are, others quoted.
    public var description: String {
        switch self {
        case .classesFromLabels(let names):
            return "classes from the label column: " + Self.mapping(names)
        case .rareClasses(let classes, let rows):
            if classes.count == 1 {
                let size = classes[0]
                return "class \(CSVReader.shownLabel(size.label)) has \(size.rows) of the \(rows) rows (\(String(format: "%.2f", 100 * Double(size.rows) / Double(rows))) %)"
            }
            let named = classes.prefix(Self.namedClasses).map { "\(CSVReader.shownLabel($0.label)) (\($0.rows) rows)" }.joined(separator: ", ")
            let more = classes.count > Self.namedClasses ? " and \(classes.count - Self.namedClasses) more" : ""
            return "\(classes.count) classes have fewer than 1 % of the \(rows) rows: \(named)\(more)"
        }
    }

    /// "1 → class 0, 2 → class 1", the first `mappedClasses` labels of `names`, then
    /// " and 5 more (up to 15 → class 14)".
    private static func mapping(_ names: [String]) -> String {
        func mapped(_ index: Int) -> String { "\(CSVReader.shownLabel(names[index])) → class \(index)" }
        let shown = names.indices.prefix(mappedClasses).map(mapped).joined(separator: ", ")
        guard names.count > mappedClasses else { return shown }
        return shown + " and \(names.count - mappedClasses) more (up to \(mapped(names.count - 1)))"
    }
}
