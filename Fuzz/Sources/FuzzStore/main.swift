// Fuzz target `store`: the input bytes as the frames.sqlite of a run directory, whose every output
// is then drawn from the store alone (Pipeline.render, as `flipbook render` does, at a 160-pixel
// panel size so one execution stays fast). A thrown error is a correct answer; a trap is a finding.
import Flipbook
import FuzzSupport

private let scratch = Scratch("store")

runLibFuzzer { data, count in
    guard let start = data else { return 0 }
    defer { scratch.empty() }
    scratch.write(UnsafeBufferPointer(start: start, count: count), to: "frames.sqlite")
    do {
        try Pipeline.render(RunDirectory(path: scratch.path), pictures: PictureSettings(size: 160), progress: SilentProgress())
    } catch {
        _ = "\(error)"
    }
    return 0
}
