import Foundation
import CKernels

/// A WebP lossless (`VP8L`) encoder for palette images, written from RFC 9649 ("WebP Image
/// Format", the lossless bitstream).
///
/// The image is stored with the colour-indexing transform over the colours the frame uses (pixels
/// bundled two, four or eight to a byte when 16, 4 or 2 or fewer are used), so the coded image is
/// one byte per (bundled) pixel in the green channel. Those bytes are coded with LZ77: the
/// longest of a copy of the previous pixel (runs), of the pixel above (a 2-D distance code), and
/// of a few earlier places with the same next four bytes (a hash chain), unless the next pixel
/// starts a longer copy (lazy matching); otherwise a literal.
/// One set of prefix codes covers the image; no colour cache (it pays little when every literal
/// is already an index of at most 8 bits).
///
/// The loops run in C (CKernels' vp8l.c) unless `usesKernels` is off; the Swift loops are kept as
/// their reference, and both write the same bytes.
///
/// An instance keeps its scratch buffers between frames, mapped from the system and given back
/// after a frame larger than most (`ScratchBuffer`), so what it holds stays small whatever the
/// frames; not thread-safe.
public final class VP8LEncoder {
    /// Chain steps tried at each position after the previous pixel and the one above.
    public var chainLength: Int

    private static let hashBits = 16
    /// The latest entry of `chain` for each hash, -1 for none.
    private var head = [Int32](repeating: -1, count: 1 << hashBits)
    /// The hash chain, one entry per inserted position in the order inserted (a pair: the
    /// position, and the entry before it with the same hash), in a ring of at most 2^20 entries:
    /// an entry is overwritten only once its position is farther back than any copy may reach.
    /// Only the positions inserted take memory (a frame's changed pixels insert a few thousand of
    /// its half a million); a ring indexed by position touched every page of 4 MB.
    private var chain = ScratchBuffer<Int32>(keeping: 2 * 32768)
    /// The bundled indices of the public `chunk` calls, whose indices are the caller's; the
    /// animation writer's frames are packed where they are.
    private var packed = ScratchBuffer<UInt8>(keeping: 1 << 20)
    /// Literals and copies (see `backwardReferences`): at most one per pixel, since a copy's two
    /// entries cover at least three pixels. Not cleared, so only the entries a frame uses take memory.
    private var tokens = ScratchBuffer<UInt32>(keeping: 65536)
    private var tokenCount = 0
    /// The chunk being written, kept from frame to frame.
    private var writer = BitWriter(keeping: 256 << 10)
    private static let chainBits = 20

    /// Bytes of memory the encoder holds between frames (its hash table and the pages of its
    /// scratch buffers that stay backed).
    public var heldBytes: Int {
        head.count * MemoryLayout<Int32>.stride + chain.heldBytes + packed.heldBytes + tokens.heldBytes + writer.heldBytes
    }

    /// Whether each copy is checked against one starting a pixel later (lazy matching): on the
    /// render benchmark's frames 3 % smaller files for a quarter more time.
    public var lazyMatching: Bool

    public init(chainLength: Int = 8, lazyMatching: Bool = true) {
        self.chainLength = chainLength
        self.lazyMatching = lazyMatching
    }

    /// The `VP8L` chunk (fourCC, size, data, padding byte when odd) of a `width × height` image of
    /// palette indices (`indices`, row after row), showing index `i` as `colors[i]` (ARGB,
    /// alpha in the top byte) and index `transparent`, if given, as transparent black.
    public func chunk(indices: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
                      colors: [UInt32], transparent: UInt8?) -> Data {
        precondition(width >= 1 && height >= 1 && width <= 16384 && height <= 16384, "VP8L sizes are 1…16384")
        return withChunk(indices: indices, width: width, height: height, colors: colors, transparent: transparent) { Data($0) }
    }

    /// `chunk(indices:width:height:colors:transparent:)` handed to `body` where it was written,
    /// without a copy (valid only during the call).
    public func withChunk<R>(indices: UnsafeBufferPointer<UInt8>, width: Int, height: Int, colors: [UInt32], transparent: UInt8?,
                             _ body: (UnsafeRawBufferPointer) -> R) -> R {
        precondition(width >= 1 && height >= 1 && width <= 16384 && height <= 16384, "VP8L sizes are 1…16384")
        precondition(indices.count >= width * height, "VP8LEncoder: too few indices")
        packed.reserve(width * height)
        let result = bitstream(indices.baseAddress!, packingInto: packed.baseAddress, width: width, height: height, colors: colors,
                               transparent: transparent, body)
        packed.endFrame(using: width * height)
        return result
    }

    /// `withChunk(indices:width:height:colors:transparent:_:)` for indices the encoder may
    /// overwrite: they are bundled in place, without a copy (an animation's frames are scratch
    /// of the writer's already).
    func withChunk<R>(overwriting indices: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int, colors: [UInt32],
                      transparent: UInt8?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        precondition(width >= 1 && height >= 1 && width <= 16384 && height <= 16384, "VP8L sizes are 1…16384")
        precondition(indices.count >= width * height, "VP8LEncoder: too few indices")
        return bitstream(UnsafePointer(indices.baseAddress!), packingInto: indices.baseAddress!, width: width, height: height,
                         colors: colors, transparent: transparent, body)
    }

    /// Array convenience for `chunk(indices:width:height:colors:transparent:)`.
    public func chunk(indices: [UInt8], width: Int, height: Int, colors: [UInt32], transparent: UInt8?) -> Data {
        indices.withUnsafeBufferPointer { chunk(indices: $0, width: width, height: height, colors: colors, transparent: transparent) }
    }

    /// The chunk: its header, then the image's header, transform and pixels; `indices` are
    /// bundled into `packed` (which may be `indices` itself).
    private func bitstream<R>(_ indices: UnsafePointer<UInt8>, packingInto packed: UnsafeMutablePointer<UInt8>, width: Int,
                              height: Int, colors: [UInt32], transparent: UInt8?, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let count = width * height
        // The colours used, in index order, and each one's place in the colour table.
        var used = [UInt8](repeating: 0, count: 256)
        used.withUnsafeMutableBufferPointer { used in
            if usesKernels {
                flipbook_vp8l_used_indices(indices, count, used.baseAddress!)
            } else {
                for k in 0..<count { used[Int(indices[k])] = 1 }
            }
        }
        var table: [UInt32] = []
        var local = [UInt8](repeating: 0, count: 256)
        var hasAlpha = false
        for index in 0..<256 where used[index] != 0 {
            local[index] = UInt8(table.count)
            if let transparent, index == Int(transparent) {
                table.append(0)
                hasAlpha = true
            } else {
                precondition(index < colors.count, "VP8LEncoder: index \(index) has no colour")
                table.append(colors[index])
                if colors[index] >> 24 != 0xFF { hasAlpha = true }
            }
        }
        let widthBits = table.count <= 2 ? 3 : table.count <= 4 ? 2 : table.count <= 16 ? 1 : 0
        let packedWidth = (width + (1 << widthBits) - 1) >> widthBits
        pack(indices, into: packed, width: width, height: height, local: local, widthBits: widthBits, packedWidth: packedWidth)

        writer.reset()
        for byte in "VP8L".utf8 { writer.write(UInt32(byte), bits: 8) }
        writer.write(0, bits: 32)                   // the size, known at the end
        writer.write(0x2F, bits: 8)
        writer.write(UInt32(width - 1), bits: 14)
        writer.write(UInt32(height - 1), bits: 14)
        writer.write(hasAlpha ? 1 : 0, bits: 1)
        writer.write(0, bits: 3)                    // version
        writer.write(1, bits: 1)                    // a transform:
        writer.write(3, bits: 2)                    // colour indexing
        writer.write(UInt32(table.count - 1), bits: 8)
        Self.writeColorTable(table, to: &writer)
        writer.write(0, bits: 1)                    // no more transforms
        writer.write(0, bits: 1)                    // no colour cache
        writer.write(0, bits: 1)                    // one prefix code group
        let pixels = packedWidth * height
        let (green, distance) = backwardReferences(packed, count: pixels, width: packedWidth)
        writeImage(green: green, distance: distance, to: &writer)
        tokens.endFrame(using: tokenCount)
        let result = writer.finishChunk(body)
        writer.endFrame()
        return result
    }

    /// Writes the (bundled) local indices of `indices` (`width × height`) to `out`, one byte per
    /// coded pixel, `packedWidth` to a row. `out` may be `indices`: a byte is written only over
    /// indices already read.
    private func pack(_ indices: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, width: Int, height: Int,
                      local: [UInt8], widthBits: Int, packedWidth: Int) {
        let total = packedWidth * height
        local.withUnsafeBufferPointer { local in
            if usesKernels {
                flipbook_vp8l_pack(indices, out, width, height, local.baseAddress!, Int32(widthBits), packedWidth)
            } else if widthBits == 0 {
                for k in 0..<total { out[k] = local[Int(indices[k])] }
            } else {
                let perByte = 1 << widthBits, bitsEach = 8 >> widthBits
                for y in 0..<height {
                    let row = indices + y * width, target = out + y * packedWidth
                    var x = 0
                    for p in 0..<packedWidth {
                        var byte: UInt8 = 0
                        let end = min(width, x + perByte)
                        var shift: UInt8 = 0
                        while x < end {
                            byte |= local[Int(row[x])] << shift
                            shift &+= UInt8(bitsEach)
                            x += 1
                        }
                        target[p] = byte
                    }
                }
            }
        }
    }

    // MARK: - LZ77

    /// The 2-D distance codes (RFC 9649, "Distance Mapping"): offsets (x, y) of codes 1…120.
    static let distanceMap: [(x: Int, y: Int)] = [
        (0, 1), (1, 0), (1, 1), (-1, 1), (0, 2), (2, 0), (1, 2), (-1, 2), (2, 1), (-2, 1), (2, 2), (-2, 2), (0, 3), (3, 0),
        (1, 3), (-1, 3), (3, 1), (-3, 1), (2, 3), (-2, 3), (3, 2), (-3, 2), (0, 4), (4, 0), (1, 4), (-1, 4), (4, 1), (-4, 1),
        (3, 3), (-3, 3), (2, 4), (-2, 4), (4, 2), (-4, 2), (0, 5), (3, 4), (-3, 4), (4, 3), (-4, 3), (5, 0), (1, 5), (-1, 5),
        (5, 1), (-5, 1), (2, 5), (-2, 5), (5, 2), (-5, 2), (4, 4), (-4, 4), (3, 5), (-3, 5), (5, 3), (-5, 3), (0, 6), (6, 0),
        (1, 6), (-1, 6), (6, 1), (-6, 1), (2, 6), (-2, 6), (6, 2), (-6, 2), (4, 5), (-4, 5), (5, 4), (-5, 4), (3, 6), (-3, 6),
        (6, 3), (-6, 3), (0, 7), (7, 0), (1, 7), (-1, 7), (5, 5), (-5, 5), (7, 1), (-7, 1), (4, 6), (-4, 6), (6, 4), (-6, 4),
        (2, 7), (-2, 7), (7, 2), (-7, 2), (3, 7), (-3, 7), (7, 3), (-7, 3), (5, 6), (-5, 6), (6, 5), (-6, 5), (8, 0), (4, 7),
        (-4, 7), (7, 4), (-7, 4), (8, 1), (8, 2), (6, 6), (-6, 6), (8, 3), (5, 7), (-5, 7), (7, 5), (-7, 5), (8, 4), (6, 7),
        (-6, 7), (7, 6), (-7, 6), (8, 5), (7, 7), (-7, 7), (8, 6), (8, 7),
    ]

    /// The code of each offset (x − 8 + 17·… see `neighbourCode`): 0 where the table has none.
    private static let neighbourCodes: [UInt8] = {
        var codes = [UInt8](repeating: 0, count: 17 * 8)
        for (k, offset) in distanceMap.enumerated() { codes[offset.y * 17 + 8 - offset.x] = UInt8(k + 1) }
        return codes
    }()

    /// The distance code of a copy from `distance` pixels back in an image `width` wide: a 2-D
    /// code when the place is in the table's neighbourhood, else `distance + 120`.
    static func distanceCode(_ distance: Int, width: Int) -> Int {
        // The table's (x, y) is the place `x` columns left of and `y` rows above; distance = x + y·width.
        let y = distance / width, x = distance - y * width
        if y < 8, x <= 8 { let code = neighbourCodes[y * 17 + 8 - x]; if code > 0 { return Int(code) } }
        if y + 1 < 8, width - x <= 8 { let code = neighbourCodes[(y + 1) * 17 + 8 + (width - x)]; if code > 0 { return Int(code) } }
        return distance + 120
    }

    /// Splits `value` (≥ 1) into its LZ77 prefix symbol and extra bits.
    @inline(__always)
    static func prefix(_ value: Int) -> (symbol: Int, extraBits: Int, extra: Int) {
        if value <= 4 { return (value - 1, 0, 0) }
        let d = value - 1
        let high = Int.bitWidth - 1 - d.leadingZeroBitCount
        let second = (d >> (high - 1)) & 1
        let extraBits = high - 1
        return (2 * high + second, extraBits, d & ((1 << extraBits) - 1))
    }

    /// Bytes equal at `a` and `b` (b < a) going forward, at most `limit`.
    @inline(__always)
    private static func matchLength(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int, _ limit: Int) -> Int {
        var k = 0
        while k + 8 <= limit {
            let x = UnsafeRawPointer(p + a + k).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(p + b + k).loadUnaligned(as: UInt64.self)
            if x != 0 { return k + (x.littleEndian.trailingZeroBitCount >> 3) }
            k += 8
        }
        while k < limit && p[a + k] == p[b + k] { k += 1 }
        return k
    }

    /// Whether the colour scan, the bundling, the LZ77 and the token writing run in CKernels
    /// (vp8l.c) rather than in the Swift loops kept here as their reference: the same bytes, the
    /// kernels passing over runs (blocks of one index in the scan and bundling, the lazy-matching
    /// look-ahead that cannot win after a copy as long as any can be).
    var usesKernels = true

    /// Tokens for the first `count` bytes of `p` (`width` to a row) in `tokens`: a literal is its
    /// byte; a copy is `0x8000_0000 | length` followed by its distance code. Returns the green
    /// (literals and length symbols) and distance symbol histograms.
    private func backwardReferences(_ p: UnsafePointer<UInt8>, count: Int, width: Int) -> (green: [UInt32], distance: [UInt32]) {
        guard usesKernels else { return referenceBackwardReferences(p, count: count, width: width) }
        var green = [UInt32](repeating: 0, count: 256 + 24)
        var distance = [UInt32](repeating: 0, count: 40)
        tokens.reserve(count)
        chain.reserve(2 * min(count, 1 << Self.chainBits))
        // A hash table about as large as the image (up to 2^16 entries): clearing it is cheap for small frames.
        let hashBits = min(Self.hashBits, max(8, Int.bitWidth - count.leadingZeroBitCount))
        var entries = 0
        let chainLength = self.chainLength, lazyMatching = self.lazyMatching
        let tokens = self.tokens.baseAddress, chainBase = self.chain.baseAddress
        let written = head.withUnsafeMutableBufferPointer { head in
            Self.neighbourCodes.withUnsafeBufferPointer { neighbourCodes in
                green.withUnsafeMutableBufferPointer { green in
                    distance.withUnsafeMutableBufferPointer { distance in
                        flipbook_vp8l_backward_references(p, count, width, chainLength, lazyMatching ? 1 : 0, head.baseAddress!,
                                                          Int32(hashBits), chainBase, &entries, neighbourCodes.baseAddress!,
                                                          tokens, green.baseAddress!, distance.baseAddress!)
                    }
                }
            }
        }
        tokenCount = written
        chain.endFrame(using: 2 * min(entries, 1 << Self.chainBits))
        return (green, distance)
    }

    /// `backwardReferences` in Swift: the reference the kernel is held to.
    private func referenceBackwardReferences(_ p: UnsafePointer<UInt8>, count: Int, width: Int) -> (green: [UInt32], distance: [UInt32]) {
        var green = [UInt32](repeating: 0, count: 256 + 24)
        var distance = [UInt32](repeating: 0, count: 40)
        tokens.reserve(count)
        chain.reserve(2 * min(count, 1 << Self.chainBits))
        let chainMask = (1 << Self.chainBits) - 1, ringSize = 1 << Self.chainBits
        var entries = 0
        // A hash table about as large as the image (up to 2^16 entries): clearing it is cheap for small frames.
        let hashBits = min(Self.hashBits, max(8, Int.bitWidth - count.leadingZeroBitCount))
        head.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: -1, count: 1 << hashBits) }
        let hashShift = UInt32(32 - hashBits)
        let maxDistance = (1 << Self.chainBits) - 120
        let aboveCode = UInt32(Self.distanceCode(width, width: width)), runCode = UInt32(Self.distanceCode(1, width: width))
        let chainLength = self.chainLength, lazyMatching = self.lazyMatching
        var written = 0
        tokens.withUnsafeMutableBufferPointer { out in
            head.withUnsafeMutableBufferPointer { head in
                chain.withUnsafeMutableBufferPointer { chain in
                    green.withUnsafeMutableBufferPointer { green in
                        distance.withUnsafeMutableBufferPointer { distance in
                            let out = out.baseAddress!, head = head.baseAddress!, chain = chain.baseAddress!
                            @inline(__always) func hash(_ i: Int) -> Int {
                                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)
                                return Int((word &* 0x9E37_79B1) >> hashShift)
                            }
                            @inline(__always) func insert(_ i: Int) {
                                guard i + 4 <= count else { return }
                                let h = hash(i), slot = 2 * (entries & chainMask)
                                chain[slot] = Int32(i)
                                chain[slot + 1] = head[h]
                                head[h] = Int32(truncatingIfNeeded: entries)
                                entries += 1
                            }
                            /// The longest copy for position `i`: its length and distance code.
                            @inline(__always) func longestCopy(at i: Int) -> (length: Int, code: UInt32) {
                                let limit = min(4096, count - i)
                                var best = 0, bestCode: UInt32 = 0
                                if i >= 1 {
                                    best = Self.matchLength(p, i, i - 1, limit)
                                    bestCode = runCode
                                }
                                if i >= width && width > 1 && best < limit {
                                    let length = Self.matchLength(p, i, i - width, limit)
                                    if length > best { best = length; bestCode = aboveCode }
                                }
                                if best < limit && i + 4 <= count {
                                    var entry = Int(head[hash(i)]), steps = chainLength
                                    // An entry overwritten in the ring was more than 2^20 positions back.
                                    while entry >= 0 && steps > 0 && entries - entry <= ringSize {
                                        let slot = 2 * (entry & chainMask), candidate = Int(chain[slot])
                                        let d = i - candidate
                                        if d > maxDistance { break }
                                        if p[candidate + best] == p[i + best] {
                                            let length = Self.matchLength(p, i, candidate, limit)
                                            if length > best + 1 || (length > best && d <= 8 * width) {
                                                best = length
                                                bestCode = UInt32(Self.distanceCode(d, width: width))
                                                if length == limit { break }
                                            }
                                        }
                                        entry = Int(chain[slot + 1])
                                        steps -= 1
                                    }
                                }
                                return (best, bestCode)
                            }
                            var i = 0, n = 0
                            while i < count {
                                var (best, bestCode) = longestCopy(at: i)
                                // One step of lazy matching: a short copy gives way to a
                                // literal when the next position starts a longer one.
                                if lazyMatching && best >= 3 && i + 1 < count && longestCopy(at: i + 1).length > best + 1 { best = 0 }
                                if best >= 3 {
                                    out[n] = 0x8000_0000 | UInt32(best)
                                    out[n + 1] = bestCode
                                    n += 2
                                    green[256 + Self.prefix(best).symbol] += 1
                                    distance[Self.prefix(Int(bestCode)).symbol] += 1
                                    // Positions inside a long copy are mostly not worth remembering.
                                    insert(i)
                                    if best <= 32 { for k in 1..<best { insert(i + k) } } else { insert(i + best - 1) }
                                    i += best
                                } else {
                                    let byte = p[i]
                                    out[n] = UInt32(byte)
                                    n += 1
                                    green[Int(byte)] += 1
                                    insert(i)
                                    i += 1
                                }
                            }
                            written = n
                        }
                    }
                }
            }
        }
        tokenCount = written
        chain.endFrame(using: 2 * min(entries, ringSize))
        return (green, distance)
    }

    // MARK: - Writing

    /// Writes the coded image: its five prefix codes, then its tokens.
    private func writeImage(green: [UInt32], distance: [UInt32], to writer: inout BitWriter) {
        let greenCode = PrefixCode(frequencies: green, limit: 15)
        let trivial = PrefixCode(lengths: [1] + [UInt8](repeating: 0, count: 255))
        let distanceCode = PrefixCode(frequencies: distance, limit: 15)
        Self.write(greenCode, to: &writer)
        Self.write(trivial, to: &writer)             // red: always 0
        Self.write(trivial, to: &writer)             // blue
        Self.write(trivial, to: &writer)             // alpha
        Self.write(distanceCode, to: &writer)
        let count = tokenCount
        writer.reserve(4 * count + 16)             // at most 58 bits for a copy's two entries, 15 for a literal
        if usesKernels {
            let tokens = self.tokens.baseAddress
            greenCode.codes.withUnsafeBufferPointer { gCodes in
                greenCode.bitCounts.withUnsafeBufferPointer { gBits in
                    distanceCode.codes.withUnsafeBufferPointer { dCodes in
                        distanceCode.bitCounts.withUnsafeBufferPointer { dBits in
                            writer.withState { buffer, used, accumulator, bitCount in
                                used = flipbook_vp8l_write_tokens(tokens, count, gCodes.baseAddress!, gBits.baseAddress!, dCodes.baseAddress!,
                                                                  dBits.baseAddress!, buffer, used, &accumulator, &bitCount)
                            }
                        }
                    }
                }
            }
            return
        }
        greenCode.codes.withUnsafeBufferPointer { gCodes in
            greenCode.bitCounts.withUnsafeBufferPointer { gBits in
                distanceCode.codes.withUnsafeBufferPointer { dCodes in
                    distanceCode.bitCounts.withUnsafeBufferPointer { dBits in
                        tokens.withUnsafeBufferPointer { tokens in
                            var k = 0
                            while k < count {
                                let token = tokens[k]
                                if token < 0x8000_0000 {
                                    writer.writeUnchecked(gCodes[Int(token)], bits: Int(gBits[Int(token)]))
                                    k += 1
                                } else {
                                    let length = Self.prefix(Int(token & 0xFFFF))
                                    let symbol = 256 + length.symbol
                                    writer.writeUnchecked(gCodes[symbol], bits: Int(gBits[symbol]))
                                    writer.writeUnchecked(UInt32(length.extra), bits: length.extraBits)
                                    let d = Self.prefix(Int(tokens[k + 1]))
                                    writer.writeUnchecked(dCodes[d.symbol], bits: Int(dBits[d.symbol]))
                                    writer.writeUnchecked(UInt32(d.extra), bits: d.extraBits)
                                    k += 2
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes the colour table as a one-row image of each entry's difference from the one before
    /// (component by component), in literals only.
    private static func writeColorTable(_ table: [UInt32], to writer: inout BitWriter) {
        var deltas: [UInt32] = []
        var previous: UInt32 = 0
        for color in table {
            var delta: UInt32 = 0
            for shift in stride(from: 0, to: 32, by: 8) {
                let component = (color >> UInt32(shift) & 0xFF) &- (previous >> UInt32(shift) & 0xFF)
                delta |= (component & 0xFF) << UInt32(shift)
            }
            deltas.append(delta)
            previous = color
        }
        // Histograms of green, red, blue, alpha.
        var histograms = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 4)
        for delta in deltas {
            histograms[0][Int(delta >> 8 & 0xFF)] += 1
            histograms[1][Int(delta >> 16 & 0xFF)] += 1
            histograms[2][Int(delta & 0xFF)] += 1
            histograms[3][Int(delta >> 24)] += 1
        }
        histograms[0] += [UInt32](repeating: 0, count: 24)
        let codes = histograms.map { PrefixCode(frequencies: $0, limit: 15) }
        writer.write(0, bits: 1)                    // no colour cache
        for code in codes { write(code, to: &writer) }
        write(PrefixCode(lengths: [1] + [UInt8](repeating: 0, count: 39)), to: &writer)  // no distances
        for delta in deltas {
            for (k, shift) in [8, 16, 0, 24].enumerated() {
                let symbol = Int(delta >> UInt32(shift) & 0xFF)
                writer.write(codes[k].codes[symbol], bits: Int(codes[k].bitCounts[symbol]))
            }
        }
    }

    /// The order in which code-length code lengths are stored.
    private static let codeLengthOrder = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]

    /// Writes `code`'s lengths: the simple form for one or two symbols below 256, else the
    /// normal form (code lengths run-length coded with 16/17/18 and themselves prefix coded).
    static func write(_ code: PrefixCode, to writer: inout BitWriter) {
        let used = code.usedSymbols
        if used.isEmpty || (used.count <= 2 && used.allSatisfy({ $0 < 256 })) {
            let symbols = used.isEmpty ? [0] : used
            writer.write(1, bits: 1)
            writer.write(UInt32(symbols.count - 1), bits: 1)
            if symbols[0] <= 1 {
                writer.write(0, bits: 1)
                writer.write(UInt32(symbols[0]), bits: 1)
            } else {
                writer.write(1, bits: 1)
                writer.write(UInt32(symbols[0]), bits: 8)
            }
            if symbols.count == 2 { writer.write(UInt32(symbols[1]), bits: 8) }
            return
        }
        // Run-length code the lengths: (symbol, extra value, extra bits).
        var runs: [(symbol: Int, extra: Int, bits: Int)] = []
        let lengths = code.lengths
        var k = 0
        while k < lengths.count {
            let value = lengths[k]
            var end = k + 1
            while end < lengths.count && lengths[end] == value { end += 1 }
            var left = end - k
            if value == 0 {
                while left >= 11 { let n = min(left, 138); runs.append((18, n - 11, 7)); left -= n }
                if left >= 3 { runs.append((17, left - 3, 3)); left = 0 }
                while left > 0 { runs.append((0, 0, 0)); left -= 1 }
            } else {
                runs.append((Int(value), 0, 0))
                left -= 1
                while left >= 3 { let n = min(left, 6); runs.append((16, n - 3, 2)); left -= n }
                while left > 0 { runs.append((Int(value), 0, 0)); left -= 1 }
            }
            k = end
        }
        var frequencies = [UInt32](repeating: 0, count: 19)
        for run in runs { frequencies[run.symbol] += 1 }
        let lengthCode = PrefixCode(frequencies: frequencies, limit: 7)
        var stored = 19
        while stored > 4 && lengthCode.lengths[codeLengthOrder[stored - 1]] == 0 { stored -= 1 }
        writer.write(0, bits: 1)
        writer.write(UInt32(stored - 4), bits: 4)
        for k in 0..<stored { writer.write(UInt32(lengthCode.lengths[codeLengthOrder[k]]), bits: 3) }
        writer.write(0, bits: 1)                    // max_symbol: the whole alphabet
        for run in runs {
            writer.write(lengthCode.codes[run.symbol], bits: Int(lengthCode.bitCounts[run.symbol]))
            writer.write(UInt32(run.extra), bits: run.bits)
        }
    }
}
