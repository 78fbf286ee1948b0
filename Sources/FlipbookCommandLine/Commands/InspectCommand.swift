import ArgumentParser
import Flipbook
import Foundation

/// `flipbook inspect`: the first two steps of every from-scratch tutorial.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the untrained network's first outputs and the loss before and after one gradient step.")

    @OptionGroup var settings: RunOptions

    @Option(parsing: .unconditional, help: "How many samples to show.")
    var rows = 5

    func validate() throws {
        guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
    }

    func run() throws {
        StandardStreams.out(try Inspection.report(config: settings.resolve(), rows: rows))
    }
}
