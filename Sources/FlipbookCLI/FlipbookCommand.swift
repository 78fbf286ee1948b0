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

    /// Runs the command; bad input of any kind (flags, settings, files) prints one line on
    /// stderr and exits with status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as SettingError {
            fail(error)
        } catch let error as DatasetError {
            fail(error)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure { fail(message(for: error) + " (see 'flipbook help')") }
            exit(withError: error)
        }
    }

    private static func fail(_ problem: CustomStringConvertible) -> Never {
        FileHandle.standardError.write(Data("flipbook: \(problem)\n".utf8))
        Foundation.exit(2)
    }
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
        let run = try TrainingRun(config: config)
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
