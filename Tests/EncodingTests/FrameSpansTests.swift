import Testing
import LinearAlgebra
import Foundation
@testable import Encoding

/// The per-row changed spans a frame difference is cut by, the patch and its stretches, and the
/// LZW that skips the stretches known to be 0, each against its plain definition.
@Suite struct FrameSpansTests {
    /// A seeded generator: the same frames every run.
    struct Random {
        var state: UInt64
        mutating func callAsFunction(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
    }

    /// Each row's first and last differing column, one pixel at a time (-1, -1 for none).
    static func naiveSpans(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> [Int] {
        (0..<height).flatMap { y -> [Int] in
            let changed = (0..<width).filter { a[y * width + $0] != b[y * width + $0] }
            return [changed.first ?? -1, changed.last ?? -1]
        }
    }

    /// Frame pairs of every shape that matters: one pixel, one row or column, widths around the
    /// vector size; no change, one pixel, a few, the corners and borders, every pixel.
    static func framePairs() -> [(a: [UInt8], b: [UInt8], width: Int, height: Int)] {
        var random = Random(state: 77), pairs: [(a: [UInt8], b: [UInt8], width: Int, height: Int)] = []
        let sizes = [(1, 1), (1, 9), (9, 1), (31, 3), (32, 4), (33, 5), (64, 2), (65, 7), (97, 11), (200, 6)]
        for trial in 0..<300 {
            let (width, height) = sizes[trial % sizes.count]
            let a = (0..<(width * height)).map { _ in UInt8(random(3)) }
            var b = a
            func change(_ x: Int, _ y: Int) { b[y * width + x] &+= UInt8(1 + random(3)) }
            switch (trial / sizes.count) % 6 {
            case 0: break
            case 1: change(random(width), random(height))
            case 2: for _ in 0..<3 { change(random(width), random(height)) }
            case 3: change(0, 0); change(width - 1, height - 1)           // touching every border
            case 4: for y in 0..<height { change(0, y) }; change(width - 1, random(height))
            default: for y in 0..<height { for x in 0..<width { change(x, y) } }
            }
            pairs.append((a, b, width, height))
        }
        return pairs
    }

    /// Run with the C kernels' vector variants and with their plain loops (`VectorKernels`).
    @Test(arguments: [true, false]) func spansAreEachRowsFirstAndLastDifference(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var spans: [Int] = []
            for (trial, (a, b, width, height)) in Self.framePairs().enumerated() {
                let rect = changedSpans(a, b, width: width, height: height, into: &spans)
                #expect(rect == ChangedRectWideTests.naive(a, b, width: width, height: height), "trial \(trial)")
                #expect(spans == Self.naiveSpans(a, b, width: width, height: height), "trial \(trial): \(width) × \(height)")
            }
        }
    }

    /// Frames through the differencer (GIF's corners, WebP's even ones, with and without a
    /// transparent index): each patch is its rectangle of the frame with the pixels equal to the
    /// frame shown before it transparent, and outside its stretches every index is transparent,
    /// the stretches being the rows' changed spans.
    @Test(arguments: [(false, true), (true, true), (false, false)])
    func patchesAreTheFrameCutToWhatChanged(evenCorners: Bool, transparency: Bool) {
        var random = Random(state: 5)
        let colors = ColorTable(colors: (0..<8).map { UInt32($0) * 0x10_1010 })
        for (width, height) in [(1, 1), (3, 1), (1, 4), (37, 9), (70, 13)] {
            var differencer = FrameDifferencer(width: width, height: height, schedule: FrameSchedule(pace: .steady(10), ticksPerSecond: 100),
                                               finalHold: 0, evenCorners: evenCorners)
            var frames: [[UInt8]] = [], patches: [(rect: PixelRect, indices: [UInt8], stretches: [Int]?)] = []
            var current = (0..<(width * height)).map { _ in UInt8(1 + random(7)) }
            for step in 0..<30 {
                if step > 0 {
                    switch step % 4 {
                    case 0: break                                                  // a repeat
                    case 1: current[random(width * height)] = UInt8(1 + random(7))
                    case 2: current[0] = UInt8(1 + random(7)); current[width * height - 1] = UInt8(1 + random(7))
                    default: for k in current.indices where random(3) == 0 { current[k] = UInt8(1 + random(7)) }
                    }
                }
                if frames.last != current { frames.append(current) }
                let frame = IndexedFrame(width: width, height: height, indices: current, colors: colors, transparent: transparency ? 0 : nil)
                differencer.append(frame) { patches.append(($0.rect, Array($0.indices), $0.stretches.map(Array.init))) }
            }
            differencer.finish { patches.append(($0.rect, Array($0.indices), $0.stretches.map(Array.init))) }
            #expect(patches.count == frames.count)
            for (k, patch) in patches.enumerated().dropFirst() where k < frames.count {
                let (now, before, rect) = (frames[k], frames[k - 1], patch.rect)
                var expected: [UInt8] = [], stretches: [Int] = []
                let spans = Self.naiveSpans(before, now, width: width, height: height)
                for row in 0..<rect.height {
                    let y = rect.y + row
                    for x in rect.x..<(rect.x + rect.width) {
                        let pixel = now[y * width + x]
                        expected.append(transparency && pixel == before[y * width + x] ? 0 : pixel)
                    }
                    if spans[2 * y] >= 0 { stretches += [row * rect.width + spans[2 * y] - rect.x, row * rect.width + spans[2 * y + 1] - rect.x + 1] }
                }
                #expect(patch.indices == expected, "\(width) × \(height), patch \(k)")
                #expect(patch.stretches == (transparency ? stretches : nil), "\(width) × \(height), patch \(k)")
                if let changed = ChangedRectWideTests.naive(before, now, width: width, height: height) {
                    let x = evenCorners ? changed.x & ~1 : changed.x, y = evenCorners ? changed.y & ~1 : changed.y
                    #expect(rect == PixelRect(x: x, y: y, width: changed.x + changed.width - x, height: changed.y + changed.height - y))
                }
            }
        }
    }

    /// Pixels 0 outside random stretches (none, one pixel, the first and last pixel, rows of a
    /// frame), zero runs and other indices inside them, long enough to fill the table and clear
    /// it: the codes of plain greedy LZW, with and without the stretches, vector kernels or not.
    @Test(arguments: [true, false]) func zeroStretchesEncodeAsPlainGreedyLZW(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var random = Random(state: 11)
            var encoder = LZWEncoder()
            for trial in 0..<40 {
                let count = [1, 2, 5, 64, 700, 5_000, 60_000, 200_000][trial % 8]
                var stretches: [Int] = []
                switch trial % 5 {
                case 0: break
                case 1: let at = random(count); stretches = [at, at + 1]
                case 2: stretches = count > 1 ? [0, 1, count - 1, count] : [0, 1]
                default:
                    var at = random(40)
                    while at < count {
                        let end = min(count, at + 1 + random(trial % 5 == 3 ? 30 : 3_000))
                        stretches += [at, end]
                        at = end + random(2_000)
                    }
                }
                var pixels = [UInt8](repeating: 0, count: count)
                for pair in stride(from: 0, to: stretches.count, by: 2) {
                    var x = stretches[pair]
                    while x < stretches[pair + 1] {
                        let run = 1 + random(random(4) == 0 ? 400 : 6), value = random(3) == 0 ? UInt8(1 + random(255)) : 0
                        for k in x..<min(x + run, stretches[pair + 1]) { pixels[k] = value }
                        x += run
                    }
                }
                let reference = LZWTests.referenceCodes(pixels)
                let hinted = pixels.withUnsafeBufferPointer { pixels in
                    stretches.withUnsafeBufferPointer { encoder.encode(pixels, stretches: $0) }
                }
                let plain = pixels.withUnsafeBufferPointer { encoder.encode($0) }
                #expect(LZWTests.codes(hinted) == reference, "trial \(trial): \(count) pixels, \(stretches.count / 2) stretches")
                #expect(hinted == plain, "trial \(trial)")
            }
        }
    }
}
