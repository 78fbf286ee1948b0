import ArgumentParser
import Flipbook
import Foundation

/// `flipbook restore`: brings back the run a failed or killed run was replacing.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put back the run that a failed or killed run was replacing.",
        discussion: """
            A run, comparison or 'render --out' sets the run it replaces aside in DIR/.flipbook-previous/ \
            and removes it only once the new one is complete. When the new one fails or is killed after \
            storing epochs, the previous run stays there; this command removes the failed run's store and \
            pictures and moves the previous run back.
            """)

    @Argument(help: "The run directory.")
    var directory: String

    func run() throws {
        let names = try RunDirectory(path: directory).restorePreviousRun()
        StandardStreams.error("flipbook: restored the previous run in \(directory) (\(names.count) files)\n")
    }
}
