import CKernels

/// GIF's variable-width LZW compression of 8-bit palette indices, packed into GIF data sub-blocks.
///
/// Codes start at 9 bits (clear = 256, end = 257), grow to 12, and the table restarts with a clear
/// code when it is full. The string table is an open-addressed hash of (prefix code, next byte)
/// → code in 8192 32-bit slots (32 KB, so it stays in the first-level cache: a direct-indexed
/// table over every (prefix, byte) pair spent most of its time waiting on the second level),
/// except the strings ending in 0, the transparent index a frame difference is mostly made of:
/// (prefix, 0) → code is a direct table of 4096 16-bit entries.
struct LZWEncoder {
    /// Slots hold `key << 12 | code` with key = prefix << 8 | byte; 0 is empty (no code is 0).
    private var table = [UInt32](repeating: 0, count: LZWEncoder.slots)
    static let slots = 1 << 13
    /// The code of each code followed by a 0 (0: none yet).
    private var zeroNext = [UInt16](repeating: 0, count: 4096)
    /// Run codes' scratch (`flipbook_lzw_encode_stretches` resets it).
    private var runCodes = [UInt16](repeating: 0, count: 4097)
    /// The packed codes, kept from frame to frame (only the pages written are ever backed).
    private var packed: [UInt8] = []

    /// The LZW-compressed `pixels`, as sub-blocks (length byte + up to 255 bytes), minimum code
    /// size byte first and the block terminator last: everything an image's data needs.
    /// `stretches`, when given, are pairs [start, end) of offsets (increasing, disjoint) outside
    /// which every pixel is 0: runs of 0 there are known without being read.
    ///
    /// The codes come from CKernels' `flipbook_lzw_encode_stretches`, this coder's loop in C:
    /// greedy matching, runs of the transparent index (0) followed whole through the codes of
    /// shorter runs, the table cleared when full. EncodingTests hold it to the plain loop, byte
    /// for byte.
    mutating func encode(_ pixels: UnsafeBufferPointer<UInt8>, stretches: UnsafeBufferPointer<Int>? = nil) -> [UInt8] {
        precondition((stretches?.count ?? 0) % 2 == 0, "LZWEncoder: stretches come in pairs")
        // Codes are packed into `packed` (worst case 12 bits per pixel, plus clears), then cut
        // into sub-blocks at the end. Only the bytes written are read: it is never zeroed.
        let room = pixels.count * 2 + 16
        if packed.count < room { packed = [UInt8](unsafeUninitializedCapacity: room) { _, count in count = room } }
        let whole = [0, pixels.count]
        let length = table.withUnsafeMutableBufferPointer { table in
            zeroNext.withUnsafeMutableBufferPointer { zeroNext in
                runCodes.withUnsafeMutableBufferPointer { runCodes in
                    packed.withUnsafeMutableBufferPointer { out in
                        whole.withUnsafeBufferPointer { whole in
                            let stretches = stretches ?? whole
                            return flipbook_lzw_encode_stretches(pixels.baseAddress ?? UnsafePointer(out.baseAddress!), pixels.count,
                                                                 stretches.baseAddress ?? whole.baseAddress!, stretches.count / 2,
                                                                 table.baseAddress!, zeroNext.baseAddress!, runCodes.baseAddress!,
                                                                 out.baseAddress!)
                        }
                    }
                }
            }
        }
        return [UInt8](unsafeUninitializedCapacity: length + (length + 254) / 255 + 2) { buffer, count in
            buffer[0] = 8
            var at = 1, start = 0
            packed.withUnsafeBufferPointer { packed in
                while start < length {
                    let size = min(255, length - start)
                    buffer[at] = UInt8(size)
                    UnsafeMutableRawPointer(buffer.baseAddress! + at + 1).copyMemory(from: packed.baseAddress! + start, byteCount: size)
                    at += 1 + size
                    start += size
                }
            }
            buffer[at] = 0
            count = at + 1
        }
    }
}
