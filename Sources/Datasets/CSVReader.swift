import Foundation
import LinearAlgebra

/// Reads a classification table `x1,…,xn,label` from CSV text.
///
/// Every row has the same number of comma-separated fields: n ≥ 1 finite numbers, then an integer
/// class label ≥ 0. A first line whose fields are not all numbers is a header and names the
/// features. Blank lines are skipped. Labels must cover at least two classes and stay under
/// `maximumClasses`; class names are the label numbers. Two features make a `points2D` set, any
/// other count a `table`. Lines end with LF, CR LF or CR; any other control character (NUL, vertical
/// tab, form feed, escape, DEL, C1 controls…) is refused, naming its line and field: number parsing
/// would otherwise stop at a NUL and read "4\05" as 4.
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
        // Only LF, CR LF and CR (and the Unicode line and paragraph separators) end lines: vertical
        // tab, form feed and NEL are control characters, refused by `Rows.add`.
        let lineBreaks: Set<Character> = ["\n", "\r\n", "\r", "\u{2028}", "\u{2029}"]
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: lineBreaks.contains).enumerated() {
            do {
                try rows.add(line)
            } catch {
                throw DatasetError(file: file, line: index + 1, error.problem)
            }
        }
        return try rows.dataset(file: file, name: name)
    }

    /// What is wrong with one line, in the words of `DatasetError`.
    struct LineProblem: Error {
        let problem: String
        init(_ problem: String) { self.problem = problem }
    }

    /// The rows read so far: features row by row, and labels.
    struct Rows {
        var values: [Float] = []
        var labels: [Int] = []
        /// Fields per line, once the header or the first row has set it.
        var fieldCount: Int? = nil
        /// True until the first line that is not blank (which may be a header).
        var beforeFirstLine = true

        /// Reads one line: blank lines are skipped, a first line without numbers is a header.
        mutating func add(_ line: Substring) throws(LineProblem) {
            if let problem = controlCharacter(in: line) { throw LineProblem(problem) }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if beforeFirstLine {
                beforeFirstLine = false
                if fields.allSatisfy({ Double($0) == nil }) {
                    guard fields.count >= 2 else {
                        throw LineProblem("expected at least 2 columns (features, then a label), found \(fields.count)")
                    }
                    fieldCount = fields.count
                    return
                }
            }
            if let expected = fieldCount, fields.count != expected {
                throw LineProblem("expected \(expected) fields, found \(fields.count)")
            }
            guard fields.count >= 2 else { throw LineProblem("expected at least 2 fields (features, then a label), found \(fields.count)") }
            fieldCount = fields.count
            values += try fields.dropLast().enumerated().map(CSVReader.feature)
            labels.append(try CSVReader.label(fields[fields.count - 1]))
        }

        /// The data set of the rows read: at least two classes.
        func dataset(file: String, name: String) throws(DatasetError) -> Dataset {
            guard let fieldCount, !labels.isEmpty else {
                throw DatasetError(file: file, "has no data rows (expected lines of x1,…,xn,label)")
            }
            guard Set(labels).count >= 2 else {
                throw DatasetError(file: file, "all \(labels.count) rows have label \(labels[0]); expected at least 2 classes")
            }
            let classCount = (labels.max() ?? 0) + 1
            let features = Matrix(rows: labels.count, columns: fieldCount - 1, elements: values)
            return Dataset(name: name, kind: fieldCount - 1 == 2 ? .points2D : .table, features: features,
                           targets: .classes(labels: labels, names: (0..<classCount).map(String.init)))
        }
    }

    /// The feature in field `column` (from 0): a number finite as a `Float`.
    static func feature(column: Int, field: String) throws(LineProblem) -> Float {
        guard let value = Double(field) else { throw LineProblem("field \(column + 1) '\(field)' is not a number") }
        guard value.isFinite, Float(value).isFinite else { throw LineProblem("field \(column + 1) '\(field)' is not a finite number") }
        return Float(value)
    }

    /// The class label of the last field: an integer from 0 to `maximumClasses` − 1.
    static func label(_ field: String) throws(LineProblem) -> Int {
        let tooLarge = "is too large; at most \(maximumClasses) classes (labels 0…\(maximumClasses - 1))"
        guard let label = Int(field) else {
            // All digits but beyond Int: too large rather than not a number.
            let digits = field.hasPrefix("+") ? field.dropFirst() : Substring(field)
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { throw LineProblem("label \(digits) \(tooLarge)") }
            throw LineProblem("label '\(field)' is not an integer ≥ 0")
        }
        guard label >= 0 else { throw LineProblem("label '\(field)' is not an integer ≥ 0") }
        guard label < maximumClasses else { throw LineProblem("label \(label) \(tooLarge)") }
        return label
    }

    /// "field 2 holds a NUL byte" for the first control character of `line` other than a tab, or nil.
    static func controlCharacter(in line: Substring) -> String? {
        var field = 1
        for scalar in line.unicodeScalars {
            if scalar == "," { field += 1; continue }
            guard scalar.properties.generalCategory == .control, scalar != "\t" else { continue }
            if scalar.value == 0 { return "field \(field) holds a NUL byte" }
            return "field \(field) holds the control character U+\(String(format: "%04X", scalar.value))"
        }
        return nil
    }
}
