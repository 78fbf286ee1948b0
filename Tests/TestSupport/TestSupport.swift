// Helpers shared by every test target: one temporary directory maker and one approximate
// equality, instead of a copy per target.
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
