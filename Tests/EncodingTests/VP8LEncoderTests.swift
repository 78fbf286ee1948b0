import Testing
import Foundation
import TestSupport
@testable import Encoding
@testable import Render

/// A palette image for the encoder: indices row after row, the colours of its indices, and the
/// index standing for transparency, if any.
private struct IndexImage {
    var width: Int
    var height: Int
    var indices: [UInt8]
    var colors: [UInt32]
    var transparent: UInt8?

    /// RGBA bytes as a decoder should return them.
    var expectedRGBA: [UInt8] {
        indices.flatMap { index -> [UInt8] in
            if index == transparent { return [0, 0, 0, 0] }
            let c = colors[Int(index)]
            return [UInt8(c >> 16 & 0xFF), UInt8(c >> 8 & 0xFF), UInt8(c & 0xFF), UInt8(c >> 24)]
        }
    }
}

/// A small deterministic generator (a 64-bit LCG).
private struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// 256 distinct opaque colours, shuffled by `seed`.
private func colorTable(seed: UInt64) -> [UInt32] {
    var g = Generator(state: seed)
    var colors: [UInt32] = []
    var seen = Set<UInt32>()
    while colors.count < 256 {
        let c = 0xFF00_0000 | UInt32(g.next(1 << 24))
        if seen.insert(c).inserted { colors.append(c) }
    }
    return colors
}

/// An image drawn from `colorCount` indices (scattered over 0…255), with index 0 as the
/// transparent marker when `transparent`: each pixel copies its left or upper neighbour or is
/// new, so that runs, copies from above and literals all occur.
private func patchyImage(width: Int, height: Int, colorCount: Int, transparent: Bool, seed: UInt64) -> IndexImage {
    var g = Generator(state: seed)
    // The indices in use, scattered over 0…255; transparency takes index 0 when asked for.
    var choices: [UInt8] = transparent ? [0] : []
    for c in 0..<255 where choices.count < colorCount { choices.append(UInt8(c * 37 % 255 + 1)) }
    if choices.count < colorCount { choices.append(0) }
    var indices = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
        for x in 0..<width {
            let roll = g.next(10)
            let k = y * width + x
            if roll < 5 && x > 0 { indices[k] = indices[k - 1] }
            else if roll < 7 && y > 0 { indices[k] = indices[k - width] }
            else { indices[k] = choices[g.next(choices.count)] }
        }
    }
    // Every chosen index appears at least once (for exact colour counts on bundling boundaries).
    for (k, c) in choices.enumerated() where k < indices.count { indices[(k * 7919) % indices.count] = c }
    return IndexImage(width: width, height: height, indices: indices, colors: colorTable(seed: seed),
                      transparent: transparent ? 0 : nil)
}

/// A still WebP file holding one `VP8L` chunk.
private func stillWebP(_ chunk: Data) -> Data {
    var file = Data("RIFF".utf8)
    let size = 4 + chunk.count
    file.append(contentsOf: [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24 & 0xFF)])
    file.append(Data("WEBP".utf8))
    file.append(chunk)
    return file
}

/// Encodes each image, writes it as a still WebP, decodes them all with Pillow in one process,
/// and returns each one's RGBA bytes (nil when Pillow could not read it).
private func roundTripWithPillow(_ images: [IndexImage], encoder: VP8LEncoder = VP8LEncoder()) throws -> [[UInt8]?] {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String] = []
    for (k, image) in images.enumerated() {
        let chunk = encoder.chunk(indices: image.indices, width: image.width, height: image.height,
                                  colors: image.colors, transparent: image.transparent)
        let path = directory.appendingPathComponent("\(k).webp").path
        try stillWebP(chunk).write(to: URL(fileURLWithPath: path))
        paths.append(path)
    }
    let script = """
        import json, sys
        from PIL import Image
        out = []
        for path in sys.argv[1:]:
            try:
                im = Image.open(path); im.load()
                out.append(list(im.convert("RGBA").tobytes()))
            except Exception as e:
                sys.stderr.write(path + ": " + str(e) + "\\n"); out.append(None)
        print(json.dumps(out))
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script] + paths
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
    return decoded.map { ($0 as? [Int])?.map { UInt8(clamping: $0) } }
}

/// Why `decoded` is not `expected` (RGBA bytes), or nil when they are equal.
private func difference(_ decoded: [UInt8]?, _ expected: [UInt8]) -> String? {
    guard let decoded else { return "not decoded" }
    guard decoded.count == expected.count else { return "\(decoded.count / 4) pixels decoded, \(expected.count / 4) expected" }
    let wrong = stride(from: 0, to: expected.count, by: 4).filter { decoded[$0..<$0 + 4] != expected[$0..<$0 + 4] }
    return wrong.isEmpty ? nil : "\(wrong.count) of \(expected.count / 4) pixels differ, the first at \(wrong[0] / 4)"
}

@Suite struct VP8LEncoderTests {
    @Test(arguments: [1, 2, 3, 4, 5, 16, 17, 256])
    func randomImagesDecodeExactly(colorCount: Int) throws {
        let sizes = [(1, 3), (2, 5), (3, 7), (7, 9), (8, 1), (8, 11), (37, 13), (64, 33)]
        var images: [IndexImage] = []
        for transparent in [false, true] {
            for (k, size) in sizes.enumerated() {
                let colors = min(colorCount, size.0 * size.1)
                images.append(patchyImage(width: size.0, height: size.1, colorCount: colors, transparent: transparent,
                                          seed: UInt64(colorCount * 1000 + k * 10 + (transparent ? 1 : 0))))
            }
        }
        let decoded = try roundTripWithPillow(images)
        for (image, pixels) in zip(images, decoded) {
            #expect(difference(pixels, image.expectedRGBA) == nil, "\(image.width)×\(image.height), \(colorCount) colours, transparent \(image.transparent != nil)")
        }
    }

    @Test func runsLongerThanTheLongestCopy() throws {
        // 640 × 100 of one index but for a few pixels at the start: a run of some 64,000 pixels,
        // unbundled (17 colours), or 8,000 bytes of 8 pixels (2 colours) or of 1 colour: each
        // longer than the longest copy (4,096).
        var images: [IndexImage] = []
        for colorCount in [17, 2, 1] {
            var indices = [UInt8](repeating: 5, count: 640 * 100)
            for k in 0..<colorCount - 1 { indices[k * 7] = UInt8(10 + k) }
            images.append(IndexImage(width: 640, height: 100, indices: indices, colors: colorTable(seed: 7), transparent: nil))
        }
        let encoder = VP8LEncoder()
        let sizes = images.map { encoder.chunk(indices: $0.indices, width: $0.width, height: $0.height, colors: $0.colors, transparent: nil).count }
        #expect(sizes[0] < 300, "a flat image compresses to a few copies: \(sizes[0]) bytes")
        let decoded = try roundTripWithPillow(images)
        for (image, pixels) in zip(images, decoded) { #expect(difference(pixels, image.expectedRGBA) == nil) }
    }

    @Test func copiesFromBeyondTheNeighbourhood() throws {
        // A random band of rows repeated every 20 rows: the copies reach 20 rows back, beyond
        // the 2-D distance codes (7 rows).
        var g = Generator(state: 99)
        let width = 50, band = 20
        let pattern = (0..<width * band).map { _ in UInt8(g.next(200) + 1) }
        let indices = (0..<width * 100).map { pattern[$0 % pattern.count] }
        let image = IndexImage(width: width, height: 100, indices: indices, colors: colorTable(seed: 3), transparent: nil)
        let size = VP8LEncoder().chunk(indices: image.indices, width: width, height: 100, colors: image.colors, transparent: nil).count
        #expect(size < width * band * 2, "the repeats are copied: \(size) bytes")
        // Also a long distance in a one-pixel-wide image, and distances of a few rows.
        let narrow = IndexImage(width: 1, height: 600, indices: (0..<600).map { pattern[$0 % 150] }, colors: image.colors, transparent: nil)
        let near = IndexImage(width: 9, height: 60, indices: (0..<540).map { pattern[$0 % 27] }, colors: image.colors, transparent: nil)
        let decoded = try roundTripWithPillow([image, narrow, near])
        #expect(difference(decoded[0], image.expectedRGBA) == nil)
        #expect(difference(decoded[1], narrow.expectedRGBA) == nil)
        #expect(difference(decoded[2], near.expectedRGBA) == nil)
    }

    @Test func distanceCodesPointWhereTheirDistancesDo() {
        for width in [1, 2, 3, 7, 8, 9, 16, 100, 4000] {
            for distance in [1, 2, 3, 7, 8, 9, width - 1, width, width + 1, 2 * width - 3, 7 * width + 7, 8 * width, 100_000] where distance >= 1 {
                let code = VP8LEncoder.distanceCode(distance, width: width)
                if code > 120 {
                    #expect(code == distance + 120)
                } else {
                    let offset = VP8LEncoder.distanceMap[code - 1]
                    #expect(max(1, offset.x + offset.y * width) == distance, "width \(width), distance \(distance), code \(code)")
                }
            }
        }
        #expect(VP8LEncoder.distanceCode(480, width: 480) == 1)
        #expect(VP8LEncoder.distanceCode(1, width: 480) == 2)
    }

    @Test func aDrawnFrameDecodesExactlyWithPillowAndDwebp() throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        let grid = ValueField.gridPoints(columns: 32, rows: 32, domain: domain)
        let field = ValueField(columns: 32, rows: 32, domain: domain, kind: .binary,
                               values: grid.map { Float(1 / (1 + exp(-6 * $0.x + 3 * $0.y))) })
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 241, height: 239), domain: domain,
                                  classNames: ["left", "right"], font: font, bold: bold)
        let canvas = Canvas(width: 241, height: 239)
        panel.drawBackground(on: canvas)
        let points = (0..<60).map { ScatterPoint(x: sin(Double($0)) * 0.8, y: cos(Double($0) * 1.7) * 0.8, classIndex: $0 % 2, isTest: $0 % 5 == 0) }
        panel.drawFrame(on: canvas, field: field, points: points, title: "Epoch 12 · loss 0.321")
        var indices: [UInt8] = []
        for y in 0..<canvas.height { indices += UnsafeBufferPointer(start: canvas.row(y), count: canvas.width) }
        // Every third pixel of the lower half unchanged (transparent), as in a frame difference.
        var holes = indices
        for k in stride(from: holes.count / 2, to: holes.count, by: 3) { holes[k] = Palette.transparent }
        let colors = Palette.standard.colors.map { 0xFF00_0000 | UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }
        let images = [IndexImage(width: canvas.width, height: canvas.height, indices: indices, colors: colors, transparent: Palette.transparent),
                      IndexImage(width: canvas.width, height: canvas.height, indices: holes, colors: colors, transparent: Palette.transparent)]
        let decoded = try roundTripWithPillow(images)
        for (image, pixels) in zip(images, decoded) { #expect(difference(pixels, image.expectedRGBA) == nil) }

        // dwebp (libwebp's decoder) agrees, through a PAM file (RGBA after its header).
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let webp = directory.appendingPathComponent("frame.webp"), pam = directory.appendingPathComponent("frame.pam")
        try stillWebP(VP8LEncoder().chunk(indices: holes, width: canvas.width, height: canvas.height, colors: colors, transparent: Palette.transparent)).write(to: webp)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dwebp")
        process.arguments = [webp.path, "-pam", "-o", pam.path]
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let file = try Data(contentsOf: pam)
        let header = try #require(file.range(of: Data("ENDHDR\n".utf8)))
        #expect(difference(Array(file[header.upperBound...]), images[1].expectedRGBA) == nil)
    }
}

@Suite struct PrefixCodeTests {
    /// Σ 2^−length over the used symbols, in units of 2^−15.
    private func kraftSum(_ lengths: [UInt8]) -> Int {
        lengths.filter { $0 > 0 }.map { 1 << (15 - Int($0)) }.reduce(0, +)
    }

    @Test func fibonacciFrequenciesAreLimitedTo15BitsAndStayComplete() {
        var fibonacci: [UInt32] = [1, 1]
        while fibonacci.count < 40 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        for limit in [7, 15] {
            let frequencies = Array(fibonacci.prefix(limit == 7 ? 19 : 40))
            let lengths = PrefixCode.lengths(frequencies: frequencies, limit: limit)
            #expect(lengths.allSatisfy { $0 >= 1 && $0 <= limit })
            #expect(PrefixCode.lengths(frequencies: frequencies, limit: 40).max()! > limit, "the limit binds on Fibonacci frequencies")
            #expect(lengths.filter { $0 > 0 }.map { 1 << (limit - Int($0)) }.reduce(0, +) == 1 << limit)
            // Rarer symbols never get shorter codes.
            for k in 1..<frequencies.count { #expect(lengths[k] <= lengths[k - 1]) }
        }
    }

    @Test func unlimitedCodesAreHuffmanCodes() {
        // Frequencies 1, 1, 2, 4, 8: lengths 4, 4, 3, 2, 1; unused symbols get 0.
        let lengths = PrefixCode.lengths(frequencies: [1, 0, 1, 2, 4, 8], limit: 15)
        #expect(lengths == [4, 0, 4, 3, 2, 1])
        var g = Generator(state: 5)
        for _ in 0..<50 {
            let frequencies = (0..<280).map { _ in g.next(3) == 0 ? 0 : UInt32(g.next(100_000)) }
            let lengths = PrefixCode.lengths(frequencies: frequencies, limit: 15)
            #expect(kraftSum(lengths) == 1 << 15)
            #expect(zip(frequencies, lengths).allSatisfy { ($0 == 0) == ($1 == 0) && $1 <= 15 })
        }
    }

    @Test func singleAndTwoSymbolCodes() {
        #expect(PrefixCode.lengths(frequencies: [0, 0, 9, 0], limit: 15) == [0, 0, 1, 0])
        #expect(PrefixCode.lengths(frequencies: [0, 0, 0], limit: 15) == [0, 0, 0])
        #expect(PrefixCode.lengths(frequencies: [3, 0, 1000], limit: 15) == [1, 0, 1])
        let single = PrefixCode(frequencies: [0, 4, 0], limit: 15)
        #expect(single.bitCounts == [0, 0, 0], "a single symbol takes no bits")
    }

    @Test func canonicalCodesFollowLengthThenSymbolOrder() {
        // Lengths 2, 1, 3, 3: codes 10, 0, 110, 111 (stored bit-reversed).
        #expect(PrefixCode.canonicalCodes(lengths: [2, 1, 3, 3]) == [0b01, 0b0, 0b011, 0b111])
    }
}
