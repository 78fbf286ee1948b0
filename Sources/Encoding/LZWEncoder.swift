/// GIF's variable-width LZW compression of 8-bit palette indices, packed into GIF data sub-blocks.
///
/// Codes start at 9 bits (clear = 256, end = 257), grow to 12, and the table restarts with a clear
/// code when it is full. The string table is an open-addressed hash of (prefix code, next byte)
/// → code in 8192 32-bit slots (32 KB, so it stays in the first-level cache: a direct-indexed
/// table over every (prefix, byte) pair spent most of its time waiting on the second level).
struct LZWEncoder {
    /// Slots hold `key << 12 | code` with key = prefix << 8 | byte; 0 is empty (no code is 0).
    private var table = [UInt32](repeating: 0, count: LZWEncoder.slots)
    static let slots = 1 << 13

    /// The slot where `key` is, or the empty slot where it would go (linear probing).
    @inline(__always)
    private static func slot(of key: UInt32, in table: UnsafeMutableBufferPointer<UInt32>) -> Int {
        var index = Int((key &* 2_654_435_761) >> 19)
        while true {
            let entry = table[index]
            if entry == 0 || entry >> 12 == key { return index }
            index = (index + 1) & (slots - 1)
        }
    }

    /// How many of the first `limit` bytes at `start` are 0 before the first that is not: eight
    /// at a time (a frame difference's runs of the transparent index are thousands long).
    @inline(__always)
    static func zeros(in start: UnsafePointer<UInt8>, upTo limit: Int) -> Int {
        var count = 0
        let raw = UnsafeRawPointer(start)
        while count + 8 <= limit {
            let word = raw.loadUnaligned(fromByteOffset: count, as: UInt64.self)
            if word != 0 { return count + UInt64(littleEndian: word).trailingZeroBitCount / 8 }
            count += 8
        }
        while count < limit, start[count] == 0 { count += 1 }
        return count
    }

    /// The LZW-compressed `pixels`, as sub-blocks (length byte + up to 255 bytes), minimum code
    /// size byte first and the block terminator last: everything an image's data needs.
    mutating func encode(_ pixels: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Codes are packed into `packed` (worst case 12 bits per pixel, plus clears), then cut
        // into sub-blocks at the end.
        // Only the bytes written are read: no need to zero twice the frame's size first.
        var packed = [UInt8](unsafeUninitializedCapacity: pixels.count * 2 + 16) { _, count in count = pixels.count * 2 + 16 }
        // The coder's state lives inside the innermost closure: a variable captured from outside
        // it is boxed, and every `emit` then paid two run-time exclusivity checks.
        let length = table.withUnsafeMutableBufferPointer { table in
            packed.withUnsafeMutableBufferPointer { out in
                var length = 0
                let clear = 256, end = 257
                var bitBuffer = 0, bitCount = 0, width = 9
                @inline(__always) func emit(_ code: Int) {
                    bitBuffer |= code << bitCount
                    bitCount += width
                    while bitCount >= 8 {
                        out[length] = UInt8(truncatingIfNeeded: bitBuffer)
                        length += 1
                        bitBuffer >>= 8
                        bitCount -= 8
                    }
                }
                table.update(repeating: 0)
                emit(clear)
                if pixels.isEmpty {
                    emit(end)
                } else {
                    var next = end + 1
                    var prefix = Int(pixels[0])
                    // Runs of the transparent index (what a cropped frame difference is mostly
                    // made of): `runCodes[k]` is the code of k of them, for k ≤ `runCodes.count - 1`;
                    // `prefixRun` is the run the prefix stands for (0 when it is not a run).
                    var runCodes = [Int](repeating: 0, count: 4097)
                    var longestRun = 1
                    var prefixRun = prefix == 0 ? 1 : 0
                    var i = 1
                    while i < pixels.count {
                        if prefixRun > 0, pixels[i] == 0, prefixRun < longestRun {
                            // Greedy matching would follow the run's codes one pixel at a time.
                            let reach = min(longestRun - prefixRun, pixels.count - i)
                            let zeros = Self.zeros(in: pixels.baseAddress! + i, upTo: reach)
                            prefixRun += zeros
                            prefix = runCodes[prefixRun]
                            i += zeros
                            continue
                        }
                        let byte = Int(pixels[i])
                        let key = UInt32(prefix << 8 | byte)
                        let index = Self.slot(of: key, in: table)
                        let entry = table[index]
                        i += 1
                        if entry != 0 {
                            prefix = Int(entry & 0xFFF)
                            prefixRun = prefixRun > 0 && byte == 0 ? prefixRun + 1 : 0
                            continue
                        }
                        emit(prefix)
                        if next < 4096 {
                            table[index] = key << 12 | UInt32(next)
                            if prefixRun == longestRun, byte == 0 {
                                longestRun += 1
                                runCodes[longestRun] = next
                            }
                            // The decoder widens its codes once the table reaches 2^width entries.
                            if next == 1 << width, width < 12 { width += 1 }
                            next += 1
                        } else {
                            emit(clear)
                            table.update(repeating: 0)
                            width = 9
                            next = end + 1
                            longestRun = 1
                        }
                        prefix = byte
                        prefixRun = byte == 0 ? 1 : 0
                    }
                    emit(prefix)
                    emit(end)
                }
                if bitCount > 0 {
                    out[length] = UInt8(truncatingIfNeeded: bitBuffer)
                    length += 1
                }
                return length
            }
        }
        var output: [UInt8] = [8]
        output.reserveCapacity(length + length / 255 + 3)
        var start = 0
        while start < length {
            let size = min(255, length - start)
            output.append(UInt8(size))
            output += packed[start..<(start + size)]
            start += size
        }
        output.append(0)
        return output
    }
}
