import Testing
import Foundation
@testable import Datasets

/// CSV as RFC 4180 writes it: quoted fields with commas, quotes and line ends, in the header and
/// the data; a byte-order mark; CR LF. Errors count the file's physical lines.
@Suite struct CSVQuotingTests {
    /// The issue's file: the comma inside a quoted header name made four columns, and the first
    /// data row was blamed ("line 2: expected 4 fields, found 3").
    @Test func aQuotedHeaderNameMayHoldAComma() throws {
        let data = try CSVReader.parse("\"x, one\",x2,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", file: "q.csv")
        #expect(data.count == 4 && data.featureCount == 2 && data.kind == .points2D)
        #expect(data.features.elements == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(data.labels == [0, 1, 0, 1])
    }

    @Test func quotedFieldsHoldQuotesAndLineEndsInTheHeaderAndTheData() throws {
        let text = "\"the \"\"first\"\"\nfeature\",\"x2\r\n(cm)\",\"label\"\r\n\"1.5\", \"2\" ,0\r\n3,\"-4e1\",\"1\"\n5,6,0\n7,8,1"
        let data = try CSVReader.parse(text, file: "q.csv")
        #expect(data.features.elements == [1.5, 2, 3, -40, 5, 6, 7, 8])
        #expect(data.labels == [0, 1, 0, 1])
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let data = try CSVReader.parse("\u{FEFF}1,2,0\n3,4,1\n5,6,0\n7,8,1\n", file: "bom.csv")
        #expect(data.count == 4 && data.features.elements.prefix(2) == [1, 2])
        // A spreadsheet's export: BOM, a quoted header name, CR LF.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bom-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0xEF, 0xBB, 0xBF] + Data("\"x, one\",\"x \"\"two\"\"\",label\r\n1,2,0\r\n3,4,1\r\n5,6,0\r\n7,8,1\r\n".utf8)).write(to: url)
        let read = try CSVReader.read(path: url.path)
        #expect(read.features.elements == [1, 2, 3, 4, 5, 6, 7, 8] && read.labels == [0, 1, 0, 1])
    }

    /// Lines are the file's own: a quoted line end (LF, CR LF or CR) starts a new one.
    @Test(arguments: [
        ("\"x\none\",x2,label\n1,2,0\n3,4\n", "q.csv:4: expected 3 fields, found 2"),
        ("\"x\r\none\",\"x\rtwo\",label\r\n1,2,0\r\n3,abc,1\r\n", "q.csv:5: field 2 'abc' is not a number"),
        ("x1,\"x\n2\",label\n1,2,0\n3,4,0\n5,6,7\n", "q.csv:5: label 7 is on this row only; a class needs at least 2 rows: is it a typo?"),
        ("x1,x2,label\n1,\"2\n\",0\n", "q.csv:2: field 2 '2\\n' is not a number"),
        ("x1,x2,label\n1,2,\"0\r\n1\"\n", "q.csv:2: label '0\\r\\n1' holds a line break; a class name is one line"),
        // A quote left open takes the rest of the text into its field; so does text after a
        // closing quote (yaslab/CSV.swift reads that quote as a literal one and stays quoted).
        ("x1,x2,label\n1,2,0\n3,\"4,1\n5,6,0\n", "q.csv:3: expected 3 fields, found 2 (field 2 holds 2 line ends: is a quote left open?)"),
        ("\"x1,x2,label\n1,2,0\n", "q.csv:1: expected at least 2 columns (features, then a label), found 1 (field 1 holds 2 line ends: is a quote left open?)"),
        ("x1,x2,label\n1,2,0\n3,\"4\"5,1\n", "q.csv:3: expected 3 fields, found 2 (field 2 holds 1 line end: is a quote left open?)"),
        ("x1,x2,label\n1,2,0\n3,4\"5,1\n", "q.csv:3: field 2 '4\"5' is not a number"),
        ("\"x\n\u{0}\",y,label\n1,2,0\n", "q.csv:2: field 1 holds a NUL byte"),
        ("x,y,label\n1,\"2\n\n3\u{1B}\",0\n", "q.csv:4: field 2 holds the control character U+001B"),
        ("x,y,label\n1,\"\(String(repeating: "ab", count: 30))\",0\n",
         "q.csv:2: field 2 '\(String(repeating: "ab", count: 20))…' is not a number"),
    ])
    func errorsNameThePhysicalLine(text: String, message: String) {
        do {
            let data = try CSVReader.parse(text, file: "q.csv")
            Issue.record("accepted \(data.count) rows: \(data.features.elements)")
        } catch {
            #expect(error.description == message)
        }
    }
}
