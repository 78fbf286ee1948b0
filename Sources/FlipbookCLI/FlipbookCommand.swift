import ArgumentParser
import Flipbook
import Foundation
import LinearAlgebra
import Neural
import Datasets

/// The `flipbook` command line: thin argument parsing and progress; the work is in the Flipbook module.
@main
struct FlipbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flipbook",
        abstract: "Train small neural networks from scratch and watch them learn.",
        subcommands: [Demo.self],
        defaultSubcommand: Demo.self
    )
}

/// `flipbook demo`: the reference run of the classic tutorials, printed as a training table.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the reference run: circles, 2 → 16 ReLU → 1 sigmoid, full-batch gradient descent, 500 epochs.")

    @Option(help: "Print a table row every N epochs.")
    var every = 50

    func validate() throws {
        guard every >= 1 else { throw ValidationError("--every must be at least 1") }
    }

    func run() throws {
        let config = RunConfig()
        let run: TrainingRun
        do {
            run = try TrainingRun(config: config)
        } catch {
            throw UsageError(error)
        }
        print("Flipbook reference run: \(config.dataset), \(run.dataset.count) samples, network \(run.initialNetwork.sizes.map(String.init).joined(separator: " → ")), \(config.optimizer.rawValue) η=\(config.learningRate), \(config.epochs) epochs")
        print("epoch  train_loss  test_loss  train_acc  test_acc")
        let started = Date()
        let (_, outcome) = try run.fit { snapshot in
            if snapshot.epoch % every == 0 || snapshot.epoch == config.epochs - 1 {
                print(String(format: "%5d  %10.4f  %9.4f  %9.3f  %8.3f", snapshot.epoch, snapshot.train.loss,
                             snapshot.test.loss, snapshot.train.score, snapshot.test.score))
            }
        }
        let seconds = Date().timeIntervalSince(started)
        switch outcome {
        case .completed(let epochs):
            print(String(format: "trained %d epochs in %.2f s", epochs, seconds))
        case .diverged(let epoch):
            print("training diverged at epoch \(epoch): the loss became NaN or infinite; earlier epochs are kept")
        }
    }
}

/// Bad user input: printed as one line on stderr with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let underlying: Error
    init(_ underlying: Error) { self.underlying = underlying }
    var description: String { "\(underlying)" }
}
