import Testing
import Encoding
import Render

/// Animation frames read their canvas's pixels in place (`Canvas.indexedFrame(in:)`): what they
/// hold, how long the pixels live, and the debug build's check that nothing draws on a canvas
/// after a frame was made from it.
@Suite struct SharedPixelsTests {
    /// A 7×5 canvas with a few pixels set.
    private func drawnCanvas() -> Canvas {
        let canvas = Canvas(width: 7, height: 5)
        canvas.fill(Rect(x: 1, y: 1, width: 3, height: 2), Palette.classColor(0))
        canvas[6, 4] = Palette.classColor(1)
        return canvas
    }

    @Test func aFrameHoldsTheCanvasPixelsAndOutlivesTheCanvas() {
        var canvas: Canvas? = drawnCanvas()
        let expected = pixels(canvas!)
        let light = canvas!.indexedFrame(in: .standard), dark = canvas!.indexedFrame(in: .dark)
        canvas = nil
        #expect(Array(light.indices) == expected)
        #expect(light.indices == dark.indices)
        #expect(light.colors != dark.colors)
        #expect(light.transparent == Palette.transparent)
    }

    @Test func framesOfEqualPixelsAreEqualWhereverThePixelsAre() {
        let a = drawnCanvas().indexedFrame(), b = drawnCanvas().indexedFrame()
        let copied = IndexedFrame(width: 7, height: 5, indices: Array(a.indices), colors: a.colors)
        #expect(a.indices == b.indices && a.indices == copied.indices)
        let other = Canvas(copying: drawnCanvas())
        other[0, 0] = Palette.classColor(1)
        #expect(other.indexedFrame().indices != a.indices)
    }

    @Test func sealingFindsAnIndexOnceWhicheverIndexIsAskedFor() {
        let block = PixelBlock(count: 5)
        for (offset, value) in [UInt8]([0, 1, 2, 1, 0]).enumerated() { block.base[offset] = value }
        #expect(block.seal(lookingFor: 1))
        #expect(!block.seal(lookingFor: 5))
        #expect(block.seal(lookingFor: 1) && block.seal(lookingFor: 2) && !block.seal(lookingFor: 3))
        #expect(!block.seal(lookingFor: nil))
    }

    @Test func aFinishedCanvasGivesTheFramesItGaveUnfinished() {
        let finished = drawnCanvas()
        finished.finish()
        let frame = finished.indexedFrame(in: .dark)
        #expect(frame.indices == drawnCanvas().indexedFrame(in: .dark).indices)
        #expect(frame.transparent == Palette.transparent)
    }

    @Test func aFrameWhoseCanvasDrewTheTransparentIndexIsRefused() async {
        await #expect(processExitsWith: .failure) {
            let canvas = Canvas(width: 7, height: 5)
            canvas[4, 3] = Palette.transparent
            canvas.finish()
            _ = canvas.indexedFrame()
        }
        await #expect(processExitsWith: .failure) {
            let canvas = Canvas(width: 7, height: 5)
            canvas[0, 4] = Palette.transparent
            _ = canvas.indexedFrame(in: .dark)
        }
    }

    #if DEBUG
    @Test func drawingOnACanvasAfterAFrameWasMadeFromItTrapsInADebugBuild() async {
        await #expect(processExitsWith: .failure) {
            let canvas = Canvas(width: 7, height: 5)
            let frame = canvas.indexedFrame()
            canvas[2, 2] = Palette.classColor(0)
            _ = canvas.indexedFrame()
            _ = frame
        }
        await #expect(processExitsWith: .failure) {
            var canvas: Canvas? = Canvas(width: 7, height: 5)
            var frame: IndexedFrame? = canvas!.indexedFrame()
            canvas![3, 1] = Palette.classColor(1)
            canvas = nil
            frame = nil
            _ = frame
        }
    }
    #endif
}
