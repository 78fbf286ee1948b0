// Fuzz target `config`: the input bytes as a JSON file read by RunConfig.load(path:), then validated.
// A thrown error is a correct answer; a trap is a finding.
import Flipbook
import FuzzSupport

private let scratch = Scratch("config")

runLibFuzzer { data, count in
    guard let start = data else { return 0 }
    defer { scratch.empty() }
    let path = scratch.write(UnsafeBufferPointer(start: start, count: count), to: "config.json")
    do {
        let config = try RunConfig.load(path: path)
        try config.validate()
        _ = config.resolvedKeyEpochs
        _ = config.json()
    } catch {
        _ = "\(error)"
    }
    return 0
}
