import Datasets
import Encoding
import FrameStore
import LinearAlgebra
import Neural
import Render

/// How a command that failed ended, for its exit status.
public enum Failure: Sendable, Equatable {
    /// Input refused before anything was written.
    case refused
    /// An output could not be written once work had begun.
    case writeFailed
    /// Training diverged; what was recorded has been drawn.
    case diverged

    /// The kind of `error`, or nil for an error Flipbook did not expect (a bug).
    public static func kind(of error: Error) -> Failure? {
        switch error {
        case let kept as PreviousRunKept: kind(of: kept.error)
        case is SettingError, is DatasetError, is FrameStoreError, is OutputError, is SplitError, is GeneratorError,
             is ArgumentError, is BLISRequestError: .refused
        case is WriteError, is FileWriteError: .writeFailed
        case is TrainingDiverged: .diverged
        default: nil
        }
    }

    /// The line that says what went wrong: `error`'s description, with the path a user typed
    /// quoted as `Excerpt` quotes it (Flipbook's own errors quote that way themselves; those of
    /// the data and store modules are put so here).
    public static func message(for error: Error) -> String {
        switch error {
        case let error as DatasetError: DatasetError(file: Excerpt.of(error.file), line: error.line, error.problem).description
        case let error as FrameStoreError: FrameStoreError(path: Excerpt.of(error.path), error.problem).description
        default: "\(error)"
        }
    }
}

/// Refuses, before any work, a `BLIS_ARCH_TYPE` that this BLIS does not know or this CPU cannot
/// run (BLIS would abort or stop on an illegal instruction; the library alone would use its own
/// choice instead).
public func checkBLASEnvironment() throws {
    if let refusal = BLAS.configuration.choice.refusal { throw refusal }
}

/// A file that could not be written once work had begun (a full disk, an I/O error).
public struct WriteError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public let path: String
    /// What failed, with the system's reason: "cannot write the frame store (database or disk is full)".
    public let problem: String

    /// An error writing `path`.
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "out/run/frames.sqlite: cannot write the frame store (database or disk is full)".
    public var description: String { "\(Excerpt.of(path)): \(problem)" }
}

/// Thrown after a diverged run has been drawn, so the command's exit status says so.
public struct TrainingDiverged: Error, CustomStringConvertible, Sendable {
    /// The epoch whose loss or parameters became NaN or infinite.
    public let epoch: Int

    /// "training diverged at epoch 12".
    public var description: String { "training diverged at epoch \(epoch)" }
}

/// An output that cannot be written, naming the path.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// The file or directory.
    public let path: String
    /// What went wrong.
    public let problem: String

    /// An error about `path`.
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "out/run: the directory is not writable".
    public var description: String { "\(Excerpt.of(path)): \(problem)" }
}
