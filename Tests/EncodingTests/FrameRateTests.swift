import Testing
import Foundation
import TestSupport
@testable import Encoding
@testable import Render

/// The delays an animation is written with keep the frame rate asked for on average: a GIF's
/// delays are whole hundredths of a second, so a rate that is not a divisor of 100 alternates
/// two delays; a WebP's are whole milliseconds.
@Suite struct FrameRateTests {
    /// `count` frames, each different from the one before, written to a GIF at `fps` with no
    /// final hold; the delays read back.
    private func gifDelays(fps: Int, count: Int) throws -> [Int] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rate.gif").path
        let writer = try GIFWriter(path: path, width: 8, height: 8, fps: fps, finalHoldSeconds: 0)
        let canvas = Canvas(width: 8, height: 8)
        for index in 0..<count {
            canvas[index % 8, index / 8 % 8] = index % 2 == 0 ? Palette.red : Palette.classColor(0)
            writer.append(canvas)
        }
        try writer.finish()
        return try DecodedGIF(Array(Data(contentsOf: URL(fileURLWithPath: path)))).frames.map(\.delay)
    }

    /// The same for a WebP: the frames' durations in milliseconds, read from the `ANMF` chunks.
    private func webPDurations(fps: Int, count: Int) throws -> [Int] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rate.webp").path
        let writer = try WebPWriter(path: path, width: 8, height: 8, fps: fps, finalHoldSeconds: 0)
        let canvas = Canvas(width: 8, height: 8)
        for index in 0..<count {
            canvas[index % 8, index / 8 % 8] = index % 2 == 0 ? Palette.red : Palette.classColor(0)
            writer.append(canvas)
        }
        try writer.finish()
        return try frameDurations(of: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func fortyFramesASecondAlternateTwoAndThreeHundredthsInAGIF() throws {
        #expect(try gifDelays(fps: 40, count: 8) == [3, 2, 3, 2, 3, 2, 3, 2])
    }

    @Test func fortyFramesASecondAreTwentyFiveMillisecondsEachInAWebP() throws {
        #expect(try webPDurations(fps: 40, count: 8) == Array(repeating: 25, count: 8))
    }

    /// Over any number of frames, the GIF's delays add up to the time the frame rate gives, to
    /// within half a hundredth; the WebP's to within half a millisecond.
    @Test(arguments: [1, 3, 7, 20, 24, 30, 40, 45, 50])
    func theAverageFrameRateIsTheOneAskedFor(fps: Int) throws {
        let gif = try gifDelays(fps: fps, count: 37)
        let webP = try webPDurations(fps: fps, count: 37)
        #expect(gif.count == 37 && webP.count == 37)
        /// The largest gap, over the first 1…37 frames, between the time `delays` take and `ticks` a second at `fps`.
        func worstGap(_ delays: [Int], ticks: Double) -> Double {
            (1...delays.count).map { abs(Double(delays.prefix($0).reduce(0, +)) - Double($0) * ticks / Double(fps)) }.max() ?? 0
        }
        #expect(worstGap(gif, ticks: 100) <= 0.5, "GIF at \(fps) fps: \(gif)")
        #expect(worstGap(webP, ticks: 1000) <= 0.5, "WebP at \(fps) fps: \(webP)")
        #expect(gif.allSatisfy { $0 >= 2 }, "no GIF delay under 2 hundredths, which browsers play as 100 ms")
    }

    /// Repeated frames merge into one frame shown for the time of all of them.
    @Test func mergedFramesKeepTheTimeOfEveryFrameTheyStandFor() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gifPath = directory.appendingPathComponent("merged.gif").path
        let webPPath = directory.appendingPathComponent("merged.webp").path
        let gif = try GIFWriter(path: gifPath, width: 8, height: 8, fps: 40, finalHoldSeconds: 0)
        let webP = try WebPWriter(path: webPPath, width: 8, height: 8, fps: 30, finalHoldSeconds: 0)
        let canvas = Canvas(width: 8, height: 8)
        for step in [0, 1, 1, 1, 2, 3, 3] {
            canvas[step, 0] = Palette.red
            gif.append(canvas)
            webP.append(canvas)
        }
        try gif.finish()
        try webP.finish()
        // 40 fps: frames end at 3, 5, 8, 10, 13, 15, 18 hundredths; 30 fps: at 33, 67, 100, 133, 167, 200, 233 ms.
        #expect(try DecodedGIF(Array(Data(contentsOf: URL(fileURLWithPath: gifPath)))).frames.map(\.delay) == [3, 7, 3, 5])
        #expect(try frameDurations(of: Data(contentsOf: URL(fileURLWithPath: webPPath))) == [33, 100, 34, 66])
    }
}

/// The duration of every `ANMF` chunk of an animated WebP file, in milliseconds (24 bits
/// little-endian, after the frame's offset and size).
private func frameDurations(of file: Data) throws -> [Int] {
    let bytes = [UInt8](file)
    func uint(_ at: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    var durations: [Int] = []
    var at = 12
    while at + 8 <= bytes.count {
        let size = uint(at + 4, 4)
        if String(decoding: bytes[at..<at + 4], as: UTF8.self) == "ANMF" { durations.append(uint(at + 20, 3)) }
        at += 8 + size + size % 2
    }
    return durations
}
