import Testing
import Foundation
@testable import Datasets

/// Class labels as users write them: the distinct labels, sorted (as numbers when all are
/// numbers), become the classes and their text the class names; the mapping is noted once.
@Suite struct CSVLabelTests {
    /// Rows "i,i mod 3,label" without a header, the labels cycling through `labels`, each on
    /// `repeats` rows.
    static func table(_ labels: [String], repeats: Int = 2) -> String {
        (0..<(labels.count * repeats)).map { "\($0),\($0 % 3),\(labels[$0 % labels.count])" }.joined(separator: "\n") + "\n"
    }

    /// The issue's file: labels 1, 2, 3 made four classes, class 0 empty.
    @Test func labelsOneTwoThreeMakeThreeClassesNamedByTheirText() throws {
        let data = try CSVReader.parse("x1,x2,label\n" + Self.table(["3", "1", "2"]), file: "123.csv")
        #expect(data.classCount == 3)
        #expect(data.classNames == ["1", "2", "3"])
        #expect(data.labels == [2, 0, 1, 2, 0, 1])
        #expect(data.notes.map(\.description) == ["classes from the label column: 1 → class 0, 2 → class 1, 3 → class 2"])
    }

    @Test func textLabelsAreSortedByTheirText() throws {
        let iris = try CSVReader.parse(Self.table(["virginica", "setosa", "versicolor"]), file: "iris.csv")
        #expect(iris.count == 6, "the first line 0,0,virginica is data, not a header")
        #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
        #expect(iris.labels == [2, 0, 1, 2, 0, 1])
        #expect(iris.notes.map(\.description) == ["classes from the label column: 'setosa' → class 0, 'versicolor' → class 1, 'virginica' → class 2"])
        let answers = try CSVReader.parse("a,b,answer\n" + Self.table(["yes", "no"]), file: "yn.csv")
        #expect(answers.classNames == ["no", "yes"] && answers.labels == [1, 0, 1, 0])
        // Unicode scalar order: capitals before small letters; numbers among text sort as text.
        let mixed = try CSVReader.parse(Self.table(["b", "B", "a", "10", "9"]), file: "mixed.csv")
        #expect(mixed.classNames == ["10", "9", "B", "a", "b"])
    }

    @Test func numberLabelsAreSortedAsNumbers() throws {
        let data = try CSVReader.parse(Self.table(["10", "-1", "9", "1"]), file: "n.csv")
        #expect(data.classNames == ["-1", "1", "9", "10"])
        #expect(data.labels == [3, 0, 2, 1, 3, 0, 2, 1])
        let signs = try CSVReader.parse(Self.table(["1", "-1"]), file: "pm.csv")
        #expect(signs.classNames == ["-1", "1"] && signs.labels == [1, 0, 1, 0])
    }

    /// Labels compared as numbers: 1, 1.0, 01 and +1 are one class, named as first written.
    @Test func equalNumbersAreOneClassNamedByTheirFirstSpelling() throws {
        let data = try CSVReader.parse("1,2,1.0\n3,4,0\n5,6,01\n7,8,0.0\n9,10,+1\n11,12,-0\n", file: "same.csv")
        #expect(data.classNames == ["0", "1.0"])
        #expect(data.labels == [1, 0, 1, 0, 1, 0])
    }

    /// Labels 0…K−1 keep their classes and say nothing, as before.
    @Test func labelsZeroToKMinusOneAreTheClassesAsBefore() throws {
        let data = try CSVReader.parse(Self.table(["2", "0", "1"]), file: "012.csv")
        #expect(data.classNames == ["0", "1", "2"] && data.labels == [2, 0, 1, 2, 0, 1])
        #expect(data.notes.isEmpty)
    }

    /// A gap in the numbers makes no empty class.
    @Test func aGapInTheLabelsMakesNoEmptyClass() throws {
        let data = try CSVReader.parse("1,2,0\n3,4,999\n5,6,999\n7,8,0\n", file: "gap.csv")
        #expect(data.classNames == ["0", "999"] && data.labels == [0, 1, 1, 0])
    }

    /// The header is the first line when none of its features (all fields but the last) is a number.
    @Test(arguments: [
        "x1,x2,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n",
        "x1,x2,7\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n",
        "1.0,2.0,a\n3,4,b\n5,6,a\n7,8,b\n",
    ])
    func aHeaderIsAFirstLineWithoutNumberFeatures(text: String) throws {
        let data = try CSVReader.parse(text, file: "h.csv")
        #expect(data.count == 4 && data.classNames == ["a", "b"])
    }

    /// A first line with a number among its features is data, so a missing value there is an
    /// error rather than a header that loses the row.
    @Test func aFirstLineWithANumberFeatureIsData() {
        #expect(throws: DatasetError(file: "h.csv", line: 1, "field 2 'NA' is not a number")) {
            try CSVReader.parse("1,NA,a\n3,4,b\n5,6,a\n7,8,b\n", file: "h.csv")
        }
    }

    @Test(arguments: [
        ("x,y,kind\n1,2,cat\n3,4,cat\n", "bad.csv: all 2 rows have label 'cat'; expected at least 2 classes"),
        ("1,2,0\n3,4,0.5\n", "bad.csv:2: label 0.5 is not a whole number: a regression target? Flipbook's CSV reads class labels"),
        ("1,2,a\n3,4,2.75\n", "bad.csv:2: label 2.75 is not a whole number: a regression target? Flipbook's CSV reads class labels"),
        ("1,2,0\n3,4,nan\n", "bad.csv:2: label 'nan' is not a finite number"),
        ("1,2,0\n3,4,-inf\n", "bad.csv:2: label '-inf' is not a finite number"),
        ("1,2,0\n3,4,99999999999999999999\n", "bad.csv:2: label 99999999999999999999 is too large; a label that is a number is a whole number below 2⁵³ (9007199254740992) in size"),
        ("1,2,0\n3,4,\n", "bad.csv:2: the label (field 3) is empty"),
        ("1,2,0\n3,4,\"\"\n", "bad.csv:2: the label (field 3) is empty"),
        ("1,2,a\n3,4,\"b\nc\"\n", "bad.csv:2: label 'b\\nc' holds a line break; a class name is one line"),
        ("1,2,a\n3,4,b\u{2028}c\n", "bad.csv:2: label 'b\\u{2028}c' holds a line break; a class name is one line"),
    ])
    func labelsThatAreNoClassesAreRefusedOnTheirLine(text: String, message: String) {
        do {
            let data = try CSVReader.parse(text, file: "bad.csv")
            Issue.record("accepted \(data.classNames)")
        } catch {
            #expect(error.description == message)
        }
    }

    /// A frame store keeps class names of at most 256 UTF-8 bytes: a longer label is refused
    /// before training, on its line.
    @Test func aLabelLongerThanAStoredClassNameIsRefusedOnItsLine() throws {
        let longest = String(repeating: "é", count: 128)
        let data = try CSVReader.parse(Self.table(["a", longest]), file: "long.csv")
        #expect(data.classNames == ["a", longest])
        let tooLong = longest + "x"
        #expect(throws: DatasetError(file: "long.csv", line: 3, "label '\(String(repeating: "é", count: 40))…' is 257 bytes long; a class name is at most 256 bytes (UTF-8)")) {
            try CSVReader.parse("1,2,a\n3,4,a\n5,6,\(tooLong)\n7,8,\(tooLong)\n", file: "long.csv")
        }
    }

    @Test func atMostAThousandClasses() throws {
        let thousand = (0..<1000).map { "c\($0)" }
        let data = try CSVReader.parse(Self.table(thousand), file: "many.csv")
        #expect(data.classCount == 1000)
        let more = Self.table((0..<1001).map { "c\($0)" })
        #expect(throws: DatasetError(file: "many.csv", line: 1001, "label 'c1000' would be class 1001; at most 1000 classes")) {
            try CSVReader.parse(more, file: "many.csv")
        }
    }

    @Test func aTextLabelOnOneRowOnlyIsRefusedAndARareOneNoted() throws {
        let typo = "x,y,species\n1,2,setosa\n3,4,setosa\n5,6,setsoa\n7,8,virginica\n9,10,virginica\n"
        #expect(throws: DatasetError(file: "iris.csv", line: 4, "label 'setsoa' is on this row only; a class needs at least 2 rows: is it a typo?")) {
            try CSVReader.parse(typo, file: "iris.csv")
        }
        let rows = (0..<300).map { i in "\(i),\(i % 3),\(i == 10 || i == 200 ? "rare" : i % 2 == 0 ? "even" : "odd")" }
        let rare = try CSVReader.parse(rows.joined(separator: "\n"), file: "rare.csv")
        #expect(rare.classNames == ["even", "odd", "rare"])
        #expect(rare.notes.map(\.description) == [
            "classes from the label column: 'even' → class 0, 'odd' → class 1, 'rare' → class 2",
            "class 'rare' has 2 of the 300 rows (0.67 %)",
        ])
    }

    /// The mapping stays one line: ten classes are named, the others counted.
    @Test func aLongMappingIsAbbreviated() throws {
        let data = try CSVReader.parse(Self.table((1...12).map(String.init)), file: "twelve.csv")
        #expect(data.notes.map(\.description) == [
            "classes from the label column: 1 → class 0, 2 → class 1, 3 → class 2, 4 → class 3, 5 → class 4, 6 → class 5, 7 → class 6, 8 → class 7, 9 → class 8, 10 → class 9 and 2 more (up to 12 → class 11)",
        ])
    }
}
