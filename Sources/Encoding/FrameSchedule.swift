/// How long the frames of an animation show, before any hold: `1/fps` seconds each at a steady
/// rate, or a length spread evenly over a number of frames (`--duration`), never faster than
/// `fps`. The length is in hundredths of a second, the clock every format can keep.
public struct FramePace: Sendable, Equatable {
    /// The frame rate the frames never exceed: the rate of a steady pace, a video's frame rate.
    public let fps: Int
    /// Hundredths of a second that `frames` frames take together.
    public let hundredths: Int
    /// The frames `hundredths` is spread over.
    public let frames: Int

    /// `fps` frames a second, each `1/fps` seconds.
    public static func steady(_ fps: Int) -> FramePace { FramePace(fps: fps, hundredths: 100, frames: fps) }

    /// `frames` frames spread over `hundredths` hundredths of a second, none shorter than a
    /// frame at `fps` (`hundredths × fps ≥ 100 × frames`).
    public init(fps: Int, hundredths: Int, frames: Int) {
        precondition(fps > 0 && frames > 0 && hundredths > 0 && hundredths * fps >= 100 * frames,
                     "FramePace: \(frames) frames in \(hundredths) hundredths is faster than \(fps) fps")
        (self.fps, self.hundredths, self.frames) = (fps, hundredths, frames)
    }
}

/// When each frame of an animation starts, on a clock of whole ticks (a GIF's hundredths of a
/// second, a WebP's milliseconds, a video's frames): frame `i` starts at `i` frame times (its
/// `FramePace`) rounded to the nearest tick, and shows until the next one starts. A frame time
/// that is not a whole number of ticks alternates two durations (40 fps in hundredths: 3, 2, 3,
/// 2, …), so that any run of frames, and any frames merged into one, last within half a tick
/// of what the pace gives.
public struct FrameSchedule: Sendable, Equatable {
    /// How long frames show.
    public let pace: FramePace
    /// Ticks of the clock per second: 100 for a GIF, 1000 for a WebP.
    public let ticksPerSecond: Int

    /// The schedule of `pace` on a clock of `ticksPerSecond`; every frame lasts at least one
    /// tick (`pace.fps` at most `ticksPerSecond`).
    public init(pace: FramePace, ticksPerSecond: Int) {
        precondition(ticksPerSecond > 0 && (1...ticksPerSecond).contains(pace.fps), "FrameSchedule needs 1…\(ticksPerSecond) frames a second")
        (self.pace, self.ticksPerSecond) = (pace, ticksPerSecond)
    }

    /// The schedule of `fps` frames a second on a clock of `ticksPerSecond`.
    public init(fps: Int, ticksPerSecond: Int) {
        self.init(pace: .steady(fps), ticksPerSecond: ticksPerSecond)
    }

    /// The tick at which frame `index` (from 0) starts: its time in ticks, halves rounded up.
    public func start(ofFrame index: Int) -> Int {
        let numerator = index * pace.hundredths * ticksPerSecond, denominator = 100 * pace.frames
        return (2 * numerator + denominator) / (2 * denominator)
    }

    /// The ticks frame `index` is shown for.
    public func duration(ofFrame index: Int) -> Int {
        start(ofFrame: index + 1) - start(ofFrame: index)
    }
}
