import Testing
import Foundation
@testable import Datasets

@Suite struct CSVReaderTests {
    @Test func readsRowsWithAndWithoutHeader() throws {
        let withHeader = try CSVReader.parse("x1,x2,label\n0.5,1,0\n-2,3.25,1\n\n1e-3, 4 ,2\r\n5,6,2\n7,8,1\n9,10,0\n", file: "a.csv")
        #expect(withHeader.count == 6 && withHeader.featureCount == 2 && withHeader.kind == .points2D)
        #expect(withHeader.features.elements == [0.5, 1, -2, 3.25, 0.001, 4, 5, 6, 7, 8, 9, 10])
        #expect(withHeader.labels == [0, 1, 2, 2, 1, 0] && withHeader.classCount == 3)
        let plain = try CSVReader.parse("1,2,3,0\n4,5,6,1\n7,8,9,1\n1,1,1,0\n", file: "b.csv")
        #expect(plain.featureCount == 3 && plain.kind == .table)
    }

    @Test(arguments: [
        ("1,2,0\n3,4\n", "bad.csv:2: expected 3 fields, found 2"),
        ("x,y,label\n1,2,0\n3,4,1,7\n", "bad.csv:3: expected 3 fields, found 4"),
        ("1,2,0\n3,abc,1\n", "bad.csv:2: field 2 'abc' is not a number"),
        ("1,2,0\nnan,4,1\n", "bad.csv:2: field 1 'nan' is not a finite number"),
        ("1,2,0\n3,inf,1\n", "bad.csv:2: field 2 'inf' is not a finite number"),
        ("1,2,0\n3,1e39,1\n", "bad.csv:2: field 2 '1e39' is not a finite number"),
        ("1,2,0\n3,4,1.5\n", "bad.csv:2: label 1.5 is not a whole number: a regression target? Flipbook's CSV reads class labels"),
        ("1,2,1\n3,4,1\n", "bad.csv: all 2 rows have label 1; expected at least 2 classes"),
        ("", "bad.csv: has no data rows (expected lines of x1,…,xn,label)"),
        ("x1,x2,label\n", "bad.csv: has no data rows (expected lines of x1,…,xn,label)"),
        ("5\n", "bad.csv:1: expected at least 2 fields (features, then a label), found 1"),
    ])
    func badFilesAreRefusedNamingFileAndLine(text: String, message: String) {
        #expect(throws: DatasetError.self) { try CSVReader.parse(text, file: "bad.csv") }
        do {
            _ = try CSVReader.parse(text, file: "bad.csv")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func missingAndEmptyFilesNameTheFile() throws {
        do {
            _ = try CSVReader.read(path: "/nonexistent/points.csv")
            Issue.record("a missing file was read")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/points.csv: cannot read the file"))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-empty-\(UUID().uuidString).csv")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: DatasetError(file: url.path, "has no data rows (expected lines of x1,…,xn,label)")) {
            try CSVReader.read(path: url.path)
        }
    }

    /// A NUL byte (or another control character) used to cut a number short: "4\05" read as 4.
    @Test(arguments: [
        ("1,2,0\n3,4\u{0}5,1\n", "ctl.csv:2: field 2 holds a NUL byte"),
        ("1,2,0\n3,4,1\u{0}\n", "ctl.csv:2: field 3 holds a NUL byte"),
        ("\u{0}1,2,0\n3,4,1\n", "ctl.csv:1: field 1 holds a NUL byte"),
        ("x\u{7},y,label\n1,2,0\n3,4,1\n", "ctl.csv:1: field 1 holds the control character U+0007"),
        ("1,2,0\n3,4\u{1B},1\n", "ctl.csv:2: field 2 holds the control character U+001B"),
        ("1,2,0\n3,\u{7F}4,1\n", "ctl.csv:2: field 2 holds the control character U+007F"),
        ("1,2,0\n3,4,1\u{85}\n", "ctl.csv:2: field 3 holds the control character U+0085"),
        // Vertical tab and form feed are not line breaks of a CSV.
        ("1,2,0\u{0B}3,4,1\n", "ctl.csv:1: field 3 holds the control character U+000B"),
        ("1,2,0\n\u{0C}\n3,4,1\n", "ctl.csv:2: field 1 holds the control character U+000C"),
    ])
    func controlCharactersAreRefusedNamingFileLineAndField(text: String, message: String) {
        do {
            let data = try CSVReader.parse(text, file: "ctl.csv")
            Issue.record("accepted \(data.count) rows: \(data.features.elements)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aFileWithANulByteIsRefusedNamingItsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-nul-\(UUID().uuidString).csv")
        try Data("x,y,label\n1,2,0\n3,4".utf8 + [0] + Data("7,1\n".utf8)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: DatasetError(file: url.path, line: 3, "field 2 holds a NUL byte")) { try CSVReader.read(path: url.path) }
        // Tabs and CR LF line ends stay fine.
        try Data("1\t,2,0\r\n3,\t4,1\r\n5,6,1\r\n7,8,0\r\n".utf8).write(to: url)
        #expect(try CSVReader.read(path: url.path).features.elements == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    /// Numbers too large to tell apart as labels are refused on their line; a whole number
    /// below 2⁵³ is a class, however far from 0.
    @Test(arguments: [
        ("1,2,0\n3,4,9223372036854775807\n", "big.csv:2: label 9223372036854775807 is too large; a label that is a number is a whole number below 2⁵³ (9007199254740992) in size"),
        ("1,2,0\n3,4,-99999999999999999999\n", "big.csv:2: label -99999999999999999999 is too large; a label that is a number is a whole number below 2⁵³ (9007199254740992) in size"),
        ("1,2,0\n3,4,1e300\n", "big.csv:2: label 1e300 is too large; a label that is a number is a whole number below 2⁵³ (9007199254740992) in size"),
    ])
    func hugeLabelsAreRefusedOnTheirLine(text: String, message: String) {
        do {
            let data = try CSVReader.parse(text, file: "big.csv")
            Issue.record("accepted \(data.classCount) classes")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aLabelJustBelowTwoToThe53IsAClass() throws {
        let data = try CSVReader.parse("1,2,-9007199254740991\n3,4,9007199254740991\n5,6,9007199254740991\n7,8,-9007199254740991\n", file: "wide.csv")
        #expect(data.classNames == ["-9007199254740991", "9007199254740991"] && data.labels == [0, 1, 1, 0])
    }
}
