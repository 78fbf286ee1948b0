/// GIF's variable-width LZW compression of 8-bit palette indices, packed into GIF data sub-blocks.
///
/// Codes start at 9 bits (clear = 256, end = 257), grow to 12, and the table restarts with a clear
/// code when it is full. The string table is a direct-indexed array over (prefix code, next byte),
/// reset through the list of entries actually used, so a restart costs what it used, not 1M slots.
struct LZWEncoder {
    private var table = [UInt16](repeating: 0, count: 4096 << 8)
    private var used = [Int32](repeating: 0, count: 4096)

    /// The LZW-compressed `pixels`, as sub-blocks (length byte + up to 255 bytes), minimum code
    /// size byte first and the block terminator last: everything an image's data needs.
    mutating func encode(_ pixels: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Codes are packed into `packed` (worst case 12 bits per pixel, plus clears), then cut
        // into sub-blocks at the end.
        var packed = [UInt8](repeating: 0, count: pixels.count * 2 + 16)
        var length = 0
        table.withUnsafeMutableBufferPointer { table in
            used.withUnsafeMutableBufferPointer { used in
                packed.withUnsafeMutableBufferPointer { out in
                    let clear = 256, end = 257
                    var usedCount = 0
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
                    for i in 0..<usedCount { table[Int(used[i])] = 0 }
                    emit(clear)
                    if pixels.isEmpty {
                        emit(end)
                    } else {
                        var next = end + 1
                        var prefix = Int(pixels[0])
                        for i in 1..<pixels.count {
                            let byte = Int(pixels[i])
                            let slot = prefix << 8 | byte
                            let found = Int(table[slot])
                            if found != 0 {
                                prefix = found
                                continue
                            }
                            emit(prefix)
                            if next < 4096 {
                                table[slot] = UInt16(next)
                                used[usedCount] = Int32(slot)
                                usedCount += 1
                                // The decoder widens its codes once the table reaches 2^width entries.
                                if next == 1 << width, width < 12 { width += 1 }
                                next += 1
                            } else {
                                emit(clear)
                                for j in 0..<usedCount { table[Int(used[j])] = 0 }
                                usedCount = 0
                                width = 9
                                next = end + 1
                            }
                            prefix = byte
                        }
                        emit(prefix)
                        emit(end)
                    }
                    if bitCount > 0 {
                        out[length] = UInt8(truncatingIfNeeded: bitBuffer)
                        length += 1
                    }
                    // Leave the table empty for the next image.
                    for i in 0..<usedCount { table[Int(used[i])] = 0 }
                }
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
