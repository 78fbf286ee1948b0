import Testing
import Foundation
import TestSupport
import FrameStore
import Datasets

/// What `flipbook run` says about a CSV's classes: a label on one row only stops it in one line;
/// a class with fewer than 1 % of the rows is noted in one line, and the run goes on; labels
/// other than 0…K−1 are mapped to classes, in one line.
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

    /// An iris-like table: species names as labels, no header.
    @Test func textLabelsAreTheClassNamesAndTheirMappingIsOneLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let species = ["virginica", "setosa", "versicolor"]
        let rows = (0..<90).map { i in "\(Double(i % 3) + Double(i % 10) / 20),\(Double(i % 7) / 7),\(species[i % 3])" }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("iris.csv"))
        let result = try flipbook(["run", "--out", "r", "--dataset", "csv:iris.csv", "--epochs", "2", "--size", "160"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "flipbook: classes from the label column: 'setosa' → class 0, 'versicolor' → class 1, 'virginica' → class 2\n")
        let store = try FrameStore.open(at: directory.appendingPathComponent("r/frames.sqlite").path)
        #expect(store.run.dataset.classNames == ["setosa", "versicolor", "virginica"])
        #expect(store.run.dataset.count == 90)
    }

    /// A column of non-whole numbers is a regression target: refused in one line, nothing written.
    @Test func aRegressionTargetIsOneLineWithStatus2() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = (0..<40).map { i in "\(i),\(i % 3),\(Double(i) / 4)" }
        try Data(("x1,x2,price\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("price.csv"))
        let result = try flipbook(["run", "--out", "r", "--dataset", "csv:price.csv", "--epochs", "2", "--size", "160"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == "flipbook: price.csv:3: label 0.25 is not a whole number: a regression target? Flipbook's CSV reads class labels\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r").path), "nothing written")
    }

    /// A label the reader keeps is a class name the frame store keeps.
    @Test func theReadersLongestLabelIsTheStoresLongestClassName() {
        #expect(CSVReader.maximumClassNameBytes == FrameStoreLimits.maximumClassNameBytes)
        #expect(CSVReader.maximumClasses == FrameStoreLimits.maximumClassCount)
    }
}
