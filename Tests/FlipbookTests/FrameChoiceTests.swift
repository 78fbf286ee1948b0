import Testing
import Foundation
import FrameStore
import TestSupport
@testable import Flipbook

@Suite struct FrameChoiceTests {
    /// A field that moves during the first 100 of 1000 recorded epochs and stands still after:
    /// most of 50 frames go to the first 100, a few to the plateau, first and last included.
    @Test func framesGoWhereTheFieldMoves() {
        let movement = (0..<1000).map { $0 < 100 ? 1.0 : 0.0 }
        let chosen = FrameChoice.indices(count: 50, movement: movement)
        #expect(chosen.count == 50)
        #expect(chosen == chosen.sorted() && Set(chosen).count == 50)
        #expect(chosen.first == 0 && chosen.last == 999)
        let moving = chosen.filter { $0 < 100 }.count
        #expect(moving >= 35, "only \(moving) of 50 frames where the field moves")
        #expect(chosen.filter { $0 >= 100 }.count >= 3, "the plateau keeps a few frames")
    }

    /// A field that moves evenly gets evenly spaced frames; required positions are always in.
    @Test func evenMovementGivesEvenFramesAndRequiredOnesStay() {
        let chosen = FrameChoice.indices(count: 11, movement: Array(repeating: 2, count: 101))
        #expect(chosen == Array(stride(from: 0, through: 100, by: 10)))
        let withKeys = FrameChoice.indices(count: 5, movement: Array(repeating: 1, count: 101), required: [37, 48])
        #expect(withKeys.count == 5 && withKeys.contains(37) && withKeys.contains(48))
        #expect(FrameChoice.indices(count: 2, movement: Array(repeating: 1, count: 10), required: [3, 4, 5]) == [0, 3, 4, 5, 9])
        #expect(FrameChoice.indices(count: 40, movement: Array(repeating: 1, count: 10)) == Array(0..<10))
        #expect(FrameChoice.indices(count: 3, movement: []) == [])
    }

    /// Recorded positions may be fractional epochs (snapshots inside an epoch): the choice works
    /// on their order and movement alone, and maps back to the positions.
    @Test func fractionalPositionsAreChosenTheSameWay() {
        let positions = (0..<200).map { Double($0) / 10 }          // epochs 0.0, 0.1, …, 19.9
        let movement = positions.map { $0 < 2 ? 5.0 : 0.1 }
        let chosen = FrameChoice.indices(count: 20, movement: movement).map { positions[$0] }
        #expect(chosen.first == 0 && chosen.last == 19.9)
        #expect(chosen.filter { $0 < 2 }.count > chosen.filter { $0 >= 2 }.count)
    }

    /// Non-finite or negative movements count as none rather than breaking the choice.
    @Test func hostileMovementsCountAsNone() {
        let chosen = FrameChoice.indices(count: 4, movement: [0, .nan, -5, .infinity, 1, 1, 1, 1])
        #expect(chosen.count == 4 && chosen.first == 0 && chosen.last == 7)
    }

    @Test func budgetsReadBytesKilobytesAndMegabytes() throws {
        #expect(try SizeBudget.bytes(parsing: "5MB") == 5_000_000)
        #expect(try SizeBudget.bytes(parsing: "2.5 MB") == 2_500_000)
        #expect(try SizeBudget.bytes(parsing: "800kB") == 800_000)
        #expect(try SizeBudget.bytes(parsing: "250000") == 250_000)
        for bad in ["", "MB", "-5MB", "5GB", "999", "1e300", "nan", "+5MB", "five"] {
            #expect(throws: SettingError.self, "\(bad)") { try SizeBudget.bytes(parsing: bad) }
        }
    }

    /// A budget far out of reach walks every step, motion before size: frames down to 50, then
    /// the size down to 240 px, then frames down to 12, then no step is left.
    @Test func aBudgetKeepsMotionBeforeSize() {
        var attempt = SizeBudget.Attempt(frames: 500, size: 480)
        var steps: [SizeBudget.Attempt] = []
        while let next = SizeBudget.next(after: attempt, bytes: 100_000_000, budget: 1000, recorded: 500, smallest: 240) {
            #expect(next.frames < attempt.frames || next.size < attempt.size, "each step is smaller")
            steps.append(next)
            attempt = next
        }
        let shrinks = steps.firstIndex { $0.size < 480 } ?? steps.count
        #expect(steps.prefix(shrinks).last?.frames == 50, "\(steps)")
        #expect(steps[shrinks...].first { $0.size == 240 }?.frames == 50, "\(steps)")
        #expect(steps.last == SizeBudget.Attempt(frames: 12, size: 240), "\(steps)")
        // Fewer recorded frames than 50: none is cut before the size shrinks.
        #expect(SizeBudget.next(after: .init(frames: 30, size: 480), bytes: 10_000_000, budget: 1000, recorded: 30, smallest: 240)?.frames == 30)
        // A budget just missed takes a frame or two away, not the size.
        #expect(SizeBudget.next(after: .init(frames: 500, size: 480), bytes: 1010, budget: 1000, recorded: 500, smallest: 240)
                == SizeBudget.Attempt(frames: 445, size: 480))
    }

    @Test func reportPairsLightAndDarkInPictureElements() {
        let files = ["decision_boundary.gif", "decision_boundary.dark.gif", "decision_boundary.webp", "decision_boundary.dark.webp",
                     "decision_boundary.poster.png", "decision_boundary.poster.dark.png", "loss_curve.png", "loss_curve.dark.png"]
        let markdown = PictureMarkup.sections(files).joined(separator: "\n")
        #expect(markdown.contains("<source media=\"(prefers-color-scheme: dark)\" srcset=\"decision_boundary.dark.gif\">"))
        #expect(markdown.contains("<img alt=\"decision_boundary.gif\" src=\"decision_boundary.gif\">"))
        #expect(markdown.contains("[decision_boundary.poster.png](decision_boundary.poster.png)"))
        #expect(markdown.contains("[decision_boundary.webp](decision_boundary.webp)"))
        #expect(markdown.contains("srcset=\"loss_curve.dark.png\""))
        #expect(!markdown.contains("![decision_boundary.webp]"), "the WebP is linked, not embedded a second time")
    }
}

@Suite struct PictureChangeTests {
    /// A real run whose learning rate drops to 1 % for its last quarter (`--lr-schedule step`):
    /// its decision field hardly moves there, so 20 chosen frames crowd the first epochs, where
    /// it moves most, and leave few to the last quarter; the key epochs are all in.
    @Test func chosenFramesFollowTheFieldOfARealRun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = RunConfig()
        config.samples = 200
        config.epochs = 120
        try config.apply("lr-schedule", "step")
        let run = RunDirectory(path: directory.appendingPathComponent("run").path)
        _ = try Pipeline.train(config, into: run, progress: SilentProgress())
        let store = try FrameStore.open(at: run.store.path)
        let subject = try RunSubject(directory: run, store: store, pictures: PictureSettings(), keyEpochs: [0, 57, 119])
        let movement = try PictureChange(scene: subject.scene).movement(of: store.frameEpochs, scene: subject.scene,
                                                                        networks: subject.networks(at:))
        #expect(movement[1...30].reduce(0, +) > 20 * movement[90...].reduce(0, +), "the field moves far more early than late")
        let chosen = try subject.chosenFrames(20).compactMap(\.endOfEpoch)
        #expect(chosen.count == 20 && [0, 57, 119].allSatisfy(chosen.contains))
        let early = chosen.filter { $0 < 30 }.count, late = chosen.filter { $0 >= 90 }.count
        #expect(early >= 8 && late <= 3, "early \(early), late \(late): \(chosen)")
    }
}
