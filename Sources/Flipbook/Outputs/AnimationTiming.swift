import Encoding

/// How long an animation's frames show, from `--fps`, `--hold` and `--duration`; every format of
/// an animation (GIF, WebP, MP4) is written with the same timing.
///
/// Without `--duration`, each frame shows `1/fps` seconds, a key epoch's `--hold` seconds more,
/// and the last frame `finalPause` more: the length follows from the frames. With
/// `--duration D`, the length is `D`: the holds and the last frame's pause keep their seconds,
/// and the frames share the rest evenly, never faster than `--fps` — so at most
/// `(D − holds − pause) × fps` frames are shown (fewer than `--frames` or the default would
/// give, chosen where the picture changes most), and frames that are fewer than that show longer.
/// A duration that cannot hold the frames every animation must show (the key epochs, the first
/// and the last) at `--fps` after its holds and pause is refused.
struct AnimationTiming {
    /// The pause on the last frame, in seconds, beyond its time and its hold.
    static let finalPause = 2.0

    /// The picture settings that time the animations.
    let pictures: PictureSettings

    /// Seconds in hundredths, the clock every format keeps (as the encoders round them).
    private static func hundredths(_ seconds: Double) -> Int {
        Int((seconds * 100).rounded(.toNearestOrAwayFromZero))
    }

    /// The hundredths the frames themselves share when `held` of them are held: the duration
    /// less the holds and the last frame's pause; nil without `--duration`.
    private func movingHundredths(held: Int) -> Int? {
        pictures.duration.map { Self.hundredths($0) - held * Self.hundredths(pictures.hold) - Self.hundredths(Self.finalPause) }
    }

    /// The most frames `--duration` leaves room for at `--fps` when `held` of them are held
    /// (possibly fewer than 1); nil without a duration.
    func mostFrames(held: Int) -> Int? {
        movingHundredths(held: held).map { $0 <= 0 ? 0 : $0 * pictures.fps / 100 }
    }

    /// Refuses a duration that cannot show `least` frames (those every animation must show),
    /// `held` of them held, at `--fps`.
    func check(leastFrames least: Int, held: Int) throws(SettingError) {
        guard let most = mostFrames(held: held), most < least else { return }
        let moving = (100 * least + pictures.fps - 1) / pictures.fps
        let needed = Double(held * Self.hundredths(pictures.hold) + Self.hundredths(Self.finalPause) + moving) / 100
        var parts = ["\(least) frames at \(pictures.fps) fps (\((Double(moving) / 100).formatted) s)"]
        if held > 0, pictures.hold > 0 { parts.append("\(held) holds of \(pictures.hold.formatted) s") }
        parts.append("the last frame's \(Self.finalPause.formatted) s pause")
        throw SettingError(\PictureSettings.duration, in: pictures,
                           expected: "at least \(needed.formatted) s for " + parts.joined(separator: ", ")
                           + " (fewer frames cannot be shown: the key epochs, the first and the last; a higher --fps or a shorter --hold needs less)")
    }

    /// The pace of an animation of `count` frames, `held` of them held: `--fps`, or with
    /// `--duration` the frames spread over what the holds and the pause leave (`count` at most
    /// `mostFrames(held:)`).
    func pace(frames count: Int, held: Int) -> FramePace {
        guard let moving = movingHundredths(held: held), count > 0, moving * pictures.fps >= 100 * count else {
            return .steady(pictures.fps)
        }
        return FramePace(fps: pictures.fps, hundredths: moving, frames: count)
    }
}
