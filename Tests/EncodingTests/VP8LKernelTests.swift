import Testing
import Foundation
@testable import Encoding

/// `VP8LEncoder`'s C kernels (LZ77 and token writing) against its Swift loops, kept as their
/// reference: every chunk must be the same bytes, on images chosen to reach every branch (noise,
/// long runs, one pixel, one colour, repeats far back, a hash ring that wraps).
@Suite struct VP8LKernelTests {
    /// A 64-bit LCG, so the images are the same on every run.
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private struct Image {
        var name: String
        var width: Int
        var height: Int
        var indices: [UInt8]
        var transparent: UInt8? = nil
    }

    private static func noise(_ width: Int, _ height: Int, colors: Int, seed: UInt64) -> [UInt8] {
        var g = Generator(state: seed)
        return (0..<width * height).map { _ in UInt8(g.next(colors)) }
    }

    private static var images: [Image] {
        var list: [Image] = []
        list.append(Image(name: "1×1", width: 1, height: 1, indices: [7]))
        list.append(Image(name: "1×1 transparent", width: 1, height: 1, indices: [0], transparent: 0))
        list.append(Image(name: "one colour 300×200", width: 300, height: 200, indices: [UInt8](repeating: 42, count: 300 * 200)))
        list.append(Image(name: "one column", width: 1, height: 777, indices: noise(1, 777, colors: 3, seed: 1)))
        list.append(Image(name: "one row", width: 5000, height: 1, indices: noise(5000, 1, colors: 256, seed: 2)))
        for (colors, seed) in [(2, 3), (4, 4), (16, 5), (17, 6), (256, 7)] {
            list.append(Image(name: "noise of \(colors)", width: 211, height: 97, indices: noise(211, 97, colors: colors, seed: UInt64(seed))))
        }
        // Long runs broken by a few pixels, and runs longer than the longest copy (4,096).
        var runs = [UInt8](repeating: 3, count: 640 * 100)
        var g = Generator(state: 8)
        for _ in 0..<40 { runs[g.next(runs.count)] = UInt8(g.next(200)) }
        list.append(Image(name: "long runs", width: 640, height: 100, indices: runs))
        let cleared: [UInt8] = runs.map { (v: UInt8) -> UInt8 in v == 3 ? 0 : v }
        list.append(Image(name: "long runs with transparency", width: 640, height: 100, indices: cleared, transparent: 0))
        // A noisy tile repeated: copies from far back through the hash chain, and from above.
        let tile = noise(61, 1, colors: 200, seed: 9)
        let tiled: [UInt8] = (0..<400 * 60).map { (k: Int) -> UInt8 in tile[k % 61] }
        list.append(Image(name: "repeated tile", width: 400, height: 60, indices: tiled))
        // Stripes: copies from above and 2-D distance codes of every kind.
        let stripes: [UInt8] = (0..<123 * 77).map { (k: Int) -> UInt8 in UInt8((k % 123 + k / 123) % 19) }
        list.append(Image(name: "diagonal stripes", width: 123, height: 77, indices: stripes))
        // Short images ending in two-valued noise (after all 17 indices, so unbundled): copies that
        // reach the last pixel, where the lazy look-ahead's limit is the image's end.
        var tails = Generator(state: 11)
        for k in 0..<300 {
            let length = 17 + 5 + tails.next(40)
            let pixels: [UInt8] = (0..<length).map { (x: Int) -> UInt8 in x < 17 ? UInt8(x) : UInt8(tails.next(2)) }
            list.append(Image(name: "tail \(k)", width: length, height: 1, indices: pixels))
        }
        // Over 2^20 positions inserted: the hash ring wraps and old entries must be skipped.
        list.append(Image(name: "large noise", width: 1100, height: 1000, indices: noise(1100, 1000, colors: 40, seed: 10)))
        return list
    }

    private static func colors() -> [UInt32] {
        (0..<256).map { (k: Int) -> UInt32 in 0xFF00_0000 | (UInt32(k) &* 0x010305 & 0xFF_FFFF) }
    }

    private static func chunk(_ image: Image, kernels: Bool, chainLength: Int = 8, lazy: Bool = true) -> [UInt8] {
        let encoder = VP8LEncoder(chainLength: chainLength, lazyMatching: lazy)
        encoder.usesKernels = kernels
        return [UInt8](encoder.chunk(indices: image.indices, width: image.width, height: image.height,
                                     colors: colors(), transparent: image.transparent))
    }

    @Test(arguments: [(8, true), (8, false), (1, true), (64, true)])
    func kernelsWriteTheReferenceBytes(chainLength: Int, lazy: Bool) {
        for image in Self.images {
            let fast = Self.chunk(image, kernels: true, chainLength: chainLength, lazy: lazy)
            let reference = Self.chunk(image, kernels: false, chainLength: chainLength, lazy: lazy)
            let first = zip(fast, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(fast == reference, "\(image.name): \(fast.count) bytes against \(reference.count), first difference at \(first.map(String.init) ?? "the end")")
        }
    }

    /// One encoder for frame after frame (its hash table and scratch reused), as an animation uses it.
    @Test func kernelsWriteTheReferenceBytesFrameAfterFrame() {
        let fast = VP8LEncoder(), reference = VP8LEncoder()
        reference.usesKernels = false
        for image in Self.images.reversed() {
            let a = fast.chunk(indices: image.indices, width: image.width, height: image.height, colors: Self.colors(), transparent: image.transparent)
            let b = reference.chunk(indices: image.indices, width: image.width, height: image.height, colors: Self.colors(), transparent: image.transparent)
            #expect(a == b, "\(image.name)")
        }
    }
}
