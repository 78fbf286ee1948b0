import ArgumentParser
import Flipbook
import Foundation

/// The `flipbook` command line: thin argument parsing and progress; the work is in the Flipbook module.
public struct FlipbookCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flipbook",
        abstract: "Train small neural networks from scratch and watch them learn.",
        discussion: "Exit status:\n" + ExitStatus.table,
        version: Version.text,
        subcommands: [Demo.self, Run.self, Compare.self, Render.self, Restore.self, Export.self, Inspect.self, Datasets.self],
        defaultSubcommand: Demo.self
    )

    /// The root command (it only dispatches to a subcommand).
    public init() {}

    /// Parses `arguments` as the command line and checks every flag and setting they give (and a
    /// config file they name) as the command would before its work, without doing the work or
    /// writing anything. For fuzzing and tests.
    public static func check(arguments: [String]) throws {
        let command = try parseAsRoot(arguments)
        switch command {
        case let run as Run: try run.config().validate()
        case let compare as Compare: _ = try compare.checkedInputs()
        case let render as Render: _ = try render.pictures.settings()
        case let inspect as Inspect: try inspect.settings.resolve().validate()
        default: break
        }
    }

    /// Runs the command and exits with a status of `ExitStatus`; every message starts with
    /// `flipbook:`. Help and version requests print to standard output.
    public static func main() {
        StandardStreams.prepare()
        takeCareOfTemporaryFiles()
        Allocator.keepLargeBuffers()
        var status = ExitStatus.done
        do {
            var command = try parseAsRoot()
            try checkBLASEnvironment()
            try command.run()
        } catch {
            if FlipbookCommand.exitCode(for: error) == .success, Failure.kind(of: error) == nil {
                StandardStreams.out(FlipbookCommand.fullMessage(for: error) + "\n")     // --help, --version
            } else {
                let (classified, line) = ExitStatus.classify(error)
                status = classified
                if let line { StandardStreams.error("flipbook: \(line)\n") }
            }
        }
        if status == .done, StandardStreams.failedToWrite { status = .streamFailed }
        Foundation.exit(status.rawValue)
    }
}
