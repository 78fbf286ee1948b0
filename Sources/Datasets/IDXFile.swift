import CZlib
import Foundation

/// One IDX file opened through zlib (which reads raw files as they are and gunzips `.gz` ones as it
/// goes), its header read and its magic number checked; the data is read on request.
final class IDXFile {
    /// The path, for errors.
    let path: String
    /// The dimensions the header gives (each 0…2³² − 1).
    let dimensions: [Int]
    private let file: gzFile

    /// Opens `path` and reads the magic number and `dimensions` big-endian 32-bit dimensions.
    init(path: String, magic: UInt32, dimensions count: Int) throws(DatasetError) {
        try RegularFile.check(path, limit: Int.max)
        guard let file = gzopen(path, "rb") else {
            throw DatasetError(file: path, "cannot be opened")
        }
        self.path = path
        self.file = file
        gzbuffer(file, 1 << 20)
        let length = 4 + 4 * count
        var header = [UInt8](repeating: 0, count: length)
        let read: Int
        do {
            read = try Self.read(file, path: path, into: &header, at: 0, count: length)
        } catch {
            gzclose(file)
            throw error
        }
        guard read == length else {
            gzclose(file)
            throw DatasetError(file: path, "is \(read) bytes long, too short for an IDX header")
        }
        func word(_ at: Int) -> UInt32 {
            UInt32(header[at]) << 24 | UInt32(header[at + 1]) << 16 | UInt32(header[at + 2]) << 8 | UInt32(header[at + 3])
        }
        guard word(0) == magic else {
            gzclose(file)
            throw DatasetError(file: path, String(format: "has magic number 0x%08X; expected 0x%08X (%@)", word(0), magic,
                                                  count == 3 ? "unsigned-byte images" : "unsigned-byte labels"))
        }
        self.dimensions = (0..<count).map { Int(word(4 + 4 * $0)) }
    }

    deinit { gzclose(file) }

    /// The `count` data bytes after the header, refusing a file that holds fewer or more.
    /// `unit` and `promise` word the errors ("holds 315 pixel bytes; the header promises …").
    /// Memory grows with the data actually read, never beyond `count` + 1 bytes.
    func readData(count: Int, unit: String, promise: String?) throws(DatasetError) -> [UInt8] {
        let wanted = count + 1              // one more than promised: a longer file shows itself
        // Start at 4 MiB and double as data arrives, so a file that promises much and holds little
        // costs little.
        var bytes = [UInt8](repeating: 0, count: min(wanted, 1 << 22))
        var filled = 0
        while true {
            let read = try Self.read(file, path: path, into: &bytes, at: filled, count: bytes.count - filled)
            filled += read
            guard filled == bytes.count, filled < wanted else { break }
            var larger = [UInt8](repeating: 0, count: min(wanted, bytes.count * 2))
            larger.withUnsafeMutableBufferPointer { target in
                bytes.withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress!, count: filled) }
            }
            bytes = larger
        }
        if filled > count {
            throw DatasetError(file: path, "holds more than the \(count) \(unit) its header promises" + (promise.map { " (\($0))" } ?? ""))
        }
        guard filled == count else {
            throw DatasetError(file: path, "holds \(filled) \(unit); the header promises " + (promise.map { "\($0) (\(count))" } ?? "\(count)"))
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Reads up to `count` bytes into `buffer` at `offset`; fewer only at the end of the data.
    /// A gzip stream that is corrupt, or cut short, throws.
    private static func read(_ file: gzFile, path: String, into buffer: inout [UInt8], at offset: Int, count: Int) throws(DatasetError) -> Int {
        var total = 0
        while total < count {
            let asked = min(count - total, 1 << 22)
            let read = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + offset + total, UInt32(asked)) }
            if read < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                throw DatasetError(file: path, "is corrupt (\(message))")
            }
            if read == 0 { break }
            total += Int(read)
        }
        if total < count {
            // A gzip stream cut short reads as far as it goes and then reports the missing end.
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
            if code != Z_OK && code != Z_STREAM_END {
                throw DatasetError(file: path, "is corrupt or truncated (\(message))")
            }
        }
        return total
    }
}
