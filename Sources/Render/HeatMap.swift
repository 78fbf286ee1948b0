import Foundation

/// Paints a `ValueField` into a rectangle: smooth (bilinear) tints of the predicted class, lighter
/// where the model is unsure, with an anti-aliased line on the decision boundary.
enum HeatMap {
    /// Levels of the value-to-colour tables.
    static let levels = 1024
    /// Half-width of the boundary line at 480 pixels.
    static let boundaryHalfWidth = 0.75

    /// Draws `field` into `rect` of `canvas`; the field's domain fills the rectangle.
    static func draw(_ field: ValueField, on canvas: Canvas, in rect: Rect, maximumTint: Int) {
        let width = rect.width, height = rect.height
        guard width > 1, height > 1 else { return }
        let channels = field.channels
        // Per output column: the grid column to its left and the weight of the one to its right.
        let xs = interpolation(count: width, gridPoints: field.columns)
        let ys = interpolation(count: height, gridPoints: field.rows)
        // Pass 1: per pixel, the winning class and a "certainty" in 0…1, plus the margin whose
        // zero crossing is the boundary (p − ½ for two classes, top − runner-up for more).
        var winner = [UInt8](repeating: 0, count: width * height)
        var certainty = [Float](repeating: 0, count: width * height)
        var margin = [Float](repeating: 0, count: width * height)
        var rowValues = [Float](repeating: 0, count: field.columns * channels)
        var pixel = [Float](repeating: 0, count: channels)
        field.values.withUnsafeBufferPointer { values in
            for y in 0..<height {
                let (j, v) = ys[y]
                let upper = j * field.columns * channels, lower = upper + field.columns * channels
                for i in 0..<(field.columns * channels) {
                    rowValues[i] = values[upper + i] + (values[lower + i] - values[upper + i]) * v
                }
                for x in 0..<width {
                    let (i, u) = xs[x]
                    let left = i * channels, right = left + channels
                    let out = y * width + x
                    if channels == 1 {
                        let p = rowValues[left] + (rowValues[right] - rowValues[left]) * u
                        winner[out] = p >= 0.5 ? 1 : 0
                        certainty[out] = min(1, abs(2 * p - 1))
                        margin[out] = p - 0.5
                    } else {
                        var best = 0, top: Float = -1, second: Float = -1
                        for c in 0..<channels {
                            let value = rowValues[left + c] + (rowValues[right + c] - rowValues[left + c]) * u
                            pixel[c] = value
                            if value > top { second = top; top = value; best = c } else if value > second { second = value }
                        }
                        let chance = 1 / Float(channels)
                        winner[out] = UInt8(best)
                        certainty[out] = max(0, min(1, (top - chance) / (1 - chance)))
                        margin[out] = top - second
                    }
                }
            }
        }
        // Pass 2: colour by class and certainty; blend the boundary line where the margin crosses zero.
        // Palette index per class and certainty level, looked up once per pixel.
        let shadeOf = shadeTable(maximumTint: maximumTint)
        let colorOf = (0..<max(channels, 2)).map { k in shadeOf.map { Palette.classShade(k, $0) } }
        let halfWidth = Float(boundaryHalfWidth * Double(height) / 400)
        let reach = halfWidth + 0.5                  // farther than this from the boundary, no line
        let lineColor = Palette.grey(0.8)
        let lineRGB = canvas.palette.colors[Int(lineColor)]
        let binary = channels == 1
        let top = Float(levels - 1)
        for y in 0..<height {
            let row = canvas.row(rect.y + y) + rect.x
            for x in 0..<width {
                let index = y * width + x
                var color = colorOf[Int(winner[index])][Int(certainty[index] * top)]
                // Distance to the boundary in pixels ≈ |margin| / |∇margin|.
                let m = margin[index]
                let gx = x + 1 < width ? margin[index + 1] - m : m - margin[index - 1]
                let gy = y + 1 < height ? margin[index + width] - m : m - margin[index - width]
                var gradient = max(abs(gx), abs(gy))
                if !binary {
                    // The top-two margin folds at the boundary; a change of winner marks it too.
                    if x + 1 < width, winner[index + 1] != winner[index] { gradient = max(gradient, abs(m) + 1e-6) }
                    if y + 1 < height, winner[index + width] != winner[index] { gradient = max(gradient, abs(m) + 1e-6) }
                }
                if abs(m) < reach * gradient {
                    let coverage = Double(min(reach - abs(m) / gradient, 1)) * 0.9
                    if coverage > 0.02 { color = canvas.palette.blend(color, toward: lineRGB, alpha: coverage) }
                }
                row[x] = color
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
