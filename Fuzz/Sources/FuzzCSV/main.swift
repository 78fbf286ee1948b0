// Fuzz target `csv`: the input bytes as a file read by CSVReader.read(path:); a table that reads
// is then split and standardised as a run would. A thrown error is a correct answer; a trap is a finding.
import Datasets
import FuzzSupport

private let scratch = Scratch("csv")

runLibFuzzer { data, count in
    guard let start = data else { return 0 }
    defer { scratch.empty() }
    let path = scratch.write(UnsafeBufferPointer(start: start, count: count), to: "input.csv")
    let dataset: Dataset
    do {
        dataset = try CSVReader.read(path: path)
        _ = dataset.notes.map(\.description)
    } catch {
        _ = "\(error)"
        return 0
    }
    do {
        let split = try dataset.split(testFraction: 0.2, seed: 0)
        let standardization = Standardization(fittedTo: split.train.features)
        _ = standardization.apply(split.test.features)
    } catch {
        _ = "\(error)"
    }
    return 0
}
