import ArgumentParser
import Flipbook
import Foundation

/// The `flipbook` command line: thin argument parsing and progress; the work is in the Flipbook module.
public struct FlipbookCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flipbook",
        abstract: "Train small neural networks from scratch and watch them learn.",
        discussion: "Exit status:\n" + ExitStatus.table,
        subcommands: [Demo.self, Run.self, Compare.self, Render.self, Export.self, Inspect.self, Datasets.self],
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
        case let run as Run: _ = try run.checkedConfig()
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
        var status = ExitStatus.done
        do {
            var command = try parseAsRoot()
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

/// `flipbook demo`: the reference run of the classic tutorials into output/circles.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The reference run: circles, 2 → 16 ReLU → 1 sigmoid, full-batch gradient descent, 500 epochs.")

    @Option(help: "The run directory.")
    var out = "output/circles"
    @Flag(help: "Write into a directory that holds files of its own (Flipbook removes only files it wrote).")
    var force = false

    func run() throws {
        try Pipeline.run(RunConfig(), into: RunDirectory(path: out), force: force, progress: TerminalProgress()).throwIfDiverged()
    }
}

/// `flipbook run`: one run with any settings.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train one run into a run directory.")

    @OptionGroup var target: OutputOptions
    @OptionGroup var settings: RunOptions
    @OptionGroup var pictures: PictureOptions

    func run() throws {
        try Pipeline.run(checkedConfig(), into: target.directory, force: target.force, progress: TerminalProgress()).throwIfDiverged()
    }

    /// The run's settings (defaults, config file, flags), checked; nothing is written.
    func checkedConfig() throws -> RunConfig {
        var config = try settings.resolve()
        try pictures.apply(to: &config)
        try config.validate()
        return config
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
    @OptionGroup var target: OutputOptions
    @OptionGroup var settings: RunOptions
    @OptionGroup var pictures: PictureOptions

    func run() throws {
        let (config, parsed) = try checkedInputs()
        try Comparison.run(base: config, variations: parsed, into: target.directory, force: target.force, progress: TerminalProgress())
    }

    /// The base settings and the variations, checked as far as they go without the data; nothing is written.
    func checkedInputs() throws -> (RunConfig, [Variation]) {
        var config = try settings.resolve()
        try pictures.apply(to: &config)
        try config.validatePictures()
        return (config, try variations.map { text throws(SettingError) in try Variation(parsing: text) })
    }
}

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

    func run() throws {
        try Pipeline.render(RunDirectory(path: runDirectory), into: out.map { RunDirectory(path: $0) },
                            pictures: try pictures.settings(), force: force, progress: TerminalProgress())
    }
}

/// `flipbook export`: parameters of one epoch, or the initial ones, as a NumPy .npz file.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the parameters of one recorded epoch, or the initial ones, as .npz (W1, b1, W2, b2, …).")

    @Argument(help: "A run directory.")
    var runDirectory: String
    @Option(parsing: .unconditional, help: "The epoch (default: the last recorded).")
    var epoch: String?
    @Flag(help: "The parameters before the first update (the tutorials' initial parameters file).")
    var initial = false
    @Option(help: "The .npz file to write (default RUN_DIR/parameters_epoch_N.npz, or parameters_initial.npz).")
    var to: String?

    func run() throws {
        let choice: Exporter.Choice
        switch (initial, epoch) {
        case (true, nil): choice = .initial
        case (true, let text?): throw SettingError("epoch", text, expected: "no epoch with --initial (the initial parameters precede epoch 0)")
        case (false, nil): choice = .epoch(nil)
        case (false, let text?):
            guard let number = Int(text), number >= 0 else { throw SettingError("epoch", text, expected: "an epoch number from 0") }
            choice = .epoch(number)
        }
        let written = try Exporter.export(RunDirectory(path: runDirectory), choice, to: to.map { URL(fileURLWithPath: $0) })
        StandardStreams.out("\(written.url.relativePath): \(written.contents)\n")
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
        StandardStreams.out(try Inspection.report(config: settings.resolve(), rows: rows))
    }
}

/// `flipbook datasets`: the built-in data sets.
struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in data sets.")

    func run() {
        for (name, summary) in DatasetCatalog.entries {
            StandardStreams.out(name.padding(toLength: 15, withPad: " ", startingAt: 0) + summary + "\n")
        }
    }
}
