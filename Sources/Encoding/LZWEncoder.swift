import CKernels

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

    /// Run codes' scratch (`flipbook_lzw_encode` resets it).
    private var runCodes = [Int](repeating: 0, count: 4097)

    /// The LZW-compressed `pixels`, as sub-blocks (length byte + up to 255 bytes), minimum code
    /// size byte first and the block terminator last: everything an image's data needs.
    ///
    /// The codes come from CKernels' `flipbook_lzw_encode`, this coder's loop in C: greedy
    /// matching through the hash, runs of the transparent index (0, what a cropped frame
    /// difference is mostly made of) followed whole through the codes of shorter runs, the table
    /// cleared when full. EncodingTests hold it to the plain loop, byte for byte.
    mutating func encode(_ pixels: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Codes are packed into `packed` (worst case 12 bits per pixel, plus clears), then cut
        // into sub-blocks at the end.
        // Only the bytes written are read: no need to zero twice the frame's size first.
        var packed = [UInt8](unsafeUninitializedCapacity: pixels.count * 2 + 16) { _, count in count = pixels.count * 2 + 16 }
        let length = table.withUnsafeMutableBufferPointer { table in
            runCodes.withUnsafeMutableBufferPointer { runCodes in
                packed.withUnsafeMutableBufferPointer { out in
                    flipbook_lzw_encode(pixels.baseAddress ?? UnsafePointer(out.baseAddress!), pixels.count, table.baseAddress!,
                                        runCodes.baseAddress!, out.baseAddress!)
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
