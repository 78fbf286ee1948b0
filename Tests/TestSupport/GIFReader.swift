/// A small structural GIF decoder written for the tests, independent of libgd's writer: it
/// parses the blocks, LZW-decodes every image and composites frames as a viewer would.
public struct DecodedGIF {
    /// One image of the file as stored: its rectangle, delay (hundredths), transparent index,
    /// disposal method and palette indices.
    public struct Frame {
        public var left = 0, top = 0, width = 0, height = 0
        public var delay = 0
        public var transparent: Int?
        public var disposal = 0
        public var indices: [UInt8] = []
    }

    public var width = 0
    public var height = 0
    public var globalColors: [(UInt8, UInt8, UInt8)] = []
    public var loopCount: Int?
    public var frames: [Frame] = []

    /// Why a file does not decode.
    public enum Failure: Error { case truncated, badSignature, badBlock(UInt8), badCode }

    /// Decodes the bytes of a GIF file.
    public init(_ bytes: [UInt8]) throws {
        var p = 0
        func byte() throws -> UInt8 {
            guard p < bytes.count else { throw Failure.truncated }
            defer { p += 1 }
            return bytes[p]
        }
        func word() throws -> Int { Int(try byte()) | Int(try byte()) << 8 }
        func subBlocks() throws -> [UInt8] {
            var data: [UInt8] = []
            while true {
                let size = Int(try byte())
                if size == 0 { return data }
                guard p + size <= bytes.count else { throw Failure.truncated }
                data += bytes[p..<(p + size)]
                p += size
            }
        }
        guard bytes.count >= 13, Array(bytes[0..<6]) == Array("GIF89a".utf8) else { throw Failure.badSignature }
        p = 6
        width = try word()
        height = try word()
        let packed = try byte()
        _ = try byte(); _ = try byte()
        if packed & 0x80 != 0 {
            let count = 1 << (Int(packed & 7) + 1)
            for _ in 0..<count { globalColors.append((try byte(), try byte(), try byte())) }
        }
        var pending = Frame()
        while true {
            let introducer = try byte()
            switch introducer {
            case 0x21:
                let label = try byte()
                let data = try subBlocks()
                if label == 0xF9, data.count >= 4 {
                    pending.disposal = Int(data[0] >> 2) & 7
                    pending.delay = Int(data[1]) | Int(data[2]) << 8
                    pending.transparent = data[0] & 1 != 0 ? Int(data[3]) : nil
                } else if label == 0xFF, data.count >= 14, Array(data[0..<11]) == Array("NETSCAPE2.0".utf8) {
                    loopCount = Int(data[12]) | Int(data[13]) << 8
                }
            case 0x2C:
                var frame = pending
                pending = Frame()
                frame.left = try word(); frame.top = try word()
                frame.width = try word(); frame.height = try word()
                let flags = try byte()
                if flags & 0x80 != 0 { p += 3 * (1 << (Int(flags & 7) + 1)) }
                let minimumCodeSize = Int(try byte())
                frame.indices = try Self.lzwDecode(try subBlocks(), minimumCodeSize: minimumCodeSize, count: frame.width * frame.height)
                frames.append(frame)
            case 0x3B:
                return
            default:
                throw Failure.badBlock(introducer)
            }
        }
    }

    /// GIF's variable-width LZW, codes packed least-significant bit first.
    static func lzwDecode(_ data: [UInt8], minimumCodeSize: Int, count: Int) throws -> [UInt8] {
        let clear = 1 << minimumCodeSize, end = clear + 1
        var prefixes = [Int](repeating: -1, count: 4096)
        var suffixes = [UInt8](repeating: 0, count: 4096)
        var firsts = [UInt8](repeating: 0, count: 4096)
        for i in 0..<clear { suffixes[i] = UInt8(truncatingIfNeeded: i); firsts[i] = UInt8(truncatingIfNeeded: i) }
        var next = end + 1, width = minimumCodeSize + 1
        var previous = -1
        var output: [UInt8] = []
        output.reserveCapacity(count)
        var bitBuffer = 0, bitCount = 0, index = 0
        func expand(_ code: Int) -> [UInt8] {
            var string: [UInt8] = []
            var c = code
            while c >= 0 { string.append(suffixes[c]); c = prefixes[c] }
            return string.reversed()
        }
        while true {
            while bitCount < width {
                guard index < data.count else { return output }
                bitBuffer |= Int(data[index]) << bitCount
                index += 1
                bitCount += 8
            }
            let code = bitBuffer & ((1 << width) - 1)
            bitBuffer >>= width
            bitCount -= width
            if code == clear {
                next = end + 1; width = minimumCodeSize + 1; previous = -1
                continue
            }
            if code == end { return output }
            var string: [UInt8]
            if code < next, code != end, (code < clear || code > end) {
                string = expand(code)
                if previous >= 0, next < 4096 {
                    prefixes[next] = previous; suffixes[next] = string[0]; firsts[next] = firsts[previous]; next += 1
                }
            } else if code == next, previous >= 0 {
                let previousString = expand(previous)
                string = previousString + [previousString[0]]
                if next < 4096 { prefixes[next] = previous; suffixes[next] = previousString[0]; next += 1 }
            } else {
                throw Failure.badCode
            }
            output += string
            previous = code
            if next == (1 << width), width < 12 { width += 1 }
        }
    }

    /// The picture after each frame, as palette indices of the whole screen.
    public func composites() -> [[UInt8]] {
        var screen = [UInt8](repeating: 0, count: width * height)
        var result: [[UInt8]] = []
        for frame in frames {
            for y in 0..<frame.height {
                for x in 0..<frame.width {
                    let value = frame.indices[y * frame.width + x]
                    if let t = frame.transparent, Int(value) == t { continue }
                    screen[(frame.top + y) * width + frame.left + x] = value
                }
            }
            result.append(screen)
        }
        return result
    }
}
