import ArgumentParser
import Flipbook
import Foundation

/// The `flipbook` command line: thin argument parsing and progress; the work is in the Flipbook module.
public struct FlipbookCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flipbook",
        abstract: "Train small neural networks from scratch and watch them learn.",
        subcommands: [Demo.self, Run.self, Compare.self, Render.self, Export.self, Inspect.self, Datasets.self],
        defaultSubcommand: Demo.self
    )

    /// The root command (it only dispatches to a subcommand).
    public init() {}

    /// Runs the command; bad input of any kind (flags, settings, files) prints one line on
    /// stderr and exits with status 2.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch where isInputError(error) {
            fail("\(error)")
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure { fail(message(for: error) + " (see 'flipbook help')") }
            exit(withError: error)
        }
    }

    private static func fail(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("flipbook: \(problem)\n".utf8))
        Foundation.exit(2)
    }
}

/// `flipbook demo`: the reference run of the classic tutorials into output/circles.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The reference run: circles, 2 → 16 ReLU → 1 sigmoid, full-batch gradient descent, 500 epochs.")

    @Option(help: "The run directory.")
    var out = "output/circles"

    func run() throws {
        _ = try Pipeline.run(RunConfig(), into: RunDirectory(path: out), progress: TerminalProgress())
    }
}

/// `flipbook run`: one run with any settings.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train one run into a run directory.")

    @Option(help: "The run directory (created if needed).")
    var out: String
    @OptionGroup var settings: RunOptions
    @OptionGroup var pictures: PictureOptions

    func run() throws {
        var config = try settings.resolve()
        try pictures.apply(to: &config)
        _ = try Pipeline.run(config, into: RunDirectory(path: out), progress: TerminalProgress())
    }
}

/// `flipbook compare`: variants of one run side by side.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train variants of a run that differ in one or more settings, and draw them side by side.",
        discussion: """
            Each --vary NAME=V1,V2,… names a run setting (\(RunConfig.settingNames.joined(separator: ", "))) \
            and its values; for hidden, separate variants with '|' (hidden=16|16,16|32,32). Several --vary \
            make every combination, at most \(Comparison.maximumVariants). Every variant trains into DIR/<variant>/, \
            a normal run directory; DIR gets loss_comparison.png, comparison.gif, comparison_epoch_N.png and report.md.
            """)

    @Option(name: .customLong("vary"), help: "NAME=V1,V2,… (repeatable).")
    var variations: [String] = []
    @Option(help: "The comparison directory (created if needed).")
    var out: String
    @OptionGroup var settings: RunOptions
    @OptionGroup var pictures: PictureOptions

    func run() throws {
        var config = try settings.resolve()
        try pictures.apply(to: &config)
        let parsed = try variations.map { text throws(SettingError) in try Variation(parsing: text) }
        try Comparison.run(base: config, variations: parsed, into: RunDirectory(path: out), progress: TerminalProgress())
    }
}

/// `flipbook render`: redraw a finished run from its frame store alone, without retraining.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Redraw every picture of a run from its frames.sqlite (another size, frame rate or key epochs).")

    @Argument(help: "A run directory written by 'flipbook run' or 'flipbook demo'.")
    var runDirectory: String
    @OptionGroup var pictures: PictureOptions

    func run() throws {
        var overrides = RunConfig()
        try pictures.apply(to: &overrides)
        try Pipeline.writeOutputs(of: RunDirectory(path: runDirectory), size: pictures.size, fps: pictures.fps,
                                  keyEpochs: overrides.keyEpochs, progress: TerminalProgress())
    }
}

/// `flipbook export`: parameters of one epoch as a NumPy .npz file.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the parameters of one recorded epoch as .npz (W1, b1, W2, b2, …).")

    @Argument(help: "A run directory.")
    var runDirectory: String
    @Option(help: "The epoch (default: the last recorded).")
    var epoch: Int?
    @Option(help: "The .npz file to write (default RUN_DIR/parameters_epoch_N.npz).")
    var to: String?

    func run() throws {
        let directory = RunDirectory(path: runDirectory)
        let written = try Exporter.export(directory, epoch: epoch, to: to.map { URL(fileURLWithPath: $0) })
        print("\(written.url.path): parameters after epoch \(written.epoch)")
    }
}

/// `flipbook inspect`: the first two steps of every from-scratch tutorial.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the untrained network's first outputs and the loss before and after one gradient step.")

    @OptionGroup var settings: RunOptions

    @Option(help: "How many samples to show.")
    var rows = 5

    func validate() throws {
        guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
    }

    func run() throws {
        print(try Inspection.report(config: settings.resolve(), rows: rows), terminator: "")
    }
}

/// `flipbook datasets`: the built-in data sets.
struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in data sets.")

    func run() {
        for (name, summary) in DatasetCatalog.entries {
            print(name.padding(toLength: 15, withPad: " ", startingAt: 0) + summary)
        }
    }
}
