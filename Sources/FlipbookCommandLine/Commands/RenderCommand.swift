import ArgumentParser
import Flipbook
import Foundation

/// `flipbook render`: redraw a finished run from its frame store alone, without retraining.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Redraw every picture of a run from its frames.sqlite (another size, frame rate or key epochs).")

    @Argument(help: "A run directory written by 'flipbook run' or 'flipbook demo'.")
    var runDirectory: String
    @Option(help: "Where to draw (default: the run directory itself; use it for a run you cannot write).")
    var out: String?
    @Flag(help: "Draw into an --out directory that holds files of its own.")
    var force = false
    @OptionGroup var pictures: PictureOptions
    @OptionGroup var verbosity: Verbosity

    func run() throws {
        let settings = try pictures.settings()
        try verbosity.reporting {
            try Pipeline.render(RunDirectory(path: runDirectory), into: out.map { RunDirectory(path: $0) }, pictures: settings,
                                force: force, progress: $0)
        }
    }
}
