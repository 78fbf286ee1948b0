import Foundation
import TestSupport

/// What a finished `flipbook` process printed and returned.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when a signal ended the process (`status` is then the signal's number).
    var signaled = false
}

/// Runs the `flipbook` executable built next to the test bundle, in `directory`.
func flipbook(_ arguments: [String], in directory: URL) throws -> CommandResult {
    try run(productsDirectory.appendingPathComponent("flipbook").path, arguments, in: directory)
}

/// Runs `executable` with `arguments` in `directory` (with `environment` added to this process's).
/// Standard error goes to a file, so that a process that fills it while standard output is
/// being read does not wait for ever.
func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.currentDirectoryURL = directory
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-stderr-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let err = try FileHandle(forWritingTo: errorFile)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try err.close()
    let stderr = try Data(contentsOf: errorFile)
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self), signaled: process.terminationReason == .uncaughtSignal)
}

/// The build products directory (where the test bundle and the `flipbook` executable are).
let productsDirectory: URL = {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("flipbook").path), url.path != "/" {
        url = url.deletingLastPathComponent()
    }
    return url
}()

/// Starts the `flipbook` executable with `arguments` in `directory`, its output discarded, and
/// returns the running process.
func startFlipbook(_ arguments: [String], in directory: URL) throws -> Process {
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent("flipbook")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}
