// Fuzz target `cli`: the input split at NUL bytes into an argument vector (pieces that are not
// UTF-8 are dropped), parsed and checked by FlipbookCommand.check(arguments:): every flag and
// setting is read and validated as the command would, but nothing runs (running trains).
// A thrown error (a usage error, help, a bad value) is a correct answer; a trap is a finding.
import FlipbookCommandLine
import FuzzSupport

runLibFuzzer { data, count in
    guard let start = data else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).compactMap {
        String(validating: $0, as: UTF8.self)
    }
    do {
        try FlipbookCommand.check(arguments: arguments)
    } catch {
        _ = FlipbookCommand.message(for: error)
        _ = FlipbookCommand.exitCode(for: error)
    }
    return 0
}
