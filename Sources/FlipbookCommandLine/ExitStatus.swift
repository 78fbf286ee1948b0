import ArgumentParser
import Flipbook

/// The `flipbook` exit statuses: one table, printed by `--help` and shown in docs/cli.md.
enum ExitStatus: Int32, CaseIterable {
    /// Everything asked for was done.
    case done = 0
    /// An internal error: a bug in Flipbook (please report it).
    case internalError = 1
    /// Input refused — a flag, a setting, a file, a store, an output directory: one line on
    /// stderr, and nothing was written.
    case refused = 2
    /// Training diverged (the loss or a parameter became NaN or infinite): it stopped, and every
    /// epoch recorded before it was drawn.
    case diverged = 3
    /// Everything was written, but standard output or error could not be (closed, a broken pipe,
    /// a full disk): progress stopped there.
    case streamFailed = 4
    /// An output could not be written once work had begun (a full disk, an I/O error): what the
    /// frame store had committed is kept.
    case writeFailed = 5

    /// One line per status, for `--help` (docs/cli.md shows the same table).
    static var table: String {
        allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }

    private var meaning: String {
        switch self {
        case .done: "done"
        case .internalError: "internal error (a bug in Flipbook)"
        case .refused: "input refused (a flag, setting, file, store or output directory); nothing written"
        case .diverged: "training diverged; the epochs recorded before it are drawn"
        case .streamFailed: "done, but standard output or error could not be written"
        case .writeFailed: "an output could not be written (disk full, I/O error); the store keeps what it committed"
        }
    }

    /// The status and the line to print (nil: nothing more to say) for an error that ended a command.
    static func classify(_ error: Error) -> (ExitStatus, String?) {
        switch Failure.kind(of: error) {
        case .refused: return (.refused, Failure.message(for: error))
        case .writeFailed: return (.writeFailed, Failure.message(for: error))
        case .diverged: return (.diverged, nil)
        case nil: break
        }
        switch FlipbookCommand.exitCode(for: error) {
        case .success: return (.done, nil)
        case .validationFailure: return (.refused, quotedShort(FlipbookCommand.message(for: error)) + " (see 'flipbook help')")
        default: return (.internalError, "internal error: \(FlipbookCommand.message(for: error))")
        }
    }

    /// An argument parser's message with each stretch between its single quotes (where the
    /// parser quotes what was typed) quoted as `Excerpt` quotes typed text. Its own words come in
    /// shorter stretches; a typed value that holds a quote spans several, each cut.
    private static func quotedShort(_ message: String) -> String {
        message.split(separator: "'", omittingEmptySubsequences: false).map { Excerpt.of(String($0)) }.joined(separator: "'")
    }
}
