import Encoding
import Foundation
import Neural
import Render

/// Which epochs the animations show (`--frames`), and how each animation is held to the byte
/// budget (`--max-bytes`): motion before size (`SizeBudget.next`), never a file over it.
extension RunRenderer {
    /// The frame epochs the animations show: those given, or `--frames` (default every recorded
    /// epoch up to `PictureSettings.defaultFrameLimit`, that many beyond) chosen where the
    /// picture changes. With a budget, first checks that the smallest animation fits it.
    func shownFrames(_ animations: [Animation], progress: ProgressReporter) throws -> [Int] {
        if let animationFrames { return animationFrames }
        if let budget = pictures.maxBytes, !animations.isEmpty { try refuseImpossible(budget) }
        let limit = PictureSettings.defaultFrameLimit
        return try chosenFrames(pictures.frames ?? (frames.count <= limit ? frames.count : limit))
    }

    /// `count` of the recorded frame epochs (all when they are no more), always the first, the
    /// key epochs and the last, spaced by how far the picture moved (`FrameChoice`).
    func chosenFrames(_ count: Int) throws -> [Int] {
        guard count < frames.count else { return frames }
        let movement = try self.movement.values {
            store.run.model == .field ? try storedFieldMovement(of: frames)
                : try PictureChange(scene: scene).movement(of: frames, scene: scene, networks: networks(at:))
        }
        let position = Dictionary(frames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let required = Set(keyIndices.compactMap { position[$0] })
        return FrameChoice.indices(count: count, movement: movement, required: required).map { frames[$0] }
    }

    /// Finishes `file`; an animation over the budget is drawn again with the budget's next step
    /// (fewer frames or a smaller panel) until it fits. Says in one line what it chose.
    func finishWithinBudget(_ file: AnimationFile, shown: [Int], progress: ProgressReporter) throws -> [Output] {
        do {
            let outputs = try file.finish()
            if let budget = pictures.maxBytes {
                progress.note("\(file.name): \(shown.count) of \(frames.count) recorded epochs at \(pictures.size) px, within \(SizeBudget.describe(budget))")
            }
            return outputs
        } catch let over as ByteLimitExceeded {
            guard let budget = pictures.maxBytes else { throw over }
            var again = self
            again.onlyAnimations = [file.name]
            again.writesStills = false
            var attempt = SizeBudget.Attempt(frames: shown.count, size: pictures.size)
            while let next = SizeBudget.next(after: attempt, bytes: over.bytes, budget: budget, recorded: frames.count,
                                             smallest: min(pictures.size, SizeBudget.smallestSize)) {
                // The key epochs are always shown: fewer frames than they number cannot be chosen.
                let chosen = next.frames < shown.count ? try chosenFrames(next.frames) : shown
                if chosen.count < shown.count || next.size < pictures.size {
                    (again.animationFrames, again.pictures.size) = (chosen, next.size)
                    return try again.render(progress: NotesOnly(progress))
                }
                attempt = next
            }
            throw OutputError(path: over.path, "is \(SizeBudget.describe(over.bytes)) at its fewest frames and smallest size, over the budget of \(SizeBudget.describe(budget))")
        }
    }

    /// Refuses a budget under what the smallest animation of this run takes: each animation is
    /// drawn with the fewest frames at the smallest panel into a scratch directory and measured.
    func refuseImpossible(_ budget: Int) throws {
        let smallest = try smallestBudget()
        guard budget >= smallest else {
            let fewest = min(SizeBudget.leastFrames, frames.count)
            throw SizeBudget.tooSmall(budget, smallest: smallest, drawing: "this run can make (\(fewest) frames at \(min(pictures.size, SizeBudget.smallestSize)) pixels)")
        }
    }

    /// The bytes of the largest animation file drawn with the fewest frames at the smallest panel.
    func smallestBudget() throws -> Int {
        var probe = self
        probe.pictures.size = min(pictures.size, SizeBudget.smallestSize)
        probe.pictures.maxBytes = nil
        probe.writesStills = false
        probe.animationFrames = try chosenFrames(min(SizeBudget.leastFrames, frames.count))
        return try SizeBudget.largestAnimation { scratch in
            probe.directory = scratch
            return try probe.render(progress: SilentProgress())
        }
    }
}

/// How far the picture moves between recorded epochs, measured once by whoever first needs it.
final class MovementCache: @unchecked Sendable {
    private let lock = NSLock()
    private var measured: [Double]?

    /// The movement, measured by `measure` the first time.
    func values(_ measure: () throws -> [Double]) throws -> [Double] {
        try lock.withLock {
            if let measured { return measured }
            let values = try measure()
            measured = values
            return values
        }
    }
}

/// Passes on a reporter's notes only (a budget's redraw says what it chose, not its progress).
struct NotesOnly: ProgressReporter {
    let base: ProgressReporter
    init(_ base: ProgressReporter) { self.base = base }
    func begin(_ stage: String, total: Int) {}
    func advance(_ done: Int) {}
    func end(_ summary: String) {}
    func note(_ message: String) { base.note(message) }
}
