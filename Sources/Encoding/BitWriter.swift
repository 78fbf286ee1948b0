/// Bits packed least significant first, as WebP lossless reads them: the first bit written is
/// bit 0 of the first byte. Writes go to a buffer the writer owns and grows as needed; an
/// encoder keeps one writer for all its frames (`reset`, then `endFrame` once the bytes are
/// used), so a frame's bytes take no fresh memory.
struct BitWriter: ~Copyable {
    private var storage: ScratchBuffer<UInt8>
    private var buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var accumulator: UInt64 = 0
    private var count = 0

    /// A writer with room for `capacity` bytes, keeping `keptBytes` of its buffer between frames.
    init(reservingCapacity capacity: Int = 0, keeping keptBytes: Int = 256 << 10) {
        storage = ScratchBuffer(keeping: keptBytes)
        storage.reserve(max(capacity, 64))
        buffer = storage.baseAddress
    }

    /// Bytes of memory the writer may hold between frames.
    var heldBytes: Int { storage.heldBytes }

    /// Starts again with no bits, keeping the buffer.
    mutating func reset() {
        (used, accumulator, count) = (0, 0, 0)
    }

    /// Gives back the pages of a large frame's bytes once they have been used (see `ScratchBuffer`).
    mutating func endFrame() {
        storage.endFrame(using: used)
    }

    /// Makes room for `bytes` more bytes, so that that many can be written without checks by
    /// `writeUnchecked`.
    mutating func reserve(_ bytes: Int) {
        guard used + bytes + 8 > storage.capacity else { return }
        storage.reserve(max(2 * storage.capacity, used + bytes + 8), preserving: used)
        buffer = storage.baseAddress
    }

    /// Appends the `bitCount` (0…32) low bits of `value` (no higher bits set).
    @inline(__always)
    mutating func write(_ value: UInt32, bits bitCount: Int) {
        reserve(4)
        writeUnchecked(value, bits: bitCount)
    }

    /// `write` without making room: the caller has reserved at least 4 bytes per call.
    @inline(__always)
    mutating func writeUnchecked(_ value: UInt32, bits bitCount: Int) {
        accumulator |= UInt64(value) << UInt64(count)
        count += bitCount
        if count >= 32 {
            UnsafeMutableRawPointer(buffer + used).storeBytes(of: UInt32(truncatingIfNeeded: accumulator).littleEndian, as: UInt32.self)
            used += 4
            accumulator >>= 32
            count -= 32
        }
    }

    /// Hands `body` the writer's buffer, the bytes used, the pending bits and their count, for a
    /// kernel that appends bits as `writeUnchecked` does (after `reserve`) and updates the three.
    mutating func withState<R>(_ body: (UnsafeMutablePointer<UInt8>, inout Int, inout UInt64, inout Int) -> R) -> R {
        body(buffer, &used, &accumulator, &count)
    }

    /// Hands `body` the bytes of a RIFF chunk whose fourCC and a 32-bit placeholder were written
    /// first: the last byte padded with zero bits, the size of what follows the placeholder
    /// stored in it, and a zero byte added when that size is odd. They are handed in place,
    /// without a copy (valid only during the call); the writer holds them until `reset`.
    mutating func finishChunk<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        reserve(8)
        while count > 0 {
            buffer[used] = UInt8(truncatingIfNeeded: accumulator)
            used += 1
            accumulator >>= 8
            count = max(0, count - 8)
        }
        let size = used - 8
        for k in 0..<4 { buffer[4 + k] = UInt8(truncatingIfNeeded: size >> (8 * k)) }
        if size % 2 == 1 { buffer[used] = 0; used += 1 }
        return body(UnsafeRawBufferPointer(start: buffer, count: used))
    }
}
