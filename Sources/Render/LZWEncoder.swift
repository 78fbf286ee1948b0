/// GIF's variable-width LZW compression of 8-bit palette indices, packed into GIF data sub-blocks.
///
/// Codes start at 9 bits (clear = 256, end = 257), grow to 12, and the table restarts with a clear
/// code when it is full. The string table is a direct-indexed array over (prefix code, next byte),
/// reset through the list of entries actually used, so a restart costs what it used, not 1M slots.
struct LZWEncoder {
    private var table = [UInt16](repeating: 0, count: 4096 << 8)
    private var used: [Int] = []

    init() { used.reserveCapacity(4096) }

    /// The LZW-compressed `pixels`, as sub-blocks (length byte + up to 255 bytes), minimum code
    /// size byte first and the block terminator last: everything an image's data needs.
    mutating func encode(_ pixels: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let clear = 256, end = 257
        var output: [UInt8] = [8]
        output.reserveCapacity(pixels.count / 2 + 64)
        var block = [UInt8]()
        block.reserveCapacity(255)
        var bitBuffer = 0, bitCount = 0, width = 9
        func emit(_ code: Int) {
            bitBuffer |= code << bitCount
            bitCount += width
            while bitCount >= 8 {
                block.append(UInt8(truncatingIfNeeded: bitBuffer))
                bitBuffer >>= 8
                bitCount -= 8
                if block.count == 255 {
                    output.append(255)
                    output += block
                    block.removeAll(keepingCapacity: true)
                }
            }
        }
        func reset() {
            for slot in used { table[slot] = 0 }
            used.removeAll(keepingCapacity: true)
        }
        reset()
        emit(clear)
        guard !pixels.isEmpty else {
            emit(end)
            return finish(output, block, bitBuffer, bitCount)
        }
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
                used.append(slot)
                // The decoder widens its codes once the table reaches 2^width entries.
                if next == 1 << width, width < 12 { width += 1 }
                next += 1
            } else {
                emit(clear)
                reset()
                width = 9
                next = end + 1
            }
            prefix = byte
        }
        emit(prefix)
        emit(end)
        return finish(output, block, bitBuffer, bitCount)
    }

    private func finish(_ output: [UInt8], _ block: [UInt8], _ bitBuffer: Int, _ bitCount: Int) -> [UInt8] {
        var output = output, block = block
        if bitCount > 0 { block.append(UInt8(truncatingIfNeeded: bitBuffer)) }
        var start = 0
        while start < block.count {
            let size = min(255, block.count - start)
            output.append(UInt8(size))
            output += block[start..<(start + size)]
            start += size
        }
        output.append(0)
        return output
    }
}
