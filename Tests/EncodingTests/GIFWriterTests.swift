import Testing
import LinearAlgebra
import Foundation
import TestSupport
@testable import Encoding
@testable import Render

@Suite struct GIFWriterTests {
    /// Frames 0, 1, 1, 1, 2: the repeats merge into one frame with three delays; every frame
    /// after the first is cropped to what changed; the composites equal the frames drawn.
    @Test func repeatsMergeFramesAreCroppedAndCompositesMatch() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("anim.gif").path
        let writer = try GIFWriter(path: path, width: 40, height: 30, fps: 20, loop: .forever, finalHoldSeconds: 1)
        let canvas = Canvas(width: 40, height: 30)
        canvas.fill(Rect(x: 0, y: 0, width: 20, height: 30), Palette.classColor(0))
        var expected: [[UInt8]] = [pixels(canvas)]
        writer.append(canvas)
        canvas.fill(Rect(x: 5, y: 6, width: 4, height: 3), Palette.classColor(1))
        expected.append(pixels(canvas))
        for _ in 0..<3 { writer.append(canvas) }
        canvas.fill(Rect(x: 30, y: 20, width: 2, height: 5), Palette.red)
        expected.append(pixels(canvas))
        writer.append(canvas)
        #expect(!FileManager.default.fileExists(atPath: path), "the file appears only when finished")
        try writer.finish()

        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(gif.width == 40 && gif.height == 30)
        #expect(gif.globalColors.count == 256)
        #expect(gif.globalColors[Int(Palette.classColor(0))] == (0x3F, 0x90, 0xDA))
        #expect(gif.loopCount == 0)
        #expect(gif.frames.count == 3)
        #expect(gif.frames.map(\.delay) == [5, 15, 5 + 100])
        #expect(gif.frames[0].width == 40 && gif.frames[0].height == 30 && gif.frames[0].transparent == nil)
        #expect((gif.frames[1].left, gif.frames[1].top, gif.frames[1].width, gif.frames[1].height) == (5, 6, 4, 3))
        #expect((gif.frames[2].left, gif.frames[2].top, gif.frames[2].width, gif.frames[2].height) == (30, 20, 2, 5))
        #expect(gif.frames[2].transparent == Int(Palette.transparent))
        let composites = gif.composites()
        for (index, composite) in composites.enumerated() {
            #expect(composite == expected[index], "frame \(index) differs")
        }
        #expect(composites[0][15 * 40 + 10] == Palette.classColor(0))
        #expect(composites[0][15 * 40 + 30] == Palette.background)
        #expect(writer.framesWritten == 3)
    }

    @Test func transparentPixelsInsideTheChangedRectangle() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("diag.gif").path
        let writer = try GIFWriter(path: path, width: 16, height: 16, fps: 10, loop: .times(4))
        let canvas = Canvas(width: 16, height: 16)
        writer.append(canvas)
        canvas[2, 2] = Palette.red
        canvas[12, 13] = Palette.red
        writer.append(canvas)
        try writer.finish()
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(gif.loopCount == 3)
        #expect(gif.frames.map(\.delay) == [10, 10 + 200])
        let patch = gif.frames[1]
        #expect((patch.left, patch.top, patch.width, patch.height) == (2, 2, 11, 12))
        let opaque = patch.indices.filter { $0 != Palette.transparent }
        #expect(opaque == [Palette.red, Palette.red])
    }

    @Test func anAbandonedWriterLeavesNoFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("never.gif").path
        do {
            let writer = try GIFWriter(path: path, width: 8, height: 8, fps: 20)
            writer.append(Canvas(width: 8, height: 8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(throws: FileWriteError.self) {
            try GIFWriter(path: directory.appendingPathComponent("no/such/dir.gif").path, width: 8, height: 8, fps: 20)
        }
    }
}

/// Noise frames fill the LZW table many times over (widths 9…12 and restarts); the decoder in
/// the test target and gifsicle must both read them back exactly.
@Suite struct LZWTests {
    /// Plain greedy LZW as GIF defines it (a dictionary of every string, one pixel at a time), with
    /// the encoder's table policy: codes of 9 to 12 bits, a clear code when the table is full.
    static func referenceCodes(_ pixels: [UInt8]) -> [UInt8] {
        var table: [Int: Int] = [:], next = 258, width = 9
        var bits: [UInt8] = [], buffer = 0, count = 0
        func emit(_ code: Int) {
            buffer |= code << count
            count += width
            while count >= 8 { bits.append(UInt8(buffer & 0xFF)); buffer >>= 8; count -= 8 }
        }
        emit(256)
        var prefix = Int(pixels[0])
        for byte in pixels.dropFirst().map(Int.init) {
            if let code = table[prefix << 8 | byte] { prefix = code; continue }
            emit(prefix)
            if next < 4096 {
                table[prefix << 8 | byte] = next
                if next == 1 << width, width < 12 { width += 1 }
                next += 1
            } else {
                emit(256)
                (table, width, next) = ([:], 9, 258)
            }
            prefix = byte
        }
        emit(prefix)
        emit(257)
        if count > 0 { bits.append(UInt8(buffer & 0xFF)) }
        return bits
    }

    /// The encoder's codes with GIF's sub-block framing removed.
    static func codes(_ encoded: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [], at = 1
        while encoded[at] != 0 { bytes += encoded[(at + 1)..<(at + 1 + Int(encoded[at]))]; at += 1 + Int(encoded[at]) }
        return bytes
    }

    /// Runs of the transparent index 0 of every length from 1 to 300 at every alignment between
    /// other indices (a frame difference's shape), long enough to fill the table and restart: the
    /// encoder's run skipping (eight bytes at a time) emits exactly the codes of plain greedy LZW.
    @Test func runsOfZerosEncodeAsPlainGreedyLZW() {
        var pixels: [UInt8] = [], state: UInt64 = 3
        for length in 1...300 {
            for _ in 0..<(1 + length % 7) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                pixels.append(UInt8(1 + (state >> 33) % 5))
            }
            pixels += [UInt8](repeating: 0, count: length)
        }
        pixels += [UInt8](repeating: 0, count: 5000) + [7] + [UInt8](repeating: 0, count: 70_000)
        var encoder = LZWEncoder()
        let encoded = pixels.withUnsafeBufferPointer { encoder.encode($0) }
        #expect(Self.codes(encoded) == Self.referenceCodes(pixels))
    }

    /// Noise with runs (every index, the table filled and restarted many times) through the
    /// encoder's coder in C: the codes of plain greedy LZW.
    /// Run with the C kernels' vector variants and with their plain loops (`VectorKernels`).
    @Test(arguments: [true, false]) func noiseEncodesAsPlainGreedyLZW(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var pixels: [UInt8] = [], state: UInt64 = 29
            while pixels.count < 200_000 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let run = (state >> 61) == 0 ? Int(state >> 20) % 40 : 1
                pixels += [UInt8](repeating: (state >> 59) == 0 ? 0 : UInt8((state >> 33) % 256), count: max(1, run))
            }
            var encoder = LZWEncoder()
            for length in [1, 2, 3, 257, 4096, pixels.count] {
                let part = Array(pixels.prefix(length))
                let encoded = part.withUnsafeBufferPointer { encoder.encode($0) }
                #expect(Self.codes(encoded) == Self.referenceCodes(part), "\(length) pixels")
            }
        }
    }

    @Test func noiseFramesRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("noise.gif").path
        let writer = try GIFWriter(path: path, width: 97, height: 61, fps: 25)
        var state: UInt64 = 7
        var expected: [[UInt8]] = []
        let canvas = Canvas(width: 97, height: 61)
        for frame in 0..<4 {
            for y in 0..<61 {
                for x in 0..<97 where frame == 0 || (x + y + frame) % 3 == 0 {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    // Runs of equal values now and then, as in real pictures, and every index but 0.
                    canvas[x, y] = (state >> 60) < 3 ? 42 : UInt8(1 + (state >> 33) % 255)
                }
            }
            expected.append(pixels(canvas))
            writer.append(canvas)
        }
        try writer.finish()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let gif = try DecodedGIF(bytes)
        #expect(gif.frames.count == 4)
        #expect(gif.composites() == expected)

        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["gifsicle", "--unoptimize", path, "-o", path + ".full.gif"]   // decodes every frame
        check.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        check.standardError = errors
        try check.run()
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0 && complaints.isEmpty, "gifsicle: \(complaints)")
    }
}

/// The changed rectangle of two frames (found eight bytes at a time) against a pixel-by-pixel scan.
@Suite struct ChangedRectTests {
    @Test func theChangedRectangleIsWhereThePixelsDiffer() {
        var state: UInt64 = 9
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        for width in 1...40 {
            for trial in 0..<20 {
                let height = 1 + next(6)
                let a = (0..<(width * height)).map { _ in UInt8(next(3)) }
                var b = a
                for _ in 0..<(trial % 4) { b[next(width * height)] ^= UInt8(1 + next(255)) }
                var expected: PixelRect?
                var minX = Int.max, maxX = -1, minY = Int.max, maxY = -1
                for y in 0..<height { for x in 0..<width where a[y * width + x] != b[y * width + x] {
                    (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
                } }
                if maxY >= 0 { expected = PixelRect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1) }
                #expect(changedRect(a, b, width: width, height: height) == expected, "width \(width), trial \(trial)")
            }
        }
    }
}

/// The rectangle a frame difference keeps (found by CKernels, 32 bytes at a time, later rows
/// searched only outside the columns known to have changed) is the smallest rectangle holding
/// every changed pixel, found one pixel at a time.
@Suite struct ChangedRectWideTests {
    static func naive(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> PixelRect? {
        var minX = Int.max, maxX = -1, minY = Int.max, maxY = -1
        for y in 0..<height {
            for x in 0..<width where a[y * width + x] != b[y * width + x] {
                (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
            }
        }
        return maxY < 0 ? nil : PixelRect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// Run with the C kernels' vector variants and with their plain loops (`VectorKernels`).
    @Test(arguments: [true, false]) func theChangedRectangleIsTheSmallestHoldingEveryChange(vectorKernels: Bool) {
        VectorKernels.with(allowed: vectorKernels) {
            var state: UInt64 = 41
            func random(_ n: Int) -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int(state >> 33) % n
            }
            for trial in 0..<400 {
                let width = [1, 7, 31, 32, 33, 64, 65, 97, 200][trial % 9], height = 1 + random(40)
                let a = (0..<(width * height)).map { _ in UInt8(random(4)) }
                var b = a
                // None, one, a few (some only inside the columns of earlier changes), or many changes.
                let changes = [0, 1, 3, 12, width * height / 3][trial % 5]
                var earlier: [Int] = []
                for k in 0..<changes {
                    let x = k > 1 && !earlier.isEmpty && random(2) == 0 ? earlier[random(earlier.count)] : random(width)
                    let y = random(height)
                    b[y * width + x] &+= UInt8(1 + random(3))
                    earlier.append(x)
                }
                #expect(changedRect(a, b, width: width, height: height) == Self.naive(a, b, width: width, height: height),
                        "trial \(trial): \(width) × \(height), \(changes) changes")
            }
        }
    }
}
