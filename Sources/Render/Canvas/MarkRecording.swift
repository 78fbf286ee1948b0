/// Where the anti-aliased marks (discs, markers, rings) put their pixels, in the order they
/// touch them: set a run of pixels to a palette index, or blend one towards a palette colour.
/// A mark draws the same way into the canvas (`CanvasWriter`) or into a `MarkRecording`, whose
/// replay does to any background what drawing the mark there would have done.
protocol PixelWriter {
    /// Sets `count` pixels of row `y` from column `x` to `index`.
    mutating func fill(_ x: Int, _ y: Int, count: Int, _ index: UInt8)
    /// Moves pixel (x, y) towards the colour of palette index `index` by `weight`/256 (1…255),
    /// as `Palette.blend(_:toward:alpha:)` does.
    mutating func blend(_ x: Int, _ y: Int, toward index: UInt8, weight: Int)
}

extension PixelWriter {
    /// Sets pixel (x, y) to `index`.
    @inline(__always) mutating func set(_ x: Int, _ y: Int, _ index: UInt8) { fill(x, y, count: 1, index) }

    /// Moves pixel (x, y) towards palette colour `index` by `alpha` (0 < alpha < 0.98).
    @inline(__always) mutating func blend(_ x: Int, _ y: Int, toward index: UInt8, alpha: Double) {
        blend(x, y, toward: index, weight: Palette.weight(alpha))
    }
}

/// Draws straight into a canvas's pixels.
struct CanvasWriter: PixelWriter {
    let canvas: Canvas

    @inline(__always) func fill(_ x: Int, _ y: Int, count: Int, _ index: UInt8) {
        (canvas.row(y) + x).update(repeating: index, count: count)
    }

    @inline(__always) func blend(_ x: Int, _ y: Int, toward index: UInt8, weight: Int) {
        let pixels = canvas.row(y)
        pixels[x] = canvas.palette.blend(pixels[x], toward: canvas.palette.colors[Int(index)], weight: weight)
    }
}

/// The pixel operations of marks drawn on a canvas of one size, kept to be replayed over any
/// background of that size: a layer of points whose places never change is measured once and
/// then only blended frame after frame. Replaying gives the very pixels drawing would.
///
/// Kept by pixel, not in drawing order (each pixel's operations touch that pixel alone): a pixel
/// whose operations start, somewhere, with a set ends the same whatever lies under it, so it is
/// worked out once and copied (runs of such pixels on a row in one copy, like a sprite); only
/// the pixels whose every operation blends are blended at replay, in their order.
public struct MarkRecording: Sendable {
    /// One replayed operation: `count` pixels from (x, y) copied from `bytes[start...]` (weight
    /// 0), or pixel (x, y) blended towards palette colour `index` by `weight`/256.
    struct Operation: Sendable {
        let x: UInt16, y: UInt16, count: UInt16
        let index: UInt8, weight: UInt8
        let start: UInt32
    }

    let operations: [Operation]
    /// The worked-out pixels the copies take.
    let bytes: [UInt8]
    /// The size of the canvas the marks were drawn for.
    public let width: Int, height: Int

    /// The marks `draw` makes on a canvas the size of `canvas`, recorded (`canvas` is not changed).
    static func of(_ canvas: Canvas, _ draw: (Canvas, inout Recorder) -> Void) -> MarkRecording {
        precondition(canvas.width <= Int(UInt16.max) && canvas.height <= Int(UInt16.max), "MarkRecording: canvas too large")
        var recorder = Recorder(width: canvas.width)
        draw(canvas, &recorder)
        return MarkRecording(recorder, width: canvas.width, height: canvas.height, palette: canvas.palette)
    }

    /// Writes down the operations in drawing order, one per pixel.
    struct Recorder: PixelWriter {
        let width: Int
        /// Each operation's pixel (y × width + x), palette index and weight (0: set).
        var pixels: [Int32] = [], indices: [UInt8] = [], weights: [UInt8] = []

        mutating func fill(_ x: Int, _ y: Int, count: Int, _ index: UInt8) {
            for column in x..<(x + count) { append(y * width + column, index, 0) }
        }

        mutating func blend(_ x: Int, _ y: Int, toward index: UInt8, weight: Int) {
            append(y * width + x, index, UInt8(weight))
        }

        private mutating func append(_ pixel: Int, _ index: UInt8, _ weight: UInt8) {
            pixels.append(Int32(pixel))
            indices.append(index)
            weights.append(weight)
        }
    }

    /// The recorder's operations grouped by pixel (in drawing order within each), worked out.
    private init(_ recorder: Recorder, width: Int, height: Int, palette: Palette) {
        (self.width, self.height) = (width, height)
        // Stable: a pixel's operations stay in the order they were drawn.
        let order = recorder.pixels.indices.map { UInt64(UInt32(recorder.pixels[$0])) << 32 | UInt64($0) }.sorted().map { Int($0 & 0xFFFF_FFFF) }
        var operations: [Operation] = [], bytes: [UInt8] = []
        var run: (pixel: Int, count: Int, start: Int)? = nil        // the copy being gathered
        func endRun() {
            guard let current = run else { return }
            operations.append(Operation(x: UInt16(current.pixel % width), y: UInt16(current.pixel / width), count: UInt16(current.count),
                                        index: 0, weight: 0, start: UInt32(current.start)))
            run = nil
        }
        var k = 0
        while k < order.count {
            let pixel = Int(recorder.pixels[order[k]])
            var end = k
            while end < order.count, Int(recorder.pixels[order[end]]) == pixel { end += 1 }
            let chain = order[k..<end]
            k = end
            if let last = chain.lastIndex(where: { recorder.weights[$0] == 0 }) {
                // Set at `last`: the blends after it give the same pixel over any background.
                var value = recorder.indices[order[last]]
                for op in chain[chain.index(after: last)...] {
                    value = palette.blend(value, toward: palette.colors[Int(recorder.indices[op])], weight: Int(recorder.weights[op]))
                }
                if let current = run, current.pixel + current.count == pixel, pixel % width != 0, current.count < Int(UInt16.max) {
                    run = (current.pixel, current.count + 1, current.start)
                } else {
                    endRun()
                    run = (pixel, 1, bytes.count)
                }
                bytes.append(value)
            } else {
                for op in chain {
                    operations.append(Operation(x: UInt16(pixel % width), y: UInt16(pixel / width), count: 1, index: recorder.indices[op],
                                                weight: recorder.weights[op], start: 0))
                }
            }
        }
        endRun()
        self.operations = operations
        self.bytes = bytes
    }

    /// How many operations a replay does (copies and blends).
    public var count: Int { operations.count }

    /// Does to `canvas` (of the recorded size) what drawing the marks on it would have done.
    public func replay(on canvas: Canvas) {
        precondition(canvas.width == width && canvas.height == height, "MarkRecording: replayed on a canvas of another size")
        let palette = canvas.palette
        palette.colors.withUnsafeBufferPointer { colors in
            bytes.withUnsafeBufferPointer { bytes in
                operations.withUnsafeBufferPointer { operations in
                    for operation in operations {
                        let pixels = canvas.row(Int(operation.y)) + Int(operation.x)
                        if operation.weight == 0 {
                            pixels.update(from: bytes.baseAddress! + Int(operation.start), count: Int(operation.count))
                        } else {
                            pixels.pointee = palette.blend(pixels.pointee, toward: colors[Int(operation.index)], weight: Int(operation.weight))
                        }
                    }
                }
            }
        }
    }
}
