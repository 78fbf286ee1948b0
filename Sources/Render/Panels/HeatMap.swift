import Foundation

/// Paints a `ValueField` into a rectangle: smooth (bilinear) tints of the predicted class, lighter
/// where the model is unsure, with an anti-aliased line on the decision boundary.
enum HeatMap {
    /// Levels of the value-to-colour tables.
    static let levels = 1024
    /// Half-width of the boundary line at 480 pixels.
    static let boundaryHalfWidth = 0.9

    /// Draws `field` into `rect` of `canvas`; the field's domain fills the rectangle.
    ///
    /// Pass 1 interpolates every pixel's winning class, its certainty (0 at the boundary, 1 where
    /// the model is sure) and the margin whose zero crossing is the boundary (p − ½ for two
    /// classes, top − runner-up for more). Pass 2 colours by class and certainty, and blends the
    /// boundary line where |margin| / |∇margin| (the distance in pixels) is under a pixel.
    ///
    /// Any number of classes: class k takes the colours of `Palette.paletteClass(k)` (boundaries
    /// between two classes of the same colour are still drawn). NaN values count as no
    /// opinion (white, no boundary); only the part of `rect` on the canvas is drawn.
    static func draw(_ field: ValueField, on canvas: Canvas, in rect: Rect, maximumTint: Int) {
        guard rect.width > 1, rect.height > 1 else { return }
        let pixels = Pixels(width: rect.width, height: rect.height)
        defer { pixels.deallocate() }
        interpolate(field, into: pixels)
        // The rows and columns of `rect` that lie on the canvas.
        let rows = max(0, -rect.y)..<max(0, min(rect.height, canvas.height - rect.y))
        let columns = max(0, -rect.x)..<max(0, min(rect.width, canvas.width - rect.x))
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let paint = Paint(classes: max(field.channels, 2), canvas: canvas, height: rect.height, maximumTint: maximumTint)
        paint.colorOf.withUnsafeBufferPointer { colorOf in
            if field.channels == 1 {
                paintTwoClasses(pixels, rows: rows, columns: columns, of: rect, on: canvas, paint, colorOf)
            } else {
                paintClasses(pixels, rows: rows, columns: columns, of: rect, on: canvas, paint, colorOf)
            }
        }
    }

    /// What pass 1 leaves for every pixel of the rectangle: the winning class, the certainty and
    /// the margin (for two classes, the margin alone).
    struct Pixels {
        let width: Int, height: Int
        let winner: UnsafeMutableBufferPointer<Int>
        let certainty: UnsafeMutableBufferPointer<Float>
        let margin: UnsafeMutableBufferPointer<Float>

        init(width: Int, height: Int) {
            (self.width, self.height) = (width, height)
            winner = .allocate(capacity: width * height)
            certainty = .allocate(capacity: width * height)
            margin = .allocate(capacity: width * height)
        }

        func deallocate() { winner.deallocate(); certainty.deallocate(); margin.deallocate() }
    }

    /// What pass 2 paints with: a palette index per class and certainty level, the boundary
    /// line's colour and its reach in pixels.
    struct Paint {
        let colorOf: [UInt8]
        let reach: Float
        let lineRGB: RGB
        let palette: Palette
        let top = Float(levels - 1)

        init(classes: Int, canvas: Canvas, height: Int, maximumTint: Int) {
            let shadeOf = shadeTable(maximumTint: maximumTint)
            colorOf = (0..<min(classes, Palette.classCount)).flatMap { k in shadeOf.map { Palette.classShade(k, $0) } }
            reach = Float(boundaryHalfWidth * Double(height) / PanelMetrics.designSide) + 0.5   // farther than this, no line
            lineRGB = canvas.palette.colors[Int(Palette.grey(0.8))]
            palette = canvas.palette
        }

        /// `color` with the boundary line blended in at `distance` (in margin units) for a margin
        /// changing by `gradient` a pixel.
        @inline(__always)
        func line(over color: UInt8, distance: Float, gradient: Float) -> UInt8 {
            guard distance < reach * gradient else { return color }
            let coverage = Double(min(reach - distance / gradient, 1)) * 0.9
            return coverage > 0.02 ? palette.blend(color, toward: lineRGB, alpha: coverage) : color
        }
    }

    /// Pass 1: the field interpolated bilinearly at every pixel centre, then reduced to winner,
    /// certainty and margin.
    static func interpolate(_ field: ValueField, into pixels: Pixels) {
        let channels = field.channels, stride = field.columns * channels
        let rowValues = UnsafeMutableBufferPointer<Float>.allocate(capacity: stride)
        defer { rowValues.deallocate() }
        // Per output column: the grid column to its left (times channels) and the weight of the next.
        let xs = interpolation(count: pixels.width, gridPoints: field.columns)
        let left = xs.map { $0.0 * channels }, weight = xs.map(\.1)
        let ys = interpolation(count: pixels.height, gridPoints: field.rows)
        field.values.withUnsafeBufferPointer { values in
            for y in 0..<pixels.height {
                let (j, v) = ys[y]
                let upper = j * stride, lower = upper + stride
                for i in 0..<stride { rowValues[i] = values[upper + i] + (values[lower + i] - values[upper + i]) * v }
                if channels == 1 {
                    marginRow(y, rowValues, left: left, weight: weight, into: pixels)
                } else {
                    classRow(y, rowValues, channels: channels, left: left, weight: weight, into: pixels)
                }
            }
        }
    }

    /// Two classes: the winner and certainty follow from the margin p − ½ (pass 2).
    @inline(__always)
    static func marginRow(_ y: Int, _ rowValues: UnsafeMutableBufferPointer<Float>, left: [Int], weight: [Float], into pixels: Pixels) {
        let base = y * pixels.width
        for x in 0..<pixels.width {
            let l = left[x]
            let value = rowValues[l] + (rowValues[l + 1] - rowValues[l]) * weight[x] - 0.5
            pixels.margin[base + x] = value.isNaN ? 0 : value
        }
    }

    /// More classes: the winner, the certainty above chance and the top-two margin.
    @inline(__always)
    static func classRow(_ y: Int, _ rowValues: UnsafeMutableBufferPointer<Float>, channels: Int, left: [Int], weight: [Float],
                         into pixels: Pixels) {
        let base = y * pixels.width, chance = 1 / Float(channels)
        for x in 0..<pixels.width {
            let l = left[x], u = weight[x]
            var best = 0, top: Float = -1, second: Float = -1
            for c in 0..<channels {
                let value = rowValues[l + c] + (rowValues[l + channels + c] - rowValues[l + c]) * u
                if value > top { second = top; top = value; best = c } else if value > second { second = value }
            }
            pixels.winner[base + x] = best
            let sure = (top - chance) / (1 - chance), gap = top - second
            pixels.certainty[base + x] = sure >= 0 ? min(1, sure) : 0          // NaN → 0
            pixels.margin[base + x] = gap.isNaN ? 0 : gap
        }
    }

    /// Pass 2 for two classes: the winner and certainty follow from the margin; a tight loop.
    static func paintTwoClasses(_ pixels: Pixels, rows: Range<Int>, columns: Range<Int>, of rect: Rect, on canvas: Canvas,
                                _ paint: Paint, _ colorOf: UnsafeBufferPointer<UInt8>) {
        let width = pixels.width
        for y in rows {
            let row = canvas.row(rect.y + y) + rect.x
            let current = pixels.margin.baseAddress! + y * width
            let (neighbour, direction): (UnsafeMutablePointer<Float>, Float) = y + 1 < pixels.height ? (current + width, 1) : (current - width, -1)
            for x in columns {
                // m is never NaN (pass 1), so min(1, 2|m|) is in 0…1 even for infinite values.
                let m = current[x], distance = abs(m)
                let color = colorOf[(m >= 0 ? levels : 0) + Int(min(1, 2 * distance) * paint.top)]
                let gx = x + 1 < width ? current[x + 1] - m : m - current[x - 1]
                row[x] = paint.line(over: color, distance: distance, gradient: max(abs(gx), abs((neighbour[x] - m) * direction)))
            }
        }
    }

    /// Pass 2 for more classes: colour by winner and certainty, the line where the top-two margin
    /// folds or the winner changes.
    static func paintClasses(_ pixels: Pixels, rows: Range<Int>, columns: Range<Int>, of rect: Rect, on canvas: Canvas,
                             _ paint: Paint, _ colorOf: UnsafeBufferPointer<UInt8>) {
        let (width, height, margin, winner) = (pixels.width, pixels.height, pixels.margin, pixels.winner)
        for y in rows {
            let row = canvas.row(rect.y + y) + rect.x
            let base = y * width
            for x in columns {
                let index = base + x
                let m = margin[index]
                // certainty is in 0…1 (pass 1), so the level is in 0..<levels.
                let color = colorOf[Palette.paletteClass(winner[index]) * levels + Int(pixels.certainty[index] * paint.top)]
                let gx = x + 1 < width ? margin[index + 1] - m : m - margin[index - 1]
                let gy = y + 1 < height ? margin[index + width] - m : m - margin[index - width]
                var gradient = max(abs(gx), abs(gy))
                if x + 1 < width, winner[index + 1] != winner[index] { gradient = max(gradient, abs(m) + 1e-6) }
                if y + 1 < height, winner[index + width] != winner[index] { gradient = max(gradient, abs(m) + 1e-6) }
                row[x] = paint.line(over: color, distance: abs(m), gradient: gradient)
            }
        }
    }

    /// Certainty (0…1, in `levels` steps) to tint shade: 0 = white at the boundary, up to `maximumTint`.
    static func shadeTable(maximumTint: Int) -> [Int] {
        (0..<levels).map { level in
            let certainty = Double(level) / Double(levels - 1)
            return Int((pow(certainty, 0.75) * Double(maximumTint)).rounded())
        }
    }

    /// For each of `count` pixel centres, the grid interval it falls in and the weight of its right end.
    static func interpolation(count: Int, gridPoints: Int) -> [(Int, Float)] {
        (0..<count).map { pixel in
            let g = (Double(pixel) + 0.5) / Double(count) * Double(gridPoints - 1)
            let i = min(Int(g), gridPoints - 2)
            return (i, Float(g - Double(i)))
        }
    }
}
