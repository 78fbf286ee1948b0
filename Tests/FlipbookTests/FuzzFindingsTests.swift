import Testing
import Datasets
import Foundation
import TestSupport
@testable import Flipbook

/// Every crashing input the fuzzers found (Fuzz/findings/) stays fixed: refused with one error or
/// drawn, never a trap (a trap would end this test process).
@Suite struct FuzzFindingsTests {
    static let findings = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/findings").standardizedFileURL

    static func inputs(_ target: String, _ suffix: String) -> [String] {
        let folder = findings.appendingPathComponent(target)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(suffix) }.sorted()
    }

    @Test func thereAreFindingsToReplay() {
        #expect(Self.inputs("store", ".sqlite").count >= 10)
        #expect(!Self.inputs("idx", ".bin").isEmpty)
    }

    @Test(arguments: inputs("store", ".sqlite"))
    func aStoreFindingIsRefusedOrDrawn(name: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: Self.findings.appendingPathComponent("store/\(name)"),
                                         to: directory.appendingPathComponent("frames.sqlite"))
        do {
            try Pipeline.render(RunDirectory(path: directory.path), pictures: PictureSettings(size: 160), progress: SilentProgress())
        } catch {
            #expect(Failure.kind(of: error) == .refused, "\(name): \(error)")
        }
    }

    @Test(arguments: inputs("idx", ".bin"))
    func anIDXFindingIsRefused(name: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Data(contentsOf: Self.findings.appendingPathComponent("idx/\(name)"))
        // The harness's layout: byte 0 picks the file (b % 4) and its form (b / 4 % 3: raw, gzip by
        // the harness, .gz as is); the other three files are small valid ones. Replaying the raw
        // form of the payload in every file's place reaches the same header check.
        let files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        for (index, file) in files.enumerated() {
            let place = directory.appendingPathComponent("\(index)")
            try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
            for other in files { try Data(validIDX(other)).write(to: place.appendingPathComponent(other)) }
            try bytes.dropFirst().write(to: place.appendingPathComponent(file))
            var config = RunConfig()
            config.dataset = "mnist:\(place.path)"
            #expect(throws: DatasetError.self, "\(name) as \(file)") { try config.makeSplit() }
        }
    }

    /// A valid IDX file of three 2×2 images, or their three labels.
    func validIDX(_ name: String) -> [UInt8] {
        name.contains("images") ? [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2] + [UInt8](repeating: 9, count: 12)
            : [0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2]
    }
}
