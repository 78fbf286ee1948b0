import Testing
import Foundation
@testable import Datasets

@Suite struct CSVReaderTests {
    @Test func readsRowsWithAndWithoutHeader() throws {
        let withHeader = try CSVReader.parse("x1,x2,label\n0.5,1,0\n-2,3.25,1\n\n1e-3, 4 ,2\r\n", file: "a.csv")
        #expect(withHeader.count == 3 && withHeader.featureCount == 2 && withHeader.kind == .points2D)
        #expect(withHeader.features.elements == [0.5, 1, -2, 3.25, 0.001, 4])
        #expect(withHeader.labels == [0, 1, 2] && withHeader.classCount == 3)
        let plain = try CSVReader.parse("1,2,3,0\n4,5,6,1\n", file: "b.csv")
        #expect(plain.featureCount == 3 && plain.kind == .table)
    }

    @Test(arguments: [
        ("1,2,0\n3,4\n", "bad.csv:2: expected 3 fields, found 2"),
        ("x,y,label\n1,2,0\n3,4,1,7\n", "bad.csv:3: expected 3 fields, found 4"),
        ("1,2,0\n3,abc,1\n", "bad.csv:2: field 2 'abc' is not a number"),
        ("1,2,0\nnan,4,1\n", "bad.csv:2: field 1 'nan' is not a finite number"),
        ("1,2,0\n3,inf,1\n", "bad.csv:2: field 2 'inf' is not a finite number"),
        ("1,2,0\n3,1e39,1\n", "bad.csv:2: field 2 '1e39' is not a finite number"),
        ("1,2,0\n3,4,-1\n", "bad.csv:2: label '-1' is not an integer ≥ 0"),
        ("1,2,0\n3,4,1.5\n", "bad.csv:2: label '1.5' is not an integer ≥ 0"),
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
}
