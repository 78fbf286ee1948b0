import Foundation

/// The chunks of an animated WebP file (Google's "WebP Container Specification"): a `VP8X`
/// header announcing an animation with alpha, an `ANIM` chunk (background colour, endless
/// loop), then one `ANMF` chunk per frame: its offset, size, duration, blending, and its lossless
/// bitstream. A frame's duration is known when the next frame starts, so each frame waits for it.
struct WebPAnimation {
    private let width: Int
    private let height: Int
    private let background: RGB
    private var frames = Data()
    private var pending: (bitstream: Data, rect: Rect, blended: Bool, start: Int)?

    init(width: Int, height: Int, background: RGB) {
        (self.width, self.height, self.background) = (width, height, background)
    }

    /// Adds a frame showing `bitstream` (a `VP8L` chunk) at `rect` (even corner) from `start`
    /// milliseconds; `blended` frames are drawn over the previous one through their transparency,
    /// the others replace what they cover. Nothing is disposed.
    mutating func add(_ bitstream: Data, at rect: Rect, blended: Bool, startingAt start: Int) {
        closePending(at: start)
        pending = (bitstream, rect, blended, start)
    }

    /// The whole file, the last frame shown until `end` milliseconds.
    mutating func file(endingAt end: Int) -> Data {
        closePending(at: end)
        var header = Data([0x10 | 0x02, 0, 0, 0])  // flags: alpha, animation; then reserved
        header.append(uint24: width - 1)
        header.append(uint24: height - 1)
        var anim = Data([background.b, background.g, background.r, 0xFF])
        anim.append(contentsOf: [0, 0])          // loop forever
        var body = Data("WEBP".utf8)
        body.append(Self.chunk("VP8X", header))
        body.append(Self.chunk("ANIM", anim))
        body.append(frames)
        var file = Data("RIFF".utf8)
        file.append(uint32: body.count)
        file.append(body)
        return file
    }

    /// Writes the waiting frame's chunk, shown until `end`.
    private mutating func closePending(at end: Int) {
        guard let frame = pending else { return }
        pending = nil
        var payload = Data()
        payload.append(uint24: frame.rect.x / 2)
        payload.append(uint24: frame.rect.y / 2)
        payload.append(uint24: frame.rect.width - 1)
        payload.append(uint24: frame.rect.height - 1)
        payload.append(uint24: min(end - frame.start, 0xFF_FFFF))
        payload.append(frame.blended ? 0 : 0x02)  // bit 1: do not blend; bit 0 (dispose) clear
        payload.append(frame.bitstream)
        frames.append(Self.chunk("ANMF", payload))
    }

    /// A RIFF chunk: its four-character code, its size, its payload padded to an even size.
    private static func chunk(_ fourCC: String, _ payload: Data) -> Data {
        var chunk = Data(fourCC.utf8)
        chunk.append(uint32: payload.count)
        chunk.append(payload)
        if payload.count % 2 == 1 { chunk.append(0) }
        return chunk
    }
}

private extension Data {
    mutating func append(uint24 value: Int) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)])
    }

    mutating func append(uint32 value: Int) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)])
    }
}
