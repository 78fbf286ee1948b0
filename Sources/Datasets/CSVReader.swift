import Foundation
import LinearAlgebra

/// Reads a classification table `x1,…,xn,label` from CSV text, as RFC 4180 writes it.
///
/// Every record has the same number of fields: n ≥ 1 finite numbers, then a class label. A first
/// record none of whose features (all fields but the last) is a number is a header and names the
/// features (and the label column's names the target), so `x1,x2,species` is a header and
/// `1.0,2.0,setosa` data; without a header the features are `x1 … xd`. Fields may be quoted
/// (`"x, one"`), with commas, doubled quotes and line ends inside (`CSVTokenizer` cuts the
/// records); spaces and tabs around a field are trimmed; blank lines are skipped; lines end with
/// LF, CR LF or CR; a UTF-8 byte-order mark is skipped. Errors name the physical line of the file
/// (a quoted line end starts a new one). Control characters other than tab, CR and LF are
/// refused, naming their line and field.
///
/// Labels are read as users write them (`CSVLabel`): the distinct labels, sorted, are the classes
/// 0…K−1 and their text the class names. A label that reads as a number is compared as one (1,
/// 01, +1 and 1.0 are one class, named as first written) and must be whole (0.5 is a regression
/// target, refused) and below 2⁵³ in size; when every label is a number they sort by value, else
/// all sort by their text, in Unicode scalar order of its canonical (NFC) form (`B` before `a`,
/// `10` before `9`). Labels 0…K−1 are thus the classes they always were; other labels are noted
/// with their classes (`DatasetNote.classesFromLabels`). A label is not empty, is one line and
/// at most 256 UTF-8 bytes (a frame store's longest class name). Labels must cover at least two
/// classes and at most `maximumClasses`, and each class needs two rows (a label on one row only
/// is most likely a typo). Classes with fewer than 1 % of the rows are noted. Two features make a
/// `points2D` set, any other count a `table`.
public enum CSVReader {
    /// Most classes (distinct labels) a CSV may have.
    public static let maximumClasses = 1000

    /// The longest label (a class name), in UTF-8 bytes: the longest class name a frame store
    /// keeps (`FrameStoreLimits.maximumClassNameBytes`).
    public static let maximumClassNameBytes = 256

    /// The largest CSV file read (1 GiB).
    public static let maximumBytes = 1 << 30

    /// Reads the file at `path`; errors name the file and line.
    public static func read(path: String) throws(DatasetError) -> Dataset {
        let data = try RegularFile.read(path, limit: maximumBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError(file: path, "is not UTF-8 text")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, name: name)
    }

    /// Parses CSV `text`; `file` names the source in errors.
    public static func parse(_ text: String, file: String, name: String = "csv") throws(DatasetError) -> Dataset {
        var rows = Rows()
        var fields: [CSVField] = []
        do {
            var tokenizer = try CSVTokenizer(text)
            while let line = try tokenizer.nextRecord(into: &fields) {
                try rows.add(fields, line: line)
            }
        } catch {
            throw DatasetError(file: file, line: error.line, error.problem)
        }
        return try rows.dataset(file: file, name: name)
    }

    /// The rows read so far: features row by row, and the label column.
    struct Rows {
        var values: [Float] = []
        var labels = LabelColumn()
        /// Fields per record, once the header or the first row has set it.
        var fieldCount: Int? = nil
        /// True until the first record that is not blank (which may be a header).
        var beforeFirstRecord = true
        /// The header's names: the features', then the label column's; nil without a header.
        var header: [String]? = nil

        /// Reads the record starting on `line`: a blank line is skipped, a first record whose
        /// features are no numbers is a header.
        mutating func add(_ fields: [CSVField], line: Int) throws(LineProblem) {
            if fields.count == 1, fields[0].text.isEmpty { return }
            if beforeFirstRecord {
                beforeFirstRecord = false
                if CSVReader.isHeader(fields) {
                    guard fields.count >= 2 else {
                        throw LineProblem(line: line, "expected at least 2 columns (features, then a label), found \(fields.count)" + openQuoteHint(fields))
                    }
                    fieldCount = fields.count
                    header = fields.enumerated().map { column, field in CSVReader.name(field, column: column) }
                    return
                }
            }
            if let expected = fieldCount, fields.count != expected {
                throw LineProblem(line: line, "expected \(expected) fields, found \(fields.count)" + openQuoteHint(fields))
            }
            guard fields.count >= 2 else {
                throw LineProblem(line: line, "expected at least 2 fields (features, then a label), found \(fields.count)" + openQuoteHint(fields))
            }
            fieldCount = fields.count
            for column in 0..<(fields.count - 1) {
                values.append(try CSVReader.feature(fields[column], column: column))
            }
            try labels.add(fields[fields.count - 1], column: fields.count)
        }

        /// " (field 2 holds 3 line ends: is a quote left open?)" when a field of a record with
        /// the wrong number of fields runs over several lines, else "": a quote never closed
        /// takes the rest of the text into its field.
        func openQuoteHint(_ fields: [CSVField]) -> String {
            guard let index = fields.firstIndex(where: { $0.lineEnds > 0 }) else { return "" }
            let lineEnds = fields[index].lineEnds
            return " (field \(index + 1) holds \(lineEnds) line end\(lineEnds == 1 ? "" : "s"): is a quote left open?)"
        }

        /// The data set of the rows read: at least two classes, each of at least two rows.
        func dataset(file: String, name: String) throws(DatasetError) -> Dataset {
            let rowCount = labels.rowEntries.count
            guard let fieldCount, rowCount > 0 else {
                throw DatasetError(file: file, "has no data rows (expected lines of x1,…,xn,label)")
            }
            let classes = labels.classes()
            guard classes.entries.count >= 2 else {
                throw DatasetError(file: file, "all \(rowCount) rows have label \(shownLabel(classes.entries[0].name)); expected at least 2 classes")
            }
            try refuseSingleRowClasses(classes.entries, file: file)
            let features = Matrix(rows: rowCount, columns: fieldCount - 1, elements: values)
            return Dataset(name: name, kind: fieldCount - 1 == 2 ? .points2D : .table, features: features,
                           targets: .classes(labels: classes.labels, names: classes.names),
                           notes: notes(classes), featureNames: header.map { Array($0.dropLast()) }, targetName: header?.last)
        }

        /// Refuses a label found on one row only, naming the earliest such row's line.
        func refuseSingleRowClasses(_ classes: [LabelColumn.Entry], file: String) throws(DatasetError) {
            let single = classes.filter { $0.rows == 1 }
            guard let first = single.min(by: { $0.firstLine < $1.firstLine }) else { return }
            let others = single.count == 2 ? " (1 other label is also on one row only)"
                : single.count > 2 ? " (\(single.count - 1) other labels are also on one row only)" : ""
            throw DatasetError(file: file, line: first.firstLine,
                               "label \(shownLabel(first.name)) is on this row only\(others); a class needs at least 2 rows: is it a typo?")
        }

        /// The notes on `classes`: how labels became classes, unless they are 0…K−1; the classes
        /// with fewer than 1 % of the rows.
        func notes(_ classes: LabelColumn.Classes) -> [DatasetNote] {
            var notes: [DatasetNote] = []
            if classes.names != classes.names.indices.map(String.init) { notes.append(.classesFromLabels(classes.names)) }
            let rowCount = classes.labels.count
            let rare = classes.entries.filter { $0.rows * 100 < rowCount }
            if !rare.isEmpty {
                notes.append(.rareClasses(rare.map { DatasetNote.ClassSize(label: $0.name, rows: $0.rows) }, rows: rowCount))
            }
            return notes
        }
    }

    /// Whether the first record, `fields`, is a header: none of its features (all fields but
    /// the last; the one field of a one-field record) is a number.
    static func isHeader(_ fields: [CSVField]) -> Bool {
        fields.dropLast(fields.count >= 2 ? 1 : 0).allSatisfy { Double($0.text) == nil }
    }

    /// A header's name in field `column` (from 0): its text on one line (line ends and tabs as
    /// spaces), cut to `maximumClassNameBytes` UTF-8 bytes; an empty field is named `x1`, `x2`,
    /// … by its column.
    static func name(_ field: CSVField, column: Int) -> String {
        let line = String(field.text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return "x\(column + 1)" }
        var name = ""
        for character in line {
            guard name.utf8.count + String(character).utf8.count <= maximumClassNameBytes else { break }
            name.append(character)
        }
        return name
    }

    /// The feature in field `column` (from 0): a number finite as a `Float`.
    static func feature(_ field: CSVField, column: Int) throws(LineProblem) -> Float {
        guard let value = Double(field.text) else {
            throw LineProblem(line: field.line, "field \(column + 1) \(shown(field.text)) is not a number")
        }
        guard value.isFinite, Float(value).isFinite else {
            throw LineProblem(line: field.line, "field \(column + 1) \(shown(field.text)) is not a finite number")
        }
        return Float(value)
    }

    /// A label (a class name) for a message: a number as written, text quoted as `shown` quotes it.
    static func shownLabel(_ name: String) -> String {
        shown(name, quoted: Double(name) == nil)
    }

    /// The longest field text an error message shows in full.
    static let shownCharacters = 40

    /// A field's text for an error message, on one line: quoted (unless `quoted` is false), line
    /// ends and tabs written as \n, \r and \t, cut after `shownCharacters` characters with "…".
    static func shown(_ text: String, quoted: Bool = true) -> String {
        var shown = ""
        for character in text.prefix(shownCharacters) {
            switch character {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\r\n": shown += "\\r\\n"
            case "\t": shown += "\\t"
            case "\u{2028}": shown += "\\u{2028}"
            case "\u{2029}": shown += "\\u{2029}"
            default: shown.append(character)
            }
        }
        if !text.dropFirst(shownCharacters).isEmpty { shown += "…" }
        return quoted ? "'\(shown)'" : shown
    }
}
