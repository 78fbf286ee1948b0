import Foundation
import LinearAlgebra

/// Reads a classification table `x1,…,xn,label` from CSV text, as RFC 4180 writes it.
///
/// Every record has the same number of fields: n ≥ 1 finite numbers, then an integer class label
/// ≥ 0. A first record whose fields are not numbers is a header and names the features. Fields may
/// be quoted (`"x, one"`), with commas, doubled quotes and line ends inside (`CSVTokenizer` cuts
/// the records); spaces and tabs around a field are trimmed; blank lines are skipped; lines end
/// with LF, CR LF or CR; a UTF-8 byte-order mark is skipped. Errors name the physical line of the
/// file (a quoted line end starts a new one). Control characters other than tab, CR and LF are
/// refused, naming their line and field. Labels must cover at least two classes, stay under
/// `maximumClasses`, and each class needs two rows (a label on one row only is most likely a
/// typo); class names are the label numbers. Classes with fewer than 1 % of the rows are noted
/// (`DatasetNote`). Two features make a `points2D` set, any other count a `table`.
public enum CSVReader {
    /// Most classes a CSV may have (labels 0…999).
    public static let maximumClasses = 1000

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

    /// The rows read so far: features row by row, labels, and each class's size.
    struct Rows {
        var values: [Float] = []
        var labels: [Int] = []
        /// Rows per label.
        var classSizes = [Int](repeating: 0, count: maximumClasses)
        /// The line of each label's first row.
        var firstLines = [Int](repeating: 0, count: maximumClasses)
        /// Fields per record, once the header or the first row has set it.
        var fieldCount: Int? = nil
        /// True until the first record that is not blank (which may be a header).
        var beforeFirstRecord = true

        /// Reads the record starting on `line`: a blank line is skipped, a first record without
        /// numbers is a header.
        mutating func add(_ fields: [CSVField], line: Int) throws(LineProblem) {
            if fields.count == 1, fields[0].text.isEmpty { return }
            if beforeFirstRecord {
                beforeFirstRecord = false
                if fields.allSatisfy({ Double($0.text) == nil }) {
                    guard fields.count >= 2 else {
                        throw LineProblem(line: line, "expected at least 2 columns (features, then a label), found \(fields.count)" + openQuoteHint(fields))
                    }
                    fieldCount = fields.count
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
            let label = try CSVReader.label(fields[fields.count - 1])
            labels.append(label)
            if classSizes[label] == 0 { firstLines[label] = fields[fields.count - 1].line }
            classSizes[label] += 1
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
            guard let fieldCount, !labels.isEmpty else {
                throw DatasetError(file: file, "has no data rows (expected lines of x1,…,xn,label)")
            }
            let present = classSizes.indices.filter { classSizes[$0] > 0 }
            guard present.count >= 2 else {
                throw DatasetError(file: file, "all \(labels.count) rows have label \(labels[0]); expected at least 2 classes")
            }
            try refuseSingleRowClasses(file: file)
            let classCount = present[present.count - 1] + 1
            let features = Matrix(rows: labels.count, columns: fieldCount - 1, elements: values)
            return Dataset(name: name, kind: fieldCount - 1 == 2 ? .points2D : .table, features: features,
                           targets: .classes(labels: labels, names: (0..<classCount).map(String.init)),
                           notes: rareClasses.map { [$0] } ?? [])
        }

        /// Refuses a label found on one row only, naming the earliest such row's line.
        func refuseSingleRowClasses(file: String) throws(DatasetError) {
            let single = classSizes.indices.filter { classSizes[$0] == 1 }
            guard let label = single.min(by: { firstLines[$0] < firstLines[$1] }) else { return }
            let others = single.count == 2 ? " (1 other label is also on one row only)"
                : single.count > 2 ? " (\(single.count - 1) other labels are also on one row only)" : ""
            throw DatasetError(file: file, line: firstLines[label],
                               "label \(label) is on this row only\(others); a class needs at least 2 rows: is it a typo?")
        }

        /// The classes with fewer than 1 % of the rows, or nil when there are none.
        var rareClasses: DatasetNote? {
            let rare = classSizes.indices.filter { classSizes[$0] > 0 && classSizes[$0] * 100 < labels.count }
            guard !rare.isEmpty else { return nil }
            return .rareClasses(rare.map { DatasetNote.ClassSize(label: $0, rows: classSizes[$0]) }, rows: labels.count)
        }
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

    /// The class label of the last field: an integer from 0 to `maximumClasses` − 1.
    static func label(_ field: CSVField) throws(LineProblem) -> Int {
        let text = field.text
        let tooLarge = "is too large; at most \(maximumClasses) classes (labels 0…\(maximumClasses - 1))"
        guard let label = Int(text) else {
            // All digits but beyond Int: too large rather than not a number.
            let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw LineProblem(line: field.line, "label \(shown(String(digits), quoted: false)) \(tooLarge)")
            }
            throw LineProblem(line: field.line, "label \(shown(text)) is not an integer ≥ 0")
        }
        guard label >= 0 else { throw LineProblem(line: field.line, "label \(shown(text)) is not an integer ≥ 0") }
        guard label < maximumClasses else { throw LineProblem(line: field.line, "label \(label) \(tooLarge)") }
        return label
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
