// Helpers shared by every test target: one temporary directory maker, one approximate
// equality and two independent image decoders (Pillow here, `DecodedGIF` in GIFReader.swift),
// instead of a copy per target.
import Foundation

/// A fresh, empty temporary directory; the caller removes it.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// True when `a` and `b` differ by at most `relativeTolerance` of the larger magnitude, or by at
/// most `absoluteTolerance` (for values near zero). NaN equals nothing.
public func isApproximatelyEqual<T: BinaryFloatingPoint>(_ a: T, _ b: T, relativeTolerance: T,
                                                          absoluteTolerance: T = 0) -> Bool {
    guard a.isFinite, b.isFinite else { return a == b }
    let difference = abs(a - b)
    return difference <= absoluteTolerance || difference <= relativeTolerance * max(abs(a), abs(b))
}

/// Decodes an image file with Pillow (Debian's python3-pil, independent of libgd and libwebp's
/// encoder): for each frame its duration in milliseconds and its RGB pixels, row by row.
public func decodedWithPillow(_ path: String) throws -> [(duration: Int, pixels: [UInt8])] {
    let script = """
        import json, sys
        from PIL import Image
        im = Image.open(sys.argv[1]); frames = []
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i); im.load()
            frames.append({"duration": im.info.get("duration", 0), "pixels": list(im.convert("RGB").tobytes())})
        print(json.dumps(frames))
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script, path]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, let frames = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "Pillow could not read \(path): \(problem)"])
    }
    return frames.map { (($0["duration"] as? Int) ?? -1, (($0["pixels"] as? [Int]) ?? []).map { UInt8(clamping: $0) }) }
}
