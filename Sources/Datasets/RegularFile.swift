import Foundation

/// Reading a data file the user named: it must be a regular file (a directory, a device or a
/// pipe is refused before it is opened, so a FIFO never blocks the program), and the system's
/// reason is given when it cannot be read.
enum RegularFile {
    /// Refuses `path` unless it is an existing regular file of at most `limit` bytes.
    static func check(_ path: String, limit: Int) throws(DatasetError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw DatasetError(file: path, "cannot read the file (\(String(cString: strerror(errno))))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw DatasetError(file: path, "is not a regular file (a directory, a device or a pipe)")
        }
        guard Int(status.st_size) <= limit else {
            throw DatasetError(file: path, "is \(status.st_size) bytes long; at most \(limit) are read")
        }
    }

    /// The bytes of the regular file at `path`, of at most `limit` bytes.
    static func read(_ path: String, limit: Int) throws(DatasetError) -> Data {
        try check(path, limit: limit)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DatasetError(file: path, "cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw DatasetError(file: path, "cannot read the file (\(String(cString: strerror(errno))))") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
            guard data.count <= limit else { throw DatasetError(file: path, "grew beyond \(limit) bytes while it was read") }
        }
    }
}
