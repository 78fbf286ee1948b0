import Encoding

/// A sequence of indexed frames made from a fuzz input, for the encoders' differential targets,
/// with what an independent decoder must show for it.
///
/// Layout of the input: bytes 0–1 and 2–3 the width and height (1…512 each, little-endian modulo
/// 512), byte 4 the colours (2…256), byte 5 bit 0 whether the frames have a transparent index
/// (byte 6 modulo the colours), bytes 7–8 the frame rate (1…`maximumFrameRate`), byte 9 the
/// final hold in hundredths of a second, byte 10 the first frame's colour and the colour table's
/// seed. Then 6 bytes per frame (at most `maximumFrames`): byte 0 modulo 4 is what changes
/// before the frame is added (0 nothing, a repeated frame; 1 a filled rectangle; 2 a rectangle of
/// noise; 3 one pixel), bytes 1–5 where and in which colour.
public struct FrameSequence {
    /// Frame size.
    public let width: Int
    /// Frame size.
    public let height: Int
    /// Frames a second.
    public let fps: Int
    /// Extra time the last frame stays, in hundredths of a second.
    public let holdHundredths: Int
    /// The frames, in order.
    public let frames: [IndexedFrame]
    /// The most frames one input makes.
    public static let maximumFrames = 48

    /// The sequence of `bytes`, at most `maximumFrameRate` frames a second; nil when too short.
    public init?(_ bytes: UnsafeBufferPointer<UInt8>, maximumFrameRate: Int) {
        guard bytes.count >= 11 else { return nil }
        func word(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        width = 1 + word(0) % 512
        height = 1 + word(2) % 512
        let count = 2 + Int(bytes[4]) % 255
        let transparent: UInt8? = bytes[5] & 1 == 1 ? UInt8(Int(bytes[6]) % count) : nil
        fps = 1 + word(7) % maximumFrameRate
        holdHundredths = Int(bytes[9])
        let colors = ColorTable(colors: (0..<count).map { Self.color($0, seed: bytes[10]) }, background: UInt8(Int(bytes[10]) % count))
        /// `value` as an index of the table that is not the transparent one.
        func index(_ value: Int) -> UInt8 {
            let index = value % count
            return UInt8(transparent.map { Int($0) == index } == true ? (index + 1) % count : index)
        }
        var pixels = [UInt8](repeating: index(Int(bytes[10])), count: width * height)
        var frames: [IndexedFrame] = []
        var at = 11
        repeat {
            if at + 6 <= bytes.count {
                let op = Array(bytes[at..<at + 6])
                at += 6
                Self.change(&pixels, op, width: width, height: height, index: index)
            }
            frames.append(IndexedFrame(width: width, height: height, indices: pixels, colors: colors, transparent: transparent))
        } while at + 6 <= bytes.count && frames.count < Self.maximumFrames
        self.frames = frames
    }

    /// Changes `pixels` as `op` says (see the type's layout).
    private static func change(_ pixels: inout [UInt8], _ op: [UInt8], width: Int, height: Int, index: (Int) -> UInt8) {
        let x = Int(op[1]) * width / 256, y = Int(op[2]) * height / 256
        let w = min(width - x, 1 + Int(op[3]) * width / 256), h = min(height - y, 1 + Int(op[4]) * height / 256)
        switch op[0] % 4 {
        case 1:
            for row in y..<y + h { for column in x..<x + w { pixels[row * width + column] = index(Int(op[5])) } }
        case 2:
            var state = UInt64(op[5]) &+ 0x9E37_79B9_7F4A_7C15
            for row in y..<y + h {
                for column in x..<x + w {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    pixels[row * width + column] = index(Int(state >> 40))
                }
            }
        case 3:
            pixels[(Int(op[1]) | Int(op[2]) << 8) % height * width + (Int(op[3]) | Int(op[4]) << 8) % width] = index(Int(op[5]))
        default:
            break
        }
    }

    /// Colour `index` of a table made from `seed` (`0xRRGGBB`).
    private static func color(_ index: Int, seed: UInt8) -> UInt32 {
        var z = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(seed)
        z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return UInt32(truncatingIfNeeded: z >> 24) & 0xFF_FFFF
    }

    /// What a viewer must see: each run of identical consecutive frames once, as its frame and
    /// the ticks it shows (of `ticksPerSecond`): frame `i` starts at `i / fps` seconds rounded to
    /// the nearest tick (halves up), the last run is held `holdHundredths` longer.
    public func shown(ticksPerSecond: Int) -> [(frame: IndexedFrame, duration: Int)] {
        func start(_ i: Int) -> Int { Int((Double(i) * Double(ticksPerSecond) / Double(fps)).rounded(.toNearestOrAwayFromZero)) }
        var runs: [(first: Int, frame: IndexedFrame)] = []
        for (i, frame) in frames.enumerated() where runs.last?.frame.indices != frame.indices { runs.append((i, frame)) }
        return runs.indices.map { k in
            let end = k + 1 < runs.count ? start(runs[k + 1].first) : start(frames.count) + holdHundredths * ticksPerSecond / 100
            return (runs[k].frame, end - start(runs[k].first))
        }
    }

    /// A one-line description for a failure message.
    public var summary: String {
        "\(frames.count) frames of \(width)×\(height), \(frames[0].colors.count) colours, transparent \(frames[0].transparent.map(String.init) ?? "none"), \(fps) fps, hold \(holdHundredths)/100 s"
    }
}

/// Stops the fuzzer with `message` when `condition` is false: a difference is a finding.
/// (`fatalError`, which prints its message in release builds, where `precondition` does not.)
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("encoder differential: \(message())") }
}
