import Testing
import Foundation
import TestSupport
@testable import Flipbook

/// `--hold` and `--loop`: animations made for talks, read back from the files `flipbook` writes.
@Suite struct TalkAnimationTests {
    /// Every key epoch's frame of every animation holds `--hold` seconds longer (the last its 2 s
    /// more besides), the other frames keep the frame rate, and `--loop once` plays once.
    @Test func keyEpochsHoldAndTheAnimationPlaysOnce() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "r", "--epochs", "12", "--samples", "60", "--size", "160", "--key-epochs", "0,5,11",
                                   "--views", "boundary,loss", "--hold", "1.5", "--loop", "once", "--fps", "10", "-q"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["decision_boundary.gif", "training.gif", "loss.gif"] {
            let gif = try DecodedGIF(Array(try Data(contentsOf: directory.appendingPathComponent("r/\(name)"))))
            #expect(gif.loopCount == nil, "\(name) plays once")
            // 12 frames at 10 fps; a repeated frame would merge into the one before (none here is).
            let delays = gif.frames.map(\.delay)
            #expect(delays.count == 12, "\(name): \(delays)")
            #expect(delays.enumerated().allSatisfy { index, delay in
                delay == 10 + ([0, 5, 11].contains(index) ? 150 : 0) + (index == 11 ? 200 : 0)
            }, "\(name): \(delays)")
        }
    }

    /// By default nothing is held and the animations loop for ever, as before these flags.
    @Test func byDefaultNothingIsHeldAndTheAnimationsLoop() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "r", "--epochs", "6", "--samples", "60", "--size", "160", "--views", "loss", "--fps", "10", "-q"],
                                  in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let gif = try DecodedGIF(Array(try Data(contentsOf: directory.appendingPathComponent("r/loss.gif"))))
        #expect(gif.loopCount == 0 && gif.frames.map(\.delay) == [10, 10, 10, 10, 10, 10 + 200])
    }

    /// `--loop` reads its text as other numbers are read, spaces around it allowed.
    @Test func aLoopCountIsReadLikeOtherNumbers() throws {
        var config = RunConfig()
        try config.apply("loop", " 3 ")
        #expect(config.pictures.loop == .times(3))
        try config.apply("loop", " once")
        #expect(config.pictures.loop == .times(1))
    }

    @Test(arguments: [(["--loop", "0"], "flipbook: invalid loop '0': expected forever, once or a number of plays from 1 to 65,535"),
                      (["--loop", "twice"], "flipbook: invalid loop 'twice': expected forever, once or a number of plays from 1 to 65,535"),
                      (["--hold", "-1"], "flipbook: invalid hold '-1': expected a number from 0 to 600")])
    func badHoldsAndLoopsAreRefused(flags: [String], message: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try flipbook(["run", "--out", "r", "--epochs", "2"] + flags, in: directory)
        #expect(result.status == 2 && result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r").path), "nothing written")
    }
}
