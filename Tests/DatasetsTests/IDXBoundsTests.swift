import Testing
import Foundation
import CZlib
@testable import Datasets

/// `bytes` as one gzip member (through zlib's gz* writer).
func gzipMember(_ bytes: [UInt8]) throws -> [UInt8] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-gz-\(UUID().uuidString).gz")
    defer { try? FileManager.default.removeItem(at: url) }
    guard let file = gzopen(url.path, "wb9") else { throw DatasetError(file: url.path, "cannot write") }
    let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    gzclose(file)
    #expect(Int(written) == bytes.count)
    return Array(try Data(contentsOf: url))
}

func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

/// The error `IDXReader.read` gives for a directory of `writeIDX` files after `prepare` changed them.
func idxError(_ prepare: (URL) throws -> Void) throws -> String? {
    let directory = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeIDX(to: directory)
    try prepare(directory)
    do {
        _ = try IDXReader.read(directory: directory.path, name: "tiny", classNames: (0..<10).map(String.init))
        return nil
    } catch {
        return error.description
    }
}

/// IDX headers are checked before their data is read: a gzip file cannot make the reader inflate
/// (or allocate) more than its header promises, and no dimensions make it overflow.
@Suite struct IDXBoundsTests {
    static let images = "train-images-idx3-ubyte", labels = "train-labels-idx1-ubyte"

    /// 20 images of 4×4 promised, followed by 256 MiB of zeros in a 260 kB file (256 gzip members
    /// of 1 MiB each), the last one with a broken checksum: a reader that inflated everything would
    /// report the broken checksum; one that stops after the promised bytes and one more reports
    /// the excess.
    @Test func gzipHoldingFarMoreThanItsHeaderPromisesIsRefusedAfterThePromisedBytes() throws {
        let zeros = try gzipMember([UInt8](repeating: 0, count: 1 << 20))
        var broken = zeros
        broken[broken.count - 8] ^= 0xFF                       // CRC-32 of the last member
        let header: [UInt8] = [0, 0, 8, 3] + bigEndian(20) + bigEndian(4) + bigEndian(4)
        var file = try gzipMember(header + [UInt8](repeating: 7, count: 20 * 16 + 100))
        for _ in 0..<255 { file += zeros }
        file += broken
        let message = try idxError { try Data(file).write(to: $0.appendingPathComponent(Self.images + ".gz"))
                                     try FileManager.default.removeItem(at: $0.appendingPathComponent(Self.images)) }
        #expect(message?.hasSuffix("\(Self.images).gz: holds more than the 320 pixel bytes its header promises (20 images of 4×4)") == true,
                "\(message ?? "accepted")")
    }

    @Test(arguments: [false, true])
    func aLabelFileLongerThanPromisedIsRefused(gzip: Bool) throws {
        let labels: [UInt8] = [0, 0, 8, 1] + bigEndian(20) + [UInt8](repeating: 1, count: 21)
        let message = try idxError { directory in
            try FileManager.default.removeItem(at: directory.appendingPathComponent(Self.labels))
            let name = Self.labels + (gzip ? ".gz" : "")
            try Data(gzip ? try gzipMember(labels) : labels).write(to: directory.appendingPathComponent(name))
        }
        #expect(message?.hasSuffix(": holds more than the 20 label bytes its header promises") == true, "\(message ?? "accepted")")
    }

    /// Headers that promise absurd sizes are refused from the header alone, raw or gzip.
    @Test(arguments: [
        ([0xFFFF_FFFF, 28, 28], "promises 4294967295 images; at most 10000000 are read"),
        ([10_000_001, 1, 1], "promises 10000001 images; at most 10000000 are read"),
        ([0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], "holds images of 4294967295×4294967295 pixels; at most 4096×4096 are read"),
        ([1, 5000, 5000], "holds images of 5000×5000 pixels; at most 4096×4096 are read"),
        ([20, 0, 4], "holds images of 4×0 pixels"),
        ([0, 4, 4], "holds no images (its header promises 0)"),
        ([1_000_000, 4096, 4096], "promises 1000000 images of 4096×4096 pixels (16777216000000 bytes); at most 2147483648 bytes are read"),
    ] as [([UInt32], String)])
    func absurdImageHeadersAreRefusedFromTheHeader(dimensions: [UInt32], fragment: String) throws {
        for gzip in [false, true] {
            let header: [UInt8] = [0, 0, 8, 3] + dimensions.flatMap(bigEndian)
            let message = try idxError { directory in
                try FileManager.default.removeItem(at: directory.appendingPathComponent(Self.images))
                let name = Self.images + (gzip ? ".gz" : "")
                try Data(gzip ? try gzipMember(header + [1, 2, 3]) : header + [1, 2, 3]).write(to: directory.appendingPathComponent(name))
            }
            #expect(message?.hasSuffix(fragment) == true, "\(message ?? "accepted")")
        }
    }

    @Test func aLabelHeaderPromisingFourBillionLabelsIsRefused() throws {
        let message = try idxError { directory in
            try Data([0, 0, 8, 1] + bigEndian(0xFFFF_FFFF) + [1, 2]).write(to: directory.appendingPathComponent(Self.labels))
        }
        #expect(message?.hasSuffix("\(Self.labels): promises 4294967295 labels; at most 10000000 are read") == true, "\(message ?? "accepted")")
    }

    /// Headers cut short, raw and gzip (a complete gzip file of a short header, and a gzip stream cut inside the header).
    @Test func truncatedHeadersAreRefused() throws {
        let short: [UInt8] = [0, 0, 8, 3, 0, 0]
        #expect(try idxError { try Data(short).write(to: $0.appendingPathComponent(Self.images)) }?
            .hasSuffix("\(Self.images): is 6 bytes long, too short for an IDX header") == true)
        let gz = try idxError { directory in
            try FileManager.default.removeItem(at: directory.appendingPathComponent(Self.images))
            try Data(try gzipMember(short)).write(to: directory.appendingPathComponent(Self.images + ".gz"))
        }
        #expect(gz?.hasSuffix("\(Self.images).gz: is 6 bytes long, too short for an IDX header") == true, "\(gz ?? "accepted")")
        let cut = try idxError { directory in
            try FileManager.default.removeItem(at: directory.appendingPathComponent(Self.images))
            let whole = try gzipMember([0, 0, 8, 3] + bigEndian(20) + bigEndian(4) + bigEndian(4))
            try Data(whole.prefix(14)).write(to: directory.appendingPathComponent(Self.images + ".gz"))
        }
        #expect(cut?.contains("\(Self.images).gz: is corrupt or truncated") == true, "\(cut ?? "accepted")")
    }
}
