import ArgumentParser
import Flipbook
import Foundation

/// `flipbook run`: one run with any settings.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train one run into a run directory.")

    @OptionGroup var target: OutputOptions
    @OptionGroup var settings: RunOptions
    @OptionGroup var pictures: PictureOptions
    @OptionGroup var verbosity: Verbosity

    func run() throws {
        let config = try config()
        try verbosity.reporting { try Pipeline.run(config, into: target.directory, force: target.force, progress: $0) }.throwIfDiverged()
    }

    /// The run's settings: defaults, config file, flags, each read by its setting's declaration
    /// (`Pipeline.run` checks them as a whole); nothing is written.
    func config() throws -> RunConfig {
        var config = try settings.resolve()
        try pictures.apply(to: &config)
        return config
    }
}
