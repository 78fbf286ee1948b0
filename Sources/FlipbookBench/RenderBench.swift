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
        let canvas = Canvas(width: size, height: size)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-bench-\(getpid()).gif").path
        defer { unlink(path) }
        var drawSeconds = 0.0
        let start = monotonicSeconds()
        let writer = try GIFWriter(path: path, width: size, height: size, fps: 20)
        for (index, field) in fields.enumerated() {
            let drawStart = monotonicSeconds()
            canvas.copyPixels(from: template)
            panel.drawFrame(on: canvas, field: field, points: points,
                            title: String(format: "Epoch %d · loss %.3f · accuracy %.1f %%", index, 0.69 * exp(-Double(index) / 120), 50 + 49.5 * Double(index) / 499))
            drawSeconds += monotonicSeconds() - drawStart
            writer.append(canvas)
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
    } catch {
        print("render benchmark failed: \(error)")
    }
}
