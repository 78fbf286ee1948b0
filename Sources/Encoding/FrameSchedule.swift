/// When each frame of an animation at a steady frame rate starts, on a clock of whole ticks (a
/// GIF's hundredths of a second, a WebP's milliseconds): frame `i` starts at `i / fps` seconds
/// rounded to the nearest tick, and shows until the next one starts. A rate that does not divide
/// the clock alternates two durations (40 fps in hundredths: 3, 2, 3, 2, …), so that any run of
/// frames, and any frames merged into one, last within half a tick of what the rate gives.
public struct FrameSchedule: Sendable, Equatable {
    /// Frames per second.
    public let fps: Int
    /// Ticks of the clock per second: 100 for a GIF, 1000 for a WebP.
    public let ticksPerSecond: Int

    /// The schedule of `fps` frames a second on a clock of `ticksPerSecond`; every frame lasts at
    /// least one tick (`fps` at most `ticksPerSecond`).
    public init(fps: Int, ticksPerSecond: Int) {
        precondition(ticksPerSecond > 0 && (1...ticksPerSecond).contains(fps), "FrameSchedule needs 1…\(ticksPerSecond) frames a second")
        (self.fps, self.ticksPerSecond) = (fps, ticksPerSecond)
    }

    /// The tick at which frame `index` (from 0) starts: `index / fps` seconds, halves rounded up.
    public func start(ofFrame index: Int) -> Int {
        (2 * index * ticksPerSecond + fps) / (2 * fps)
    }

    /// The ticks frame `index` is shown for.
    public func duration(ofFrame index: Int) -> Int {
        start(ofFrame: index + 1) - start(ofFrame: index)
    }
}
