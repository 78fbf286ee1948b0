/// One field of a CSV record: its text (unquoted, doubled quotes made single, spaces and tabs
/// around it trimmed), the physical line of the file it starts on, and whether it was quoted.
struct CSVField {
    var text: String
    var line: Int
    var quoted: Bool
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

/// Cuts UTF-8 CSV bytes into records as RFC 4180 writes them.
///
/// Fields are separated by commas and records by line ends (LF, CR LF or a lone CR). A field
/// that begins with a double quote (after spaces or tabs) is quoted: it runs to the next single
/// quote and may hold commas, line ends and doubled quotes; only spaces and tabs may follow its
/// closing quote. A quote inside an unquoted field, a quote never closed and any control
/// character but tab, CR and LF (NUL, vertical tab, form feed, escape, DEL, C1 controls…) are
/// refused, naming the physical line and the field. A UTF-8 byte-order mark at the start is
/// skipped. The bytes must be valid UTF-8 (the caller checks).
struct CSVTokenizer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    /// The physical line (from 1) that `position` is on.
    private var line = 1
    /// The bytes of the quoted field being read.
    private var scratch: [UInt8] = []

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"),
                       carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    /// A tokenizer at the start of `bytes`, past a byte-order mark.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Reads the next record into `fields` (emptied first) and returns the line it starts on, or
    /// nil at the end of the input.
    mutating func nextRecord(into fields: inout [CSVField]) throws(LineProblem) -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard position < bytes.count else { return nil }
        let start = line
        while true {
            fields.append(try readField(number: fields.count + 1))
            guard position < bytes.count, bytes[position] == Self.comma else { break }
            position += 1
        }
        skipLineEnd()
        return start
    }

    /// Reads field `number` (from 1) of the record, up to the comma or line end after it.
    private mutating func readField(number: Int) throws(LineProblem) -> CSVField {
        let line = self.line
        skipSpacesAndTabs()
        if position < bytes.count, bytes[position] == Self.quote {
            return CSVField(text: try readQuoted(number: number), line: line, quoted: true)
        }
        let start = position
        var end = position
        while position < bytes.count {
            let byte = bytes[position]
            if Self.endsField(byte) { break }
            if byte == Self.quote {
                throw LineProblem(line: line, "field \(number) has a quote inside an unquoted field; quote the whole field and double each quote in it (\"\"\"\")")
            }
            try refuseControlCharacter(field: number)
            position += 1
            if byte != Self.space && byte != Self.tab { end = position }
        }
        return CSVField(text: Self.text(UnsafeBufferPointer(rebasing: bytes[start..<end])), line: line, quoted: false)
    }

    /// Reads a quoted field from its opening quote; `position` ends after what follows the
    /// closing quote (spaces and tabs).
    private mutating func readQuoted(number: Int) throws(LineProblem) -> String {
        let opening = line
        position += 1
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard position < bytes.count else {
                throw LineProblem(line: opening, "field \(number) opens a quote that is never closed")
            }
            let byte = bytes[position]
            if byte == Self.quote {
                guard position + 1 < bytes.count, bytes[position + 1] == Self.quote else { break }
                scratch.append(Self.quote)
                position += 2
            } else if case let length = skipLineEnd(), length > 0 {
                scratch += bytes[(position - length)..<position]
            } else {
                try refuseControlCharacter(field: number)
                scratch.append(byte)
                position += 1
            }
        }
        position += 1
        skipSpacesAndTabs()
        if position < bytes.count, !Self.endsField(bytes[position]) {
            throw LineProblem(line: line, "field \(number) goes on after its closing quote; a quote inside a quoted field is doubled (\"\")")
        }
        return scratch.withUnsafeBufferPointer { Self.text($0) }
    }

    /// True for the bytes that end an unquoted field: a comma, LF and CR.
    private static func endsField(_ byte: UInt8) -> Bool {
        byte == comma || byte == lineFeed || byte == carriageReturn
    }

    /// Steps over the line end at `position` (LF, CR LF or CR), counting the line, and returns
    /// its length in bytes: 0 when there is none.
    @discardableResult
    private mutating func skipLineEnd() -> Int {
        guard position < bytes.count else { return 0 }
        let length: Int
        switch bytes[position] {
        case Self.lineFeed: length = 1
        case Self.carriageReturn: length = position + 1 < bytes.count && bytes[position + 1] == Self.lineFeed ? 2 : 1
        default: return 0
        }
        position += length
        line += 1
        return length
    }

    private mutating func skipSpacesAndTabs() {
        while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
    }

    /// Throws when the character at `position` is a control character other than tab (line ends
    /// are taken before): number parsing would otherwise stop at a NUL and read "4\05" as 4.
    private func refuseControlCharacter(field: Int) throws(LineProblem) {
        let byte = bytes[position]
        let scalar: UInt32
        if byte < 0x20, byte != Self.tab {
            scalar = UInt32(byte)
        } else if byte == 0x7F {
            scalar = 0x7F
        } else if byte == 0xC2, position + 1 < bytes.count, (0x80...0x9F).contains(bytes[position + 1]) {
            scalar = UInt32(bytes[position + 1])      // U+0080…U+009F, the C1 controls, in UTF-8
        } else {
            return
        }
        if scalar == 0 { throw LineProblem(line: line, "field \(field) holds a NUL byte") }
        throw LineProblem(line: line, "field \(field) holds the control character U+\(String(scalar, radix: 16, uppercase: true).leftPadded(to: 4))")
    }

    /// The text of a field's bytes, trimmed of spaces and tabs; other Unicode spaces (no-break
    /// space…) at its ends are trimmed too, as they always were.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard start < end, bytes[start] >= 0x80 || bytes[end - 1] >= 0x80 else { return text }
        return String(text.unicodeScalars.trimming { $0.properties.generalCategory == .spaceSeparator || $0 == "\t" })
    }
}

extension String {
    /// The string with zeros before it up to `width` characters ("7" → "0007").
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

extension String.UnicodeScalarView {
    /// The scalars without those at either end that satisfy `isTrimmed`.
    fileprivate func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> Substring.UnicodeScalarView {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
