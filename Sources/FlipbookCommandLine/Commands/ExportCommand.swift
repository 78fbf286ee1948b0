import ArgumentParser
import Flipbook
import Foundation

/// `flipbook export`: parameters of one epoch, or the initial ones, as a NumPy .npz file.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the parameters of one recorded epoch, or the initial ones, as .npz (W1, b1, W2, b2, …).")

    @Argument(help: "A run directory.")
    var runDirectory: String
    @Option(parsing: .unconditional, help: "The epoch (default: the last recorded).")
    var epoch: String?
    @Option(parsing: .unconditional, help: "With --epoch, in a run recorded with --record-every-steps: the snapshot this many optimizer steps into that epoch.")
    var step: String?
    @Flag(help: "The parameters before the first update (the tutorials' initial parameters file).")
    var initial = false
    @Option(help: "The .npz file to write (default RUN_DIR/parameters_epoch_N.npz, or parameters_initial.npz).")
    var to: String?

    func run() throws {
        var choice: Exporter.Choice
        switch (initial, epoch) {
        case (true, nil): choice = .initial
        case (true, let text?): throw SettingError("epoch", text, expected: "no epoch with --initial (the initial parameters precede epoch 0)")
        case (false, nil): choice = .epoch(nil)
        case (false, let text?):
            guard let number = Int(text), number >= 0 else { throw SettingError("epoch", text, expected: "an epoch number from 0") }
            choice = .epoch(number)
        }
        if let step {
            guard case .epoch(let number?) = choice else {
                throw SettingError("step", step, expected: "a step with --epoch N (the snapshot that many steps into epoch N)")
            }
            guard let steps = Int(step), steps >= 1 else { throw SettingError("step", step, expected: "a number of steps from 1") }
            choice = .snapshot(epoch: number, step: steps)
        }
        let written = try Exporter.export(RunDirectory(path: runDirectory), choice, to: to.map { URL(fileURLWithPath: $0) })
        StandardStreams.out("\(written.url.relativePath): \(written.contents)\n")
    }
}
