import Foundation

/// An animated WebP file (Google's "WebP Container Specification") streamed to an open file: the
/// RIFF header with a placeholder size, a `VP8X` header announcing an animation with alpha, an
/// `ANIM` chunk (background colour, loop count), then one `ANMF` chunk per frame (its offset,
/// size, duration, blending, and its lossless bitstream) written as it comes. `finish` goes back
/// and writes the RIFF size, the one field that waits for the end. Only the chunk being written
/// is held in memory.
struct WebPAnimation {
    private let width: Int
    private let height: Int
    private let loop: AnimationLoop
    private let stream: UnsafeMutablePointer<FILE>
    /// Bytes written so far.
    private(set) var bytes = 0
    /// The first failed write's error number, 0 while every write succeeded.
    private(set) var failed: Int32 = 0
    private var headerWritten = false

    /// An animation of `width × height`, played `loop` times, written to `stream`, which is at its start.
    init(width: Int, height: Int, loop: AnimationLoop, stream: UnsafeMutablePointer<FILE>) {
        (self.width, self.height, self.loop, self.stream) = (width, height, loop, stream)
    }

    /// Writes the file's header, `background` (`0xRRGGBB`) its background colour; once, before the first frame.
    mutating func writeHeader(background: UInt32) {
        precondition(!headerWritten, "WebPAnimation: the header is written once")
        headerWritten = true
        var header: [UInt8] = [0x10 | 0x02, 0, 0, 0]  // flags: alpha, animation; then reserved
        header.append(uint24: width - 1)
        header.append(uint24: height - 1)
        let anim: [UInt8] = [UInt8(background & 0xFF), UInt8(background >> 8 & 0xFF), UInt8(background >> 16 & 0xFF), 0xFF,
                             UInt8(loop.webPCount & 0xFF), UInt8(loop.webPCount >> 8)]
        var start = Array("RIFF".utf8)
        start.append(uint32: 0)               // the size, written by `finish`
        start += Array("WEBP".utf8)
        write(start)
        writeChunk("VP8X", header)
        writeChunk("ANIM", anim)
    }

    /// Writes a frame showing `bitstream` (a `VP8L` chunk, of even size) at `rect` (even corner)
    /// for `duration` milliseconds; `blended` frames are drawn over the previous one through
    /// their transparency, the others replace what they cover. Nothing is disposed.
    mutating func add(_ bitstream: UnsafeRawBufferPointer, at rect: PixelRect, blended: Bool, duration: Int) {
        precondition(headerWritten, "WebPAnimation: a frame before the header")
        var payload: [UInt8] = []
        payload.reserveCapacity(16)
        payload.append(uint24: rect.x / 2)
        payload.append(uint24: rect.y / 2)
        payload.append(uint24: rect.width - 1)
        payload.append(uint24: rect.height - 1)
        payload.append(uint24: min(duration, 0xFF_FFFF))
        payload.append(blended ? 0 : 0x02)  // bit 1: do not blend; bit 0 (dispose) clear
        precondition(bitstream.count % 2 == 0, "a VP8L chunk is padded to an even size")
        var chunkHeader = Array("ANMF".utf8)
        chunkHeader.append(uint32: payload.count + bitstream.count)
        write(chunkHeader + payload)
        write(bitstream)
    }

    /// Goes back to the RIFF header and writes the file's size; the stream is left at the end.
    mutating func finish() {
        guard failed == 0 else { return }
        var size: [UInt8] = []
        size.append(uint32: bytes - 8)
        guard fseek(stream, 4, SEEK_SET) == 0 else { return fail() }
        write(size, counted: false)
        if fseek(stream, 0, SEEK_END) != 0 { fail() }
    }

    /// Writes a RIFF chunk: its four-character code, its size, its payload padded to an even size.
    private mutating func writeChunk(_ fourCC: String, _ payload: [UInt8]) {
        var chunk = Array(fourCC.utf8)
        chunk.append(uint32: payload.count)
        chunk += payload
        if payload.count % 2 == 1 { chunk.append(0) }
        write(chunk)
    }

    private mutating func write(_ bytes: [UInt8], counted: Bool = true) {
        bytes.withUnsafeBytes { write($0, counted: counted) }
    }

    /// Appends `bytes` to the file (and to the count unless `counted` is false); a failure is kept.
    private mutating func write(_ bytes: UnsafeRawBufferPointer, counted: Bool = true) {
        guard failed == 0, bytes.count > 0 else { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, stream) != bytes.count { return fail() }
        if counted { self.bytes += bytes.count }
    }

    private mutating func fail() {
        if failed == 0 { failed = errno == 0 ? EIO : errno }
    }
}

private extension Array where Element == UInt8 {
    mutating func append(uint24 value: Int) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)])
    }

    mutating func append(uint32 value: Int) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)])
    }
}
