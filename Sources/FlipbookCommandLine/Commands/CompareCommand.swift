import ArgumentParser
import Flipbook
import Foundation

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
    @OptionGroup var verbosity: Verbosity

    func run() throws {
        let (config, parsed) = try checkedInputs()
        try verbosity.reporting { try Comparison.run(base: config, variations: parsed, into: target.directory, force: target.force, progress: $0) }
    }

    /// The base settings and the variations, checked as far as they go without the data; nothing is written.
    func checkedInputs() throws -> (RunConfig, [Variation]) {
        var config = try settings.resolve()
        try pictures.apply(to: &config)
        try config.validatePictures()
        return (config, try variations.map { text throws(SettingError) in try Variation(parsing: text) })
    }
}
