import Encoding
import Render

/// Every palette index of `canvas`, row after row.
func pixels(_ canvas: Canvas) -> [UInt8] {
    (0..<canvas.height).flatMap { y in (0..<canvas.width).map { x in canvas[x, y] } }
}

extension AnimationWriter {
    /// Adds what `canvas` shows now as a frame in `palette`'s colours, held `hold` seconds longer
    /// than the frame rate says (a copy of it: the tests go on drawing on their canvases).
    func append(_ canvas: Canvas, palette: Palette = .standard, holdingFor hold: Double = 0) {
        append(Canvas(copying: canvas).indexedFrame(in: palette), holdingFor: hold)
    }
}
