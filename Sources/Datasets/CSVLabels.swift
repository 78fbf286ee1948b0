/// A class label of a CSV as it reads: a whole number (1, 01, +1 and 1.0 are the same), or text.
enum CSVLabel: Hashable {
    /// A whole number, by its value.
    case number(Int)
    /// Any other label, by its text (canonically equivalent texts are equal, as Swift compares them).
    case text(String)

    /// The magnitude a label that is a number stays below: 2⁵³, so that a double holds it exactly.
    static let numberLimit = 9_007_199_254_740_992

    /// The label in `field`, the `column`-th field (from 1): a number when it reads as one (as a
    /// feature does), which must then be finite and whole, else text, which must be one line.
    init(_ field: CSVField, column: Int) throws(LineProblem) {
        let text = field.text
        guard !text.isEmpty else { throw LineProblem(line: field.line, "the label (field \(column)) is empty") }
        guard let value = Double(text) else {
            guard !text.contains(where: \.isNewline) else {
                throw LineProblem(line: field.line, "label \(CSVReader.shown(text)) holds a line break; a class name is one line")
            }
            self = .text(text)
            return
        }
        let number = CSVReader.shown(text, quoted: false)
        guard value.isFinite else { throw LineProblem(line: field.line, "label \(CSVReader.shown(text)) is not a finite number") }
        guard value.rounded(.towardZero) == value else {
            throw LineProblem(line: field.line, "label \(number) is not a whole number: a regression target? Flipbook's CSV reads class labels")
        }
        guard value.magnitude < Double(Self.numberLimit) else {
            throw LineProblem(line: field.line, "label \(number) is too large; a label that is a number is a whole number below 2⁵³ (\(Self.numberLimit)) in size")
        }
        self = .number(Int(value))
    }

    /// Whether the label sorts before `other`: numbers by value; text, and a number among text,
    /// by its name (`name`, `otherName`) in Unicode scalar order of the names' canonical (NFC) forms.
    func precedes(_ other: CSVLabel, name: String, otherName: String, allNumbers: Bool) -> Bool {
        if allNumbers, case .number(let a) = self, case .number(let b) = other { return a < b }
        return name < otherName
    }
}

/// The label column of a CSV as read so far: its distinct labels in the order they first
/// appear, and each row's label as an index into them.
struct LabelColumn {
    /// One distinct label.
    struct Entry {
        /// What the label reads as.
        let label: CSVLabel
        /// The label's text where it first appears: the class name.
        let name: String
        /// The line it first appears on.
        let firstLine: Int
        /// The rows that carry it.
        var rows: Int
    }

    /// The distinct labels, in the order of their first rows.
    private(set) var entries: [Entry] = []
    /// Each row's label, an index into `entries`.
    private(set) var rowEntries: [Int] = []
    /// Each distinct label's index in `entries`.
    private var entryIndices: [CSVLabel: Int] = [:]

    /// Adds the label in `field`, the last (`column`-th, from 1) field of a row; throws, on the
    /// field's line, at a label that is no class or at a class beyond `CSVReader.maximumClasses`.
    mutating func add(_ field: CSVField, column: Int) throws(LineProblem) {
        let label = try CSVLabel(field, column: column)
        if let index = entryIndices[label] {
            entries[index].rows += 1
            rowEntries.append(index)
            return
        }
        try Self.checkNew(field, classes: entries.count)
        entryIndices[label] = entries.count
        rowEntries.append(entries.count)
        entries.append(Entry(label: label, name: field.text, firstLine: field.line, rows: 1))
    }

    /// Refuses a new label, `field`, that would be a class too many, or a name longer than a
    /// frame store keeps.
    private static func checkNew(_ field: CSVField, classes: Int) throws(LineProblem) {
        guard classes < CSVReader.maximumClasses else {
            throw LineProblem(line: field.line, "label \(CSVReader.shownLabel(field.text)) would be class \(classes + 1); at most \(CSVReader.maximumClasses) classes")
        }
        let bytes = field.text.utf8.count
        guard bytes <= CSVReader.maximumClassNameBytes else {
            throw LineProblem(line: field.line, "label \(CSVReader.shownLabel(field.text)) is \(bytes) bytes long; a class name is at most \(CSVReader.maximumClassNameBytes) bytes (UTF-8)")
        }
    }

    /// The classes: the entries sorted (by value when every label is a number, else by name).
    func classes() -> Classes {
        let allNumbers = entries.allSatisfy { if case .number = $0.label { true } else { false } }
        let order = entries.indices.sorted {
            entries[$0].label.precedes(entries[$1].label, name: entries[$0].name, otherName: entries[$1].name, allNumbers: allNumbers)
        }
        var classOfEntry = [Int](repeating: 0, count: entries.count)
        for (rank, entry) in order.enumerated() { classOfEntry[entry] = rank }
        return Classes(entries: order.map { entries[$0] }, labels: rowEntries.map { classOfEntry[$0] })
    }

    /// A CSV's classes in their order, and each row's class.
    struct Classes {
        /// The classes' labels in class order.
        let entries: [Entry]
        /// Each row's class, in 0..<entries.count.
        let labels: [Int]

        /// The class names, in class order.
        var names: [String] { entries.map(\.name) }
    }
}
