import Testing
import Foundation
import TestSupport

/// `--classes` reaches ten, one class per colour and marker of the palette, and no further.
@Suite struct ClassCountTests {
    @Test(arguments: ["spiral", "blobs"])
    func tenClassesAreAcceptedAndElevenRefused(dataset: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ten = try flipbook(["run", "--out", "ten", "--dataset", dataset, "--classes", "10", "--samples", "200", "--epochs", "2",
                                "--hidden", "4", "--views", "loss", "--quiet"], in: directory)
        #expect(ten.status == 0, "\(ten.stderr)")
        let eleven = try flipbook(["run", "--out", "eleven", "--dataset", dataset, "--classes", "11", "--epochs", "2", "--quiet"], in: directory)
        #expect(eleven.status == 2)
        let lines = eleven.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("flipbook:") && lines[0].contains("11"), "\(eleven.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("eleven/frames.sqlite").path))
    }
}
