import ArgumentParser
import Flipbook
import Foundation

/// `flipbook datasets`: the built-in data sets.
struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in data sets.")

    func run() {
        for (name, summary) in DatasetCatalog.entries {
            StandardStreams.out(name.padding(toLength: 15, withPad: " ", startingAt: 0) + summary + "\n")
        }
    }
}
