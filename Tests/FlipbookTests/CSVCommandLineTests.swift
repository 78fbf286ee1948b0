import Testing
import Foundation
import TestSupport

/// What `flipbook run` says about a CSV's classes: a label on one row only stops it in one line;
/// a class with fewer than 1 % of the rows is noted in one line, and the run goes on.
@Suite struct CSVCommandLineTests {
    /// A header, then rows "i,i mod 3,label(i)" (row i on line i + 2).
    static func write(_ name: String, rows: Int, in directory: URL, label: (Int) -> Int) throws {
        let text = "x1,x2,label\n" + (0..<rows).map { "\(Double($0) / 10),\($0 % 3),\(label($0))" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    @Test func aLabelOnOneRowOnlyIsOneLineWithStatus2() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write("typo.csv", rows: 200, in: directory) { $0 == 57 ? 999 : $0 % 2 }
        let result = try flipbook(["run", "--out", "r", "--dataset", "csv:typo.csv", "--epochs", "2", "--size", "160"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == "flipbook: typo.csv:59: label 999 is on this row only; a class needs at least 2 rows: is it a typo?\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r").path), "nothing written")
    }

    @Test func aRareClassIsNotedInOneLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write("rare.csv", rows: 300, in: directory) { $0 == 10 || $0 == 200 ? 2 : $0 % 2 }
        let result = try flipbook(["run", "--out", "r", "--dataset", "csv:rare.csv", "--epochs", "2", "--size", "160"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "flipbook: class 2 has 2 of the 300 rows (0.67 %)\n")
    }
}
