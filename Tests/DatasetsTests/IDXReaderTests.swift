import Testing
import Foundation
@testable import Datasets

/// Writes a small MNIST-layout directory: `train` and `test` images of `side × side` pixels.
func writeIDX(to directory: URL, train: Int = 20, test: Int = 10, side: Int = 4, classes: Int = 3,
              gzip: Bool = false, labelOverride: UInt8? = nil) throws {
    func int32(_ value: Int) -> [UInt8] { [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    for (prefix, count) in [("train", train), ("t10k", test)] {
        var images: [UInt8] = [0, 0, 8, 3] + int32(count) + int32(side) + int32(side)
        var labels: [UInt8] = [0, 0, 8, 1] + int32(count)
        for i in 0..<count {
            let label = i % classes
            labels.append(labelOverride ?? UInt8(label))
            images += (0..<(side * side)).map { p in p % side == label ? 255 : UInt8((p * 7 + i) % 50) }
        }
        for (name, bytes) in [("\(prefix)-images-idx3-ubyte", images), ("\(prefix)-labels-idx1-ubyte", labels)] {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            if gzip {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["gzip", "-f", url.path]
                try process.run()
                process.waitUntilExit()
            }
        }
    }
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-idx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct IDXReaderTests {
    @Test(arguments: [false, true])
    func readsRawAndGzipDirectories(gzip: Bool) throws {
        let directory = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeIDX(to: directory, gzip: gzip)
        let split = try IDXReader.read(directory: directory.path, name: "tiny", classNames: (0..<10).map(String.init))
        #expect(split.train.count == 20 && split.test.count == 10)
        #expect(split.train.kind == .image(width: 4, height: 4) && split.train.featureCount == 16)
        #expect(split.train.labels?.prefix(4) == [0, 1, 2, 0])
        #expect(split.train.features[1, 1] == 1)                 // 255 → 1
        #expect(abs(split.train.features[0, 1] - Float((1 * 7 + 0) % 50) / 255) < 1e-6)
        #expect(split.test.classNames.count == 10)
    }

    @Test func brokenFilesAreRefusedNamingTheFile() throws {
        let names = (0..<10).map(String.init)
        func expectFailure(_ prepare: (URL) throws -> Void, _ fragment: String) throws {
            let directory = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: directory) }
            try writeIDX(to: directory)
            try prepare(directory)
            do {
                _ = try IDXReader.read(directory: directory.path, name: "tiny", classNames: names)
                Issue.record("accepted: \(fragment)")
            } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        let images = "train-images-idx3-ubyte", labels = "train-labels-idx1-ubyte"
        try expectFailure({ var d = try Data(contentsOf: $0.appendingPathComponent(images)); d[3] = 9
                            try d.write(to: $0.appendingPathComponent(images)) }, "\(images): has magic number 0x00000809; expected 0x00000803")
        try expectFailure({ let d = try Data(contentsOf: $0.appendingPathComponent(images))
                            try d.prefix(d.count - 5).write(to: $0.appendingPathComponent(images)) }, "\(images): holds 315 pixel bytes; the header promises 20 images")
        try expectFailure({ var d = try Data(contentsOf: $0.appendingPathComponent(labels)); d[7] = 19
                            try d.write(to: $0.appendingPathComponent(labels)) }, "\(labels): has 19 labels for 20 images")
        try expectFailure({ try FileManager.default.removeItem(at: $0.appendingPathComponent("t10k-labels-idx1-ubyte")) },
                          "has no t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz")
        try expectFailure({ try Data([0, 0]).write(to: $0.appendingPathComponent(labels)) }, "too short for an IDX header")
        try expectFailure({ dir in
            try writeIDX(to: dir, labelOverride: 12)
        }, "label 12 of item 1 is outside the 10 classes 0…9")
        // A gzip file cut short.
        try expectFailure({ dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent(images))
            try writeIDX(to: dir, train: 200, side: 12, gzip: true)
            let gz = dir.appendingPathComponent(images + ".gz")
            let d = try Data(contentsOf: gz)
            try d.prefix(d.count / 2).write(to: gz)
            for name in [labels, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
                try? FileManager.default.removeItem(at: dir.appendingPathComponent(name))
            }
        }, "is corrupt")
    }

    @Test func aMissingDirectoryIsNamed() {
        do {
            _ = try IDXReader.read(directory: "/nonexistent/mnist", name: "x", classNames: ["0", "1"])
            Issue.record("accepted a missing directory")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/mnist: is not a directory"))
        }
    }
}
