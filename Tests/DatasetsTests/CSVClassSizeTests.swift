import Testing
import Foundation
@testable import Datasets

/// A label on one row only is refused (a typo is the likely cause); classes with fewer than 1 %
/// of the rows are noted.
@Suite struct CSVClassSizeTests {
    /// Rows "i,i mod 3,label" after a header, with `label(i)` for row i (its line is i + 2).
    static func table(rows: Int, label: (Int) -> Int) -> String {
        "x1,x2,label\n" + (0..<rows).map { "\($0),\($0 % 3),\(label($0))" }.joined(separator: "\n") + "\n"
    }

    /// The issue's typo: one 999 among labels 0 and 1 made 1000 classes and cost 0.34 of test accuracy.
    @Test func aLabelOnOneRowOnlyIsRefusedNamingItAndItsLine() {
        let text = Self.table(rows: 200) { $0 == 57 ? 999 : $0 % 2 }
        #expect(throws: DatasetError(file: "typo.csv", line: 59, "label 999 is on this row only; a class needs at least 2 rows: is it a typo?")) {
            try CSVReader.parse(text, file: "typo.csv")
        }
    }

    @Test(arguments: [
        ("1,2,0\n3,4,1\n", "one.csv:1: label 0 is on this row only (1 other label is also on one row only); a class needs at least 2 rows: is it a typo?"),
        ("1,2,0\n1,2,0\n3,4,5\n3,4,1\n3,4,2\n", "one.csv:3: label 5 is on this row only (2 other labels are also on one row only); a class needs at least 2 rows: is it a typo?"),
    ])
    func theEarliestSingleRowIsNamed(text: String, message: String) {
        do {
            let data = try CSVReader.parse(text, file: "one.csv")
            Issue.record("accepted \(data.classCount) classes")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aClassWithFewerThanOnePercentOfTheRowsIsNoted() throws {
        let rare = try CSVReader.parse(Self.table(rows: 300) { $0 == 10 || $0 == 200 ? 2 : $0 % 2 }, file: "rare.csv")
        #expect(rare.notes == [.rareClasses([.init(label: "2", rows: 2)], rows: 300)])
        #expect(rare.notes.map(\.description) == ["class 2 has 2 of the 300 rows (0.67 %)"])
        // Kept by the split, where a run finds it.
        #expect(try rare.split(testFraction: 0.2, seed: 0).train.notes == rare.notes)
        // 3 of 300 rows is 1 %: not noted.
        let onePercent = try CSVReader.parse(Self.table(rows: 300) { $0 % 100 == 7 ? 2 : $0 % 2 }, file: "even.csv")
        #expect(onePercent.notes.isEmpty)
    }

    @Test func severalRareClassesShareOneLine() throws {
        let data = try CSVReader.parse(Self.table(rows: 1000) { $0 < 14 ? 3 + $0 / 2 : $0 % 2 }, file: "rare.csv")
        // Labels 0, 1, 3…9 (no 2) make classes 0…8.
        #expect(data.notes.map(\.description) == [
            "classes from the label column: 0 → class 0, 1 → class 1, 3 → class 2, 4 → class 3, 5 → class 4, 6 → class 5, 7 → class 6, 8 → class 7, 9 → class 8",
            "7 classes have fewer than 1 % of the 1000 rows: 3 (2 rows), 4 (2 rows), 5 (2 rows), 6 (2 rows), 7 (2 rows) and 2 more",
        ])
    }
}
