import Testing
import Foundation
import LinearAlgebra
@testable import Neural

@Suite struct NumPyArchiveTests {
    @Test func npyHeaderIsAlignedAndDescribesTheArray() {
        let bytes = NumPyArchive.npy(.init(name: "b1", shape: [3], matrix: Matrix<Float>([[1, 2, 3]])))
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"))
        #expect(header.hasSuffix("\n"))
        #expect(bytes.count == 10 + headerLength + 12)
    }

    /// numpy.load reads the archive: names, shapes, dtype and values. NumPy comes with the test set-up.
    @Test func numpyLoadsTheArchive() throws {
        let network = try Network<Float>(inputSize: 2, hiddenSizes: [16], outputSize: 1, hiddenActivation: .relu,
                                         loss: .binaryCrossEntropy, seed: 0)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("parameters.npz")
        try NumPyArchive.write(NumPyArchive.arrays(of: network.parameters), to: url)

        let script = """
        import sys, numpy as np
        z = np.load(sys.argv[1])
        print(sorted(z.files))
        for k in ['W1', 'b1', 'W2', 'b2']:
            print(k, z[k].shape, z[k].dtype, repr(float(z[k].sum())))
        """
        let output = try runPython(script, arguments: [url.path])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "['W1', 'W2', 'b1', 'b2']")
        let sums = network.parameters.map { $0.elements.reduce(Float(0), +) }
        let expectedShapes = ["(2, 16)", "(16,)", "(16, 1)", "(1,)"]
        for (index, name) in ["W1", "b1", "W2", "b2"].enumerated() {
            let line = try #require(lines.first { $0.hasPrefix(name + " ") })
            #expect(line.contains(expectedShapes[index] + " float32"), "\(line)")
            let value = try #require(Double(line.split(separator: " ").last!))
            #expect(abs(value - Double(sums[index])) < 1e-4, "\(name): numpy \(value), ours \(sums[index])")
        }
    }
}

/// Runs `script` with the first `python3` that can import NumPy; fails the test if there is none.
func runPython(_ script: String, arguments: [String]) throws -> String {
    for candidate in ["/usr/bin/env", "/usr/bin/python3"] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: candidate)
        process.arguments = (candidate == "/usr/bin/env" ? ["python3"] : []) + ["-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { continue }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 0 { return String(decoding: data, as: UTF8.self) }
    }
    throw PythonUnavailable()
}

struct PythonUnavailable: Error, CustomStringConvertible {
    var description: String { "no python3 with NumPy found (scripts/setup.sh installs python3-numpy)" }
}
