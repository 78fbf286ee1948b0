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
public struct MarkRecording: Sendable, PixelWriter {
    /// One operation: a run of `count` pixels set to `index` (weight 0), or one pixel blended
    /// towards `index` by `weight`/256.
    struct Operation: Sendable {
        let x: UInt16, y: UInt16, count: UInt16
        let index: UInt8, weight: UInt8
    }

    private(set) var operations: [Operation] = []
    /// The size of the canvas the marks were drawn for.
    public let width: Int, height: Int

    /// An empty recording for canvases of `width` × `height`.
    public init(width: Int, height: Int) {
        precondition(width <= Int(UInt16.max) && height <= Int(UInt16.max), "MarkRecording: canvas too large")
        (self.width, self.height) = (width, height)
    }

    /// The marks `draw` makes on a canvas the size of `canvas`, recorded (`canvas` is not changed).
    public static func of(_ canvas: Canvas, _ draw: (Canvas, inout MarkRecording) -> Void) -> MarkRecording {
        var recording = MarkRecording(width: canvas.width, height: canvas.height)
        draw(canvas, &recording)
        return recording
    }

    mutating func fill(_ x: Int, _ y: Int, count: Int, _ index: UInt8) {
        var (x, count) = (x, count)
        while count > 0 {
            let part = min(count, Int(UInt16.max))
            operations.append(Operation(x: UInt16(x), y: UInt16(y), count: UInt16(part), index: index, weight: 0))
            (x, count) = (x + part, count - part)
        }
    }

    mutating func blend(_ x: Int, _ y: Int, toward index: UInt8, weight: Int) {
        operations.append(Operation(x: UInt16(x), y: UInt16(y), count: 1, index: index, weight: UInt8(weight)))
    }

    /// How many operations were recorded.
    public var count: Int { operations.count }

    /// Does to `canvas` (of the recorded size) what drawing the marks on it would have done.
    public func replay(on canvas: Canvas) {
        precondition(canvas.width == width && canvas.height == height, "MarkRecording: replayed on a canvas of another size")
        let palette = canvas.palette
        palette.colors.withUnsafeBufferPointer { colors in
            operations.withUnsafeBufferPointer { operations in
                for operation in operations {
                    let pixels = canvas.row(Int(operation.y)) + Int(operation.x)
                    if operation.weight == 0 {
                        pixels.update(repeating: operation.index, count: Int(operation.count))
                    } else {
                        pixels.pointee = palette.blend(pixels.pointee, toward: colors[Int(operation.index)], weight: Int(operation.weight))
                    }
                }
            }
        }
    }
}
