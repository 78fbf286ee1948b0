import CSV
import Foundation

/// One field of a CSV record: its text (unquoted, doubled quotes made single, spaces and tabs
/// around it trimmed) and the physical line of the file it starts on.
struct CSVField {
    var text: String
    var line: Int
    /// The line ends (LF, CR LF or CR) inside the field: only a quoted field has any.
    var lineEnds: Int
}

/// What is wrong at one physical line of a CSV file, in the words of `DatasetError`.
struct LineProblem: Error {
    let line: Int
    let problem: String
    init(line: Int, _ problem: String) {
        self.line = line
        self.problem = problem
    }
}

/// Cuts CSV text into records as RFC 4180 writes them, with yaslab/CSV.swift, and adds what that
/// reader does not keep: the physical line each record and field starts on, and the refusal of
/// control characters.
///
/// Fields are separated by commas and records by line ends (LF, CR LF or a lone CR). A field that
/// begins with a double quote (after spaces or tabs) is quoted: it runs to the next single quote
/// and may hold commas, line ends and doubled quotes. A UTF-8 byte-order mark at the start is
/// skipped. Any control character but tab, CR and LF (NUL, vertical tab, form feed, escape, DEL,
/// C1 controls…) is refused, naming its physical line and field: number parsing would otherwise
/// stop at a NUL and read "4\05" as 4. The library reads a quote left open to the end of the
/// text as one field, and a closing quote followed by other text as a literal quote.
struct CSVTokenizer {
    private let reader: CSV::CSVReader
    /// The physical line (from 1) the next record starts on.
    private var line = 1

    /// A tokenizer at the start of `text`, past a byte-order mark.
    init(_ text: String) throws(LineProblem) {
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        do {
            // Spaces and tabs around an unquoted field, and before a quoted one, are trimmed.
            reader = try CSV::CSVReader(string: text, hasHeaderRow: false, trimFields: true)
        } catch {
            throw LineProblem(line: 1, "cannot be read as CSV (\(error))")      // it throws only when reading a header row
        }
    }

    /// Reads the next record into `fields` (emptied first) and returns the line it starts on, or
    /// nil at the end of the text.
    mutating func nextRecord(into fields: inout [CSVField]) throws(LineProblem) -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard let row = reader.next() else { return nil }
        let start = line
        for (index, text) in row.enumerated() {
            let lineEnds = try Self.checkedLineEnds(text, field: index + 1, line: line)
            fields.append(CSVField(text: Self.trimmed(text), line: line, lineEnds: lineEnds))
            line += lineEnds
        }
        line += 1
        return start
    }

    /// The line ends in field `field`'s text, which starts on `line`; throws at the first control
    /// character other than tab, CR and LF.
    private static func checkedLineEnds(_ text: String, field: Int, line: Int) throws(LineProblem) -> Int {
        var lineEnds = 0
        var afterCarriageReturn = false
        var afterC2 = false
        for byte in text.utf8 {
            defer { afterC2 = byte == 0xC2 }
            if byte == 0x0A {
                if !afterCarriageReturn { lineEnds += 1 }
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = byte == 0x0D
            if byte == 0x0D { lineEnds += 1; continue }
            let scalar: UInt32
            if byte < 0x20, byte != 0x09 {
                scalar = UInt32(byte)
            } else if byte == 0x7F {
                scalar = 0x7F
            } else if afterC2, (0x80...0x9F).contains(byte) {
                scalar = UInt32(byte)      // U+0080…U+009F, the C1 controls, in UTF-8
            } else {
                continue
            }
            if scalar == 0 { throw LineProblem(line: line + lineEnds, "field \(field) holds a NUL byte") }
            throw LineProblem(line: line + lineEnds, "field \(field) holds the control character U+\(String(format: "%04X", scalar))")
        }
        return lineEnds
    }

    /// The text trimmed of spaces and tabs (a quoted field's too) and of other Unicode spaces
    /// (no-break space…) at its ends, as fields always were.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              isTrimmed(first) || isTrimmed(last) else { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isTrimmed($0) }), let end = scalars.lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(scalars[start...end])
    }

    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
}
