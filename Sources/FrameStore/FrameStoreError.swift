import GRDB

/// A frame store that cannot be used, naming the file and the problem (for a damaged or tampered
/// store: the table, the epoch and the column).
public struct FrameStoreError: Error, CustomStringConvertible, Sendable {
    /// The store's path.
    public let path: String
    /// What is wrong.
    public let problem: String

    /// An error about the store at `path`.
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "run/frames.sqlite: epoch 12: parameters hold 40 values; the network 2 → 16 → 1 needs 65".
    public var description: String { "\(path): \(problem)" }

    /// The error for `error` thrown while reading the store at `path`: a broken rule of the store
    /// or an SQLite error, in words. Other errors pass through.
    static func reading(_ error: Error, at path: String) -> Error {
        switch error {
        case let problem as StoreProblem:
            return FrameStoreError(path: path, problem.message)
        case let error as DatabaseError:
            let message = error.message ?? "\(error)"
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return FrameStoreError(path: path, "is being written by another process (the file is locked); try again when it has finished")
            case .SQLITE_CANTOPEN, .SQLITE_READONLY:
                return FrameStoreError(path: path, "cannot be opened for reading (\(message)); if a -wal file lies beside it without its -shm file in a read-only directory, copy the run directory somewhere writable")
            case .SQLITE_IOERR:
                return FrameStoreError(path: path, "cannot be read (\(message))")
            default:
                return FrameStoreError(path: path, "damaged or not a frame store (\(message))")
            }
        default:
            return error
        }
    }
}

/// A broken rule of the store, in words that name the table, the epoch and the column; the
/// reader and the writer add the file's path.
struct StoreProblem: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
