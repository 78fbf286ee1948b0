import CWebP
import Encoding
import Foundation
import Render

/// A training-like sequence of binary fields for the circles data: the boundary grows from a
/// blurry line into a sharp circle of radius ~0.75 over `frames` frames.
func syntheticCirclesField(frame: Int, of frames: Int, grid: Int, domain: PlaneRect) -> ValueField {
    let t = Double(frame) / Double(max(frames - 1, 1))
    let sharpness = 1 + 14 * t
    let radius = 0.3 + 0.45 * (1 - exp(-5 * t))
    let tilt = 0.8 * (1 - t)
    let values = ValueField.gridPoints(columns: grid, rows: grid, domain: domain).map { p -> Float in
        let r = ((p.x * p.x + p.y * p.y).squareRoot())
        let z = sharpness * (radius - r) + tilt * p.x
        return Float(1 / (1 + exp(-z)))
    }
    return ValueField(columns: grid, rows: grid, domain: domain, kind: .binary, values: values)
}

/// Points on two noisy circles, for the render benchmark.
func syntheticCirclesPoints(count: Int) -> [ScatterPoint] {
    var state: UInt64 = 12345
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    return (0..<count).map { i in
        let inner = i % 2 == 1
        let angle = 2 * Double.pi * uniform()
        let r = (inner ? 0.5 : 1.0) + 0.1 * (uniform() + uniform() + uniform() - 1.5) * 2
        return ScatterPoint(x: r * cos(angle), y: r * sin(angle), classIndex: inner ? 1 : 0,
                            isTest: i % 5 == 0, isMisclassified: i % 97 == 0)
    }
}

/// Renderer figures: frames per second of a 480×480 decision-boundary frame on one core (heat map,
/// points, title, GIF encoding) and bytes per frame over a 500-frame training-like sequence.
func runRenderBenchmarks() {
    print("== render ==")
    do {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let size = 480, frames = 500, grid = 96
        let domain = PlaneRect(minX: -1.5, maxX: 1.5, minY: -1.5, maxY: 1.5)
        let points = syntheticCirclesPoints(count: 1000)
        let fields = (0..<frames).map { syntheticCirclesField(frame: $0, of: frames, grid: grid, domain: domain) }
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: size, height: size), domain: domain,
                                  classNames: ["outer", "inner"], font: font, bold: bold)
        let template = Canvas(width: size, height: size)
        panel.drawBackground(on: template)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-\(getpid()).gif").path
        defer { unlink(path) }
        var drawSeconds = 0.0
        let start = monotonicSeconds()
        let writer = try GIFWriter(path: path, width: size, height: size, fps: 20)
        var canvas = template
        for (index, field) in fields.enumerated() {
            let drawStart = monotonicSeconds()
            canvas = Canvas(copying: template)
            panel.drawFrame(on: canvas, field: field, points: points,
                            title: String(format: "Epoch %d · loss %.3f · accuracy %.1f %%", index, 0.69 * exp(-Double(index) / 120), 50 + 49.5 * Double(index) / 499))
            drawSeconds += monotonicSeconds() - drawStart
            writer.append(canvas.indexedFrame())
        }
        try writer.finish()
        let total = monotonicSeconds() - start
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(String(format: "decision boundary 480×480, 1000 points, %d frames: %.1f frames/s (draw %.2f ms, encode %.2f ms per frame), one core",
                     frames, Double(frames) / total, drawSeconds / Double(frames) * 1000, (total - drawSeconds) / Double(frames) * 1000))
        print(String(format: "GIF: %.2f MB in all, %.1f kB per frame (%d frames written)", Double(bytes) / 1e6, Double(bytes) / Double(frames) / 1e3, writer.framesWritten))
        if let keep = ProcessInfo.processInfo.environment["FLIPBOOK_BENCH_KEEP"] {
            try? FileManager.default.removeItem(atPath: keep + "/bench.gif")
            try FileManager.default.copyItem(atPath: path, toPath: keep + "/bench.gif")
            try PNGWriter.write(canvas, to: keep + "/bench_last.png")
        }
        try compareWebPEncoders(panel: panel, template: template, fields: fields, points: points)
        comparePNGEncoders(panel: panel, template: template, fields: fields, points: points)
        try largeDataBenchmarks()
    } catch {
        print("render benchmark failed: \(error)")
    }
}

/// The frames above as `WebPWriter` cuts them (the rectangle that changed, its corner on even
/// pixels, unchanged pixels transparent), each encoded by libwebp's `WebPEncode` (lossless,
/// method 1, quality 20, as `WebPWriter` configured it) and by `VP8LEncoder`: nanoseconds per
/// pixel of the rectangles and the bytes of the `VP8L` chunks, in the same run.
func compareWebPEncoders(panel: BoundaryPanel, template: Canvas, fields: [ValueField], points: [ScatterPoint]) throws {
    let size = template.width
    let canvas = Canvas(width: size, height: size)
    let palette = Palette.standard
    let argbOfIndex = palette.colors.map { 0xFF00_0000 | UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }
    var previous: [UInt8] = []
    var indices = [UInt8](repeating: 0, count: size * size), argb = [UInt32](repeating: 0, count: size * size)
    var config = WebPConfig()
    guard WebPConfigInit(&config) != 0 else { throw LibWebPError(message: "libwebp does not match its headers") }
    config.lossless = 1
    config.method = 1
    config.quality = 20
    config.exact = 0
    let ours = VP8LEncoder()
    var pixels = 0, libwebpSeconds = 0.0, oursSeconds = 0.0, libwebpBytes = 0, oursBytes = 0, encoded = 0
    for (index, field) in fields.enumerated() {
        canvas.copyPixels(from: template)
        panel.drawFrame(on: canvas, field: field, points: points,
                        title: String(format: "Epoch %d · loss %.3f · accuracy %.1f %%", index, 0.69 * exp(-Double(index) / 120), 50 + 49.5 * Double(index) / 499))
        let current = (0..<size * size).map { canvas[$0 % size, $0 / size] }
        // The changed rectangle, as WebPWriter finds it.
        var rect = Rect(x: 0, y: 0, width: size, height: size)
        if !previous.isEmpty {
            var top = size, bottom = -1, left = size, right = -1
            for y in 0..<size {
                for x in 0..<size where current[y * size + x] != previous[y * size + x] {
                    top = min(top, y); bottom = max(bottom, y); left = min(left, x); right = max(right, x)
                }
            }
            guard bottom >= 0 else { continue }
            rect = Rect(x: left & ~1, y: top & ~1, width: right + 1 - (left & ~1), height: bottom + 1 - (top & ~1))
        }
        for row in 0..<rect.height {
            for x in 0..<rect.width {
                let k = (rect.y + row) * size + rect.x + x, value = current[k]
                let unchanged = !previous.isEmpty && previous[k] == value
                indices[row * rect.width + x] = unchanged ? Palette.transparent : value
                argb[row * rect.width + x] = unchanged ? 0 : argbOfIndex[Int(value)]
            }
        }
        previous = current
        let count = rect.width * rect.height
        var start = monotonicSeconds()
        let theirs = try argb.withUnsafeMutableBufferPointer { argb in try libwebpChunk(argb.baseAddress!, width: rect.width, height: rect.height, config: &config) }
        libwebpSeconds += monotonicSeconds() - start
        start = monotonicSeconds()
        let mine = indices.withUnsafeBufferPointer { indices in
            ours.chunk(indices: UnsafeBufferPointer(rebasing: indices[0..<count]), width: rect.width, height: rect.height,
                       colors: argbOfIndex, transparent: Palette.transparent)
        }
        oursSeconds += monotonicSeconds() - start
        pixels += count
        libwebpBytes += theirs
        oursBytes += mine.count
        encoded += 1
    }
    print(String(format: "WebP frames (%d changed rectangles, %.1f Mpixels): libwebp WebPEncode %.2f ns/pixel, %d bytes; VP8LEncoder %.2f ns/pixel, %d bytes (%.2f× the time, %.3f× the bytes)",
                 encoded, Double(pixels) / 1e6, libwebpSeconds / Double(pixels) * 1e9, libwebpBytes, oursSeconds / Double(pixels) * 1e9, oursBytes,
                 oursSeconds / libwebpSeconds, Double(oursBytes) / Double(libwebpBytes)))
}

/// Twenty of the frames above as stills, encoded by libgd's PNG writer at its default level (what
/// Flipbook used before `PNGEncoder`) and by `PNGEncoder` at libdeflate's levels 3–6: bytes and
/// milliseconds for the twenty on one core, best of 5, in the same run.
func comparePNGEncoders(panel: BoundaryPanel, template: Canvas, fields: [ValueField], points: [ScatterPoint]) {
    let stills: [Canvas] = stride(from: 0, to: fields.count, by: max(1, fields.count / 20)).prefix(20).map { index in
        let canvas = Canvas(width: template.width, height: template.height)
        canvas.copyPixels(from: template)
        panel.drawFrame(on: canvas, field: fields[index], points: points, title: "Epoch \(index) · a still")
        return canvas
    }
    let frames = stills.map { $0.stillFrame() }
    func best(_ encode: () -> Int) -> (bytes: Int, seconds: Double) {
        var bytes = 0
        let seconds = (0..<5).map { _ in
            let start = monotonicSeconds()
            bytes = encode()
            return monotonicSeconds() - start
        }.min()!
        return (bytes, seconds)
    }
    let libgd = best { stills.reduce(0) { $0 + $1.libgdPNGData().count } }
    print(String(format: "PNG stills (%d boundary frames, one core, best of 5): libgd (zlib level 6) %d bytes, %.1f ms",
                 stills.count, libgd.bytes, 1000 * libgd.seconds))
    for level: Int32 in [3, 4, 5, 6] {
        let ours = best { frames.reduce(0) { $0 + PNGEncoder.encode($1, level: level).count } }
        print(String(format: "  PNGEncoder, libdeflate level %d%@: %d bytes (%+.1f %%), %.1f ms (%.2f× libgd's time)", level,
                     level == PNGEncoder.defaultLevel ? " (in use)" : "", ours.bytes, 100 * (Double(ours.bytes) / Double(libgd.bytes) - 1),
                     1000 * ours.seconds, ours.seconds / libgd.seconds))
    }
}

/// The size in bytes of libwebp's `VP8L` chunk for `width × height` ARGB pixels.
private func libwebpChunk(_ pixels: UnsafeMutablePointer<UInt32>, width: Int, height: Int, config: inout WebPConfig) throws -> Int {
    var picture = WebPPicture()
    guard WebPPictureInit(&picture) != 0 else { throw LibWebPError(message: "libwebp does not match its headers") }
    picture.use_argb = 1
    picture.width = Int32(width)
    picture.height = Int32(height)
    picture.argb = pixels
    picture.argb_stride = Int32(width)
    var memory = WebPMemoryWriter()
    WebPMemoryWriterInit(&memory)
    defer { WebPMemoryWriterClear(&memory); WebPPictureFree(&picture) }
    picture.writer = WebPMemoryWrite
    let ok = withUnsafeMutablePointer(to: &memory) { writer in
        picture.custom_ptr = UnsafeMutableRawPointer(writer)
        return WebPEncode(&config, &picture)
    }
    guard ok != 0 else { throw LibWebPError(message: "libwebp error \(picture.error_code.rawValue)") }
    return memory.size - 12        // the still file less its RIFF header: the VP8L chunk
}

/// libwebp refused a frame.
private struct LibWebPError: Error {
    let message: String
}
