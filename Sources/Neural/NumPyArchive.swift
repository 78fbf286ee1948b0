import CZlib
import Foundation
import LinearAlgebra

/// Writes arrays as a NumPy `.npz` file (a zip of `.npy` files, stored uncompressed) that `numpy.load` reads.
public enum NumPyArchive {
    /// One named array: its shape (1-D or 2-D, C order) and values.
    public struct Array: Sendable {
        /// The name inside the archive (`W1`, `b1`, …), without `.npy`.
        public var name: String
        /// NumPy's shape tuple.
        public var shape: [Int]
        /// The raw little-endian bytes of the values.
        public var bytes: [UInt8]
        /// NumPy's dtype descriptor (`<f4`, `<f8`).
        public var descriptor: String

        /// An array of the values of `matrix` with the given shape (its element count must match).
        public init<Scalar: BLASScalar>(name: String, shape: [Int], matrix: Matrix<Scalar>) {
            precondition(shape.reduce(1, *) == matrix.count, "NumPyArchive: shape \(shape) does not fit \(matrix.count) values")
            self.name = name
            self.shape = shape
            self.descriptor = Scalar.numpyDescriptor
            self.bytes = matrix.elements.withUnsafeBytes { Swift.Array($0) }
        }

        /// A 1-D array of 64-bit integers (`<i8`).
        public init(name: String, integers: [Int64]) {
            self.name = name
            shape = [integers.count]
            descriptor = "<i8"
            bytes = integers.map(\.littleEndian).withUnsafeBytes { Swift.Array($0) }
        }
    }

    /// The arrays of a network as NumPy code names them: `W1` (inputs, outputs), `b1` (outputs,), `W2`, ….
    public static func arrays<Scalar>(of parameters: [Matrix<Scalar>]) -> [Array] {
        parameters.enumerated().map { index, tensor in
            let layer = index / 2 + 1
            return index.isMultiple(of: 2)
                ? Array(name: "W\(layer)", shape: [tensor.rows, tensor.columns], matrix: tensor)
                : Array(name: "b\(layer)", shape: [tensor.count], matrix: tensor)
        }
    }

    /// The `.npy` (format 1.0) encoding of one array.
    public static func npy(_ array: Array) -> [UInt8] {
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(array.descriptor)', 'fortran_order': False, 'shape': \(shape), }"
        // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Swift.Array("NUMPY".utf8) + [1, 0]
        appendLittleEndian(UInt16(header.utf8.count), to: &bytes)
        bytes += header.utf8
        bytes += array.bytes
        return bytes
    }

    /// The whole `.npz` archive: a zip file with one stored entry `NAME.npy` per array.
    public static func npz(_ arrays: [Array]) -> [UInt8] {
        var file: [UInt8] = []
        var directory: [UInt8] = []
        for array in arrays {
            let name = Swift.Array((array.name + ".npy").utf8)
            let data = npy(array)
            let checksum = UInt32(data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
            let offset = UInt32(file.count)
            // Local file header.
            appendLittleEndian(UInt32(0x0403_4B50), to: &file)
            appendEntryFields(checksum: checksum, size: UInt32(data.count), nameLength: UInt16(name.count), to: &file)
            file += name
            file += data
            // Central directory entry.
            appendLittleEndian(UInt32(0x0201_4B50), to: &directory)
            appendLittleEndian(UInt16(20), to: &directory)                 // version made by
            appendEntryFields(checksum: checksum, size: UInt32(data.count), nameLength: UInt16(name.count), to: &directory)
            appendLittleEndian(UInt16(0), to: &directory)                  // comment length
            appendLittleEndian(UInt16(0), to: &directory)                  // disk number
            appendLittleEndian(UInt16(0), to: &directory)                  // internal attributes
            appendLittleEndian(UInt32(0), to: &directory)                  // external attributes
            appendLittleEndian(offset, to: &directory)
            directory += name
        }
        let directoryOffset = UInt32(file.count)
        file += directory
        appendLittleEndian(UInt32(0x0605_4B50), to: &file)                 // end of central directory
        appendLittleEndian(UInt16(0), to: &file)
        appendLittleEndian(UInt16(0), to: &file)
        appendLittleEndian(UInt16(arrays.count), to: &file)
        appendLittleEndian(UInt16(arrays.count), to: &file)
        appendLittleEndian(UInt32(directory.count), to: &file)
        appendLittleEndian(directoryOffset, to: &file)
        appendLittleEndian(UInt16(0), to: &file)
        return file
    }

    /// Writes `arrays` to `url` atomically: the file appears complete or not at all.
    public static func write(_ arrays: [Array], to url: URL) throws {
        try Data(npz(arrays)).write(to: url, options: .atomic)
    }

    /// The fields shared by a local header and a central-directory entry (stored, no flags, no date).
    private static func appendEntryFields(checksum: UInt32, size: UInt32, nameLength: UInt16, to bytes: inout [UInt8]) {
        appendLittleEndian(UInt16(20), to: &bytes)     // version needed
        appendLittleEndian(UInt16(0), to: &bytes)      // flags
        appendLittleEndian(UInt16(0), to: &bytes)      // method: stored
        appendLittleEndian(UInt16(0), to: &bytes)      // time
        appendLittleEndian(UInt16(0x21), to: &bytes)   // date: 1980-01-01
        appendLittleEndian(checksum, to: &bytes)
        appendLittleEndian(size, to: &bytes)           // compressed size
        appendLittleEndian(size, to: &bytes)           // uncompressed size
        appendLittleEndian(nameLength, to: &bytes)
        appendLittleEndian(UInt16(0), to: &bytes)      // extra field length
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
