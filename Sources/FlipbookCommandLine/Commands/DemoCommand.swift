import ArgumentParser
import Flipbook
import Foundation

/// `flipbook demo`: the reference run of the classic tutorials into output/circles.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The reference run: circles, 2 → 16 ReLU → 1 sigmoid, full-batch gradient descent, 500 epochs.")

    @Option(help: "The run directory.")
    var out = "output/circles"
    @Flag(help: "Write into a directory that holds files of its own (Flipbook removes only files it wrote).")
    var force = false
    @OptionGroup var verbosity: Verbosity

    func run() throws {
        try verbosity.reporting { try Pipeline.run(RunConfig(), into: RunDirectory(path: out), force: force, progress: $0) }.throwIfDiverged()
    }
}
