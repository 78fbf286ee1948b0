// Fuzz target `webp`: a sequence of indexed frames made from the input (FrameSequence says how)
// is written by our WebPWriter and read back by libwebp's WebPAnimDecoder, which demuxes,
// decodes and composites every frame itself: every frame shown must be the frame that went in,
// pixel for pixel in colour and opaque, for as many milliseconds as the frame rate gives it.
// A difference traps.
import Encoding
import Foundation
import FrameSequences
import FuzzSupport
import FuzzWebPDemux

private let scratch = Scratch("webp")

runLibFuzzer { data, count in
    guard let data, let sequence = FrameSequence(UnsafeBufferPointer(start: data, count: count), maximumFrameRate: WebPWriter.maximumFrameRate) else { return 0 }
    defer { scratch.empty() }
    let path = scratch.file("a.webp")
    do {
        let writer = try WebPWriter(path: path, width: sequence.width, height: sequence.height, fps: sequence.fps,
                                    finalHoldSeconds: Double(sequence.holdHundredths) / 100)
        for frame in sequence.frames { writer.append(frame) }
        let bytes = try writer.finish()
        check(writer.framesWritten == sequence.shown(ticksPerSecond: 1000).count, "frames written, \(sequence.summary)")
        guard let file = FileManager.default.contents(atPath: path) else { preconditionFailure("fuzz harness: cannot read \(path)") }
        check(file.count == bytes, "finish says \(bytes) bytes, the file has \(file.count)")
        compare(file, with: sequence.shown(ticksPerSecond: 1000), sequence)
    } catch {
        preconditionFailure("fuzz harness: cannot write \(path): \(error)")
    }
    return 0
}

/// Decodes `file` with WebPAnimDecoder and checks every composited frame and duration against `shown`.
private func compare(_ file: Data, with shown: [(frame: IndexedFrame, duration: Int)], _ sequence: FrameSequence) {
    file.withUnsafeBytes { bytes in
        var webp = WebPData(bytes: bytes.bindMemory(to: UInt8.self).baseAddress, size: bytes.count)
        var options = WebPAnimDecoderOptions()
        check(WebPAnimDecoderOptionsInit(&options) != 0, "libwebp does not match its headers")
        options.color_mode = MODE_RGBA
        options.use_threads = 0
        guard let decoder = WebPAnimDecoderNew(&webp, &options) else { return check(false, "libwebp cannot read the WebP of \(sequence.summary)") }
        defer { WebPAnimDecoderDelete(decoder) }
        var info = WebPAnimInfo()
        check(WebPAnimDecoderGetInfo(decoder, &info) != 0, "no animation info, \(sequence.summary)")
        check(Int(info.canvas_width) == sequence.width && Int(info.canvas_height) == sequence.height, "canvas size of \(sequence.summary)")
        check(Int(info.frame_count) == shown.count, "\(info.frame_count) frames for \(shown.count) shown of \(sequence.summary)")
        var previousEnd: Int32 = 0
        for (k, expected) in shown.enumerated() {
            var buffer: UnsafeMutablePointer<UInt8>?
            var end: Int32 = 0
            check(WebPAnimDecoderHasMoreFrames(decoder) != 0 && WebPAnimDecoderGetNext(decoder, &buffer, &end) != 0, "frame \(k) does not decode, \(sequence.summary)")
            guard let pixels = buffer else { return check(false, "frame \(k) has no pixels") }
            check(Int(end - previousEnd) == expected.duration, "frame \(k) lasts \(end - previousEnd) ms, not \(expected.duration), \(sequence.summary)")
            previousEnd = end
            let colors = expected.frame.colors.colors
            for (p, index) in expected.frame.indices.enumerated() {
                let rgba = pixels + 4 * p
                let shownColor = UInt32(rgba[0]) << 16 | UInt32(rgba[1]) << 8 | UInt32(rgba[2])
                if shownColor != colors[Int(index)] || rgba[3] != 255 {
                    check(false, "frame \(k) pixel (\(p % sequence.width), \(p / sequence.width)) shows \(String(shownColor, radix: 16)) alpha \(rgba[3]), not \(String(colors[Int(index)], radix: 16)), \(sequence.summary)")
                }
            }
        }
        check(WebPAnimDecoderHasMoreFrames(decoder) == 0, "more frames than shown, \(sequence.summary)")
    }
}
