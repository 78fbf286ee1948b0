import Testing
import Foundation
import TestSupport
@testable import Encoding
@testable import Render

/// `MP4Writer`: H.264 in MP4 through FFmpeg's libraries, read back by Debian's ffprobe and ffmpeg.
@Suite struct MP4WriterTests {
    /// Writes four frames (the first held `hold` seconds, the third a repeat of the second) of
    /// `width × height` at `pace` as `format`, the last held 2 s; returns the path.
    static func write(_ format: AnimationFileFormat, width: Int, height: Int, pace: FramePace, hold: Double,
                      in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("clip.\(format.fileExtension)").path
        let writer = try format.writer(path: path, width: width, height: height, pace: pace, finalHoldSeconds: 2)
        let canvas = Canvas(width: width, height: height)
        canvas.fill(Rect(x: 0, y: 0, width: width, height: height), Palette.classColor(1))
        writer.append(canvas, holdingFor: hold)
        canvas.fill(Rect(x: 0, y: 0, width: width / 2, height: height / 2), Palette.classColor(0))
        writer.append(canvas)
        writer.append(canvas)
        canvas.fill(Rect(x: width - 8, y: height - 8, width: 8, height: 8), Palette.red)
        writer.append(canvas)
        try writer.finish(byteLimit: nil)
        return path
    }

    /// An odd-sized animation becomes an even-sized yuv420p H.264 video at a constant frame rate,
    /// its index before its data, as long as the GIF of the same frames, a keyframe where a
    /// frame is held (and none where only the last frame's pause starts); the extra column and
    /// row repeat the edge.
    @Test(arguments: [FramePace.steady(10), FramePace(fps: 20, hundredths: 130, frames: 4)])
    func aVideoKeepsTheGIFsTimingAndHoldsWithKeyframes(pace: FramePace) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mp4 = try Self.write(.mp4, width: 97, height: 61, pace: pace, hold: 1.5, in: directory)
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: try Self.write(.gif, width: 97, height: 61, pace: pace,
                                                                                                  hold: 1.5, in: directory)))))
        let video = try VideoProbe(mp4)
        #expect(video.codec == "h264" && video.pixelFormat == "yuv420p")
        #expect(video.width == 98 && video.height == 62)
        #expect(video.frameRate == Double(pace.fps) && video.averageFrameRate == Double(pace.fps))
        #expect(Set(video.frameDurations).count == 1, "constant frame rate: \(video.frameDurations)")
        let gifSeconds = Double(gif.frames.map(\.delay).reduce(0, +)) / 100
        #expect(abs(video.duration - gifSeconds) < 1e-6, "video \(video.duration) s, GIF \(gifSeconds) s")
        #expect(video.keyframes.count == Int((gifSeconds * Double(pace.fps)).rounded()))
        // Held: the first frame (its 1.5 s) is a keyframe, its repeats are not; nor is the last
        // frame's pause (its picture differs little from the one before).
        let held = (2 * gif.frames[0].delay * pace.fps + 100) / 200
        let last = video.keyframes.count - (2 * (gif.frames.last!.delay) * pace.fps + 100) / 200
        #expect(video.keyframes[0] && !video.keyframes[1..<held].contains(true) && !video.keyframes[last], "\(video.keyframes)")
        let (moov, mdat) = (try #require(try VideoProbe.boxOffset("moov", in: mp4)), try #require(try VideoProbe.boxOffset("mdat", in: mp4)))
        #expect(moov < mdat, "+faststart: the index before the data")
        let final = try #require(try VideoProbe.decodedFrames(mp4, width: 98, height: 62).last)
        // The red square in the bottom-right corner reaches the added column and row.
        let corner = final[(61 * 98 + 97) * 3..<(61 * 98 + 97) * 3 + 3]
        #expect(corner[corner.startIndex] > 180 && corner[corner.startIndex + 1] < 90, "padding repeats the edge: \(Array(corner))")
    }

    /// A file over its byte limit is not written; a folder that does not exist is refused when
    /// the writer is made, with the path in one line.
    @Test func limitsAndUnwritablePathsLeaveNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.mp4").path
        let writer = try MP4Writer(path: path, width: 64, height: 64, pace: .steady(10))
        let canvas = Canvas(width: 64, height: 64)
        for step in 0..<5 {
            canvas.fill(Rect(x: step * 8, y: 0, width: 8, height: 64), Palette.classColor(step))
            writer.append(canvas)
        }
        #expect(throws: ByteLimitExceeded.self) { try writer.finish(byteLimit: 100) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "nothing left, not even a partial file")
        #expect(throws: FileWriteError.self) { try MP4Writer(path: directory.appendingPathComponent("no/such.mp4").path, width: 8, height: 8, pace: .steady(10)) }
    }

    /// A length spread over frames: their starts land on the nearest tick, every frame lasts at
    /// least a frame at the pace's rate, and they end exactly at the length.
    @Test func aPaceSpreadsALengthOverTheFrames() {
        let schedule = FrameSchedule(pace: FramePace(fps: 20, hundredths: 2650, frames: 40), ticksPerSecond: 100)
        let durations = (0..<40).map(schedule.duration(ofFrame:))
        #expect(Set(durations) == [66, 67] && durations.reduce(0, +) == 2650)
        #expect(FrameSchedule(pace: .steady(40), ticksPerSecond: 100).duration(ofFrame: 0) == 3)
        #expect(FrameSchedule(pace: FramePace(fps: 10, hundredths: 100, frames: 10), ticksPerSecond: 1000).start(ofFrame: 7) == 700)
    }
}
