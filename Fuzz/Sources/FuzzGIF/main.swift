// Fuzz target `gif`: a sequence of indexed frames made from the input (FrameSequence says how)
// is written by our GIFWriter and read back by giflib (DGifSlurp, every frame), composited here
// as the GIF says (each image over the last, its transparent index leaving pixels as they were):
// every frame shown must be the frame that went in, pixel for pixel in colour, for as many
// hundredths as the frame rate gives it. A difference traps.
import Encoding
import Foundation
import FrameSequences
import FuzzGIFLib
import FuzzSupport

private let scratch = Scratch("gif")

runLibFuzzer { data, count in
    guard let data, let sequence = FrameSequence(UnsafeBufferPointer(start: data, count: count), maximumFrameRate: GIFWriter.maximumFrameRate) else { return 0 }
    defer { scratch.empty() }
    let path = scratch.file("a.gif")
    do {
        let writer = try GIFWriter(path: path, width: sequence.width, height: sequence.height, fps: sequence.fps,
                                   finalHoldSeconds: Double(sequence.holdHundredths) / 100)
        for frame in sequence.frames { writer.append(frame) }
        try writer.finish()
    } catch {
        preconditionFailure("fuzz harness: cannot write \(path): \(error)")
    }
    compare(path, with: sequence.shown(ticksPerSecond: 100), sequence)
    return 0
}

/// Decodes `path` with giflib and checks every composited frame and delay against `shown`.
private func compare(_ path: String, with shown: [(frame: IndexedFrame, duration: Int)], _ sequence: FrameSequence) {
    var error: Int32 = 0
    guard let gif = DGifOpenFileName(path, &error) else { return check(false, "giflib cannot open the GIF (error \(error)) of \(sequence.summary)") }
    defer { DGifCloseFile(gif, &error) }
    check(DGifSlurp(gif) == GIF_OK, "giflib cannot read the GIF (error \(gif.pointee.Error)) of \(sequence.summary)")
    check(Int(gif.pointee.SWidth) == sequence.width && Int(gif.pointee.SHeight) == sequence.height, "screen size of \(sequence.summary)")
    check(Int(gif.pointee.ImageCount) == shown.count, "\(gif.pointee.ImageCount) images for \(shown.count) frames shown of \(sequence.summary)")
    var canvas = [UInt32](repeating: 0xFF00_0000, count: sequence.width * sequence.height)   // no colour: never drawn
    for (k, expected) in shown.enumerated() {
        let image = gif.pointee.SavedImages[k]
        let d = image.ImageDesc
        let (left, top, w, h) = (Int(d.Left), Int(d.Top), Int(d.Width), Int(d.Height))
        check(left >= 0 && top >= 0 && left + w <= sequence.width && top + h <= sequence.height && !d.Interlace, "frame \(k) lies outside the screen of \(sequence.summary)")
        guard let map = d.ColorMap ?? gif.pointee.SColorMap else { return check(false, "frame \(k) has no colour table, \(sequence.summary)") }
        var control = GraphicsControlBlock()
        check(DGifSavedExtensionToGCB(gif, Int32(k), &control) == GIF_OK, "frame \(k) has no graphic control block, \(sequence.summary)")
        check(Int(control.DelayTime) == expected.duration, "frame \(k) lasts \(control.DelayTime) hundredths, not \(expected.duration), \(sequence.summary)")
        check(control.DisposalMode <= 1, "frame \(k) is disposed (\(control.DisposalMode)), \(sequence.summary)")
        for y in 0..<h {
            for x in 0..<w {
                let index = Int(image.RasterBits[y * w + x])
                guard index != Int(control.TransparentColor) else { continue }
                check(index < Int(map.pointee.ColorCount), "frame \(k) uses index \(index) past its table, \(sequence.summary)")
                let c = map.pointee.Colors[index]
                canvas[(top + y) * sequence.width + left + x] = UInt32(c.Red) << 16 | UInt32(c.Green) << 8 | UInt32(c.Blue)
            }
        }
        let colors = expected.frame.colors.colors
        for (p, index) in expected.frame.indices.enumerated() where canvas[p] != colors[Int(index)] {
            check(false, "frame \(k) pixel (\(p % sequence.width), \(p / sequence.width)) shows \(String(canvas[p], radix: 16)), not \(String(colors[Int(index)], radix: 16)), \(sequence.summary)")
        }
    }
}
