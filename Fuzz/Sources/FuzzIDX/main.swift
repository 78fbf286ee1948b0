// Fuzz target `idx`: one of the four files of an MNIST-style directory comes from the input, the
// other three are small valid files (3 images of 28×28, 3 labels); then IDXReader.read.
//
// The first input byte b chooses: b % 4 the file (train images, train labels, test images, test
// labels) and (b / 4) % 3 how the rest of the input is written: 0 as the raw file, 1 gzip-compressed
// by this harness into file.gz (the IDX layout behind a valid gzip stream), 2 as file.gz unchanged
// (the gzip container itself is fuzzed). A thrown DatasetError is a correct answer; a trap is a finding.
import Datasets
import Foundation
import FuzzSupport
import FuzzZlib

private let scratch = Scratch("idx")

private let files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
private let classNames = (0..<10).map { "class \($0)" }

/// A valid IDX file: 3 images of 28×28 (`images`) or their 3 labels.
private func validFile(images: Bool) -> [UInt8] {
    func word(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    if images {
        return word(0x0803) + word(3) + word(28) + word(28) + (0..<3 * 28 * 28).map { UInt8(truncatingIfNeeded: $0 * 7) }
    }
    return word(0x0801) + word(3) + [0, 1, 2]
}

private let validImages = validFile(images: true)
private let validLabels = validFile(images: false)

runLibFuzzer { data, count in
    guard let start = data else { return 0 }
    guard count >= 1 else { return 0 }
    defer { scratch.empty() }
    let choice = Int(start[0])
    let fuzzed = choice % 4
    let mode = (choice / 4) % 3
    let payload = UnsafeBufferPointer(start: start + 1, count: count - 1)
    for (index, name) in files.enumerated() where index != fuzzed {
        let bytes = index % 2 == 0 ? validImages : validLabels
        bytes.withUnsafeBufferPointer { _ = scratch.write($0, to: name) }
    }
    switch mode {
    case 0:
        scratch.write(payload, to: files[fuzzed])
    case 1:
        let path = scratch.file(files[fuzzed] + ".gz")
        guard let file = gzopen(path, "wb") else { preconditionFailure("fuzz harness: cannot write \(path)") }
        if payload.count > 0 {
            precondition(gzwrite(file, payload.baseAddress, UInt32(payload.count)) == payload.count, "fuzz harness: gzwrite failed")
        }
        precondition(gzclose(file) == Z_OK, "fuzz harness: gzclose failed")
    default:
        scratch.write(payload, to: files[fuzzed] + ".gz")
    }
    do {
        let split = try IDXReader.read(directory: scratch.path, name: "fuzz", classNames: classNames)
        _ = split.train.count + split.test.count
    } catch {
        _ = "\(error)"
    }
    return 0
}
