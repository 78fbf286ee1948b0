/// Bits packed least significant first, as WebP lossless reads them: the first bit written is
/// bit 0 of the first byte.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var accumulator: UInt64 = 0
    private var count = 0

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends the `bitCount` (0…32) low bits of `value`.
    @inline(__always)
    mutating func write(_ value: UInt32, bits bitCount: Int) {
        accumulator |= UInt64(value) << UInt64(count)
        count += bitCount
        if count >= 32 {
            let word = UInt32(truncatingIfNeeded: accumulator)
            bytes.append(UInt8(truncatingIfNeeded: word))
            bytes.append(UInt8(truncatingIfNeeded: word >> 8))
            bytes.append(UInt8(truncatingIfNeeded: word >> 16))
            bytes.append(UInt8(truncatingIfNeeded: word >> 24))
            accumulator >>= 32
            count -= 32
        }
    }

    /// The bytes written, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        while count > 0 {
            bytes.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            count = max(0, count - 8)
        }
        return bytes
    }
}
