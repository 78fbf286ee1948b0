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
        let width = rect.width, height = rect.height
        guard width > 1, height > 1 else { return }
        let channels = field.channels, classes = max(channels, 2)
        let count = width * height
        let winner = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let certainty = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        let margin = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        let rowValues = UnsafeMutableBufferPointer<Float>.allocate(capacity: field.columns * channels)
        defer { winner.deallocate(); certainty.deallocate(); margin.deallocate(); rowValues.deallocate() }
        // Per output column: the grid column to its left (times channels) and the weight of the next.
        let xs = interpolation(count: width, gridPoints: field.columns)
        let left = xs.map { $0.0 * channels }, weight = xs.map(\.1)
        let ys = interpolation(count: height, gridPoints: field.rows)
        let chance = 1 / Float(channels)
        field.values.withUnsafeBufferPointer { values in
            left.withUnsafeBufferPointer { left in
                weight.withUnsafeBufferPointer { weight in
                    for y in 0..<height {
                        let (j, v) = ys[y]
                        let upper = j * field.columns * channels, lower = upper + field.columns * channels
                        for i in 0..<(field.columns * channels) {
                            rowValues[i] = values[upper + i] + (values[lower + i] - values[upper + i]) * v
                        }
                        let base = y * width
                        if channels == 1 {
                            // Two classes: the winner and certainty follow from the margin (pass 2).
                            for x in 0..<width {
                                let l = left[x]
                                let value = rowValues[l] + (rowValues[l + 1] - rowValues[l]) * weight[x] - 0.5
                                margin[base + x] = value.isNaN ? 0 : value
                            }
                        } else {
                            for x in 0..<width {
                                let l = left[x], u = weight[x]
                                var best = 0, top: Float = -1, second: Float = -1
                                for c in 0..<channels {
                                    let value = rowValues[l + c] + (rowValues[l + channels + c] - rowValues[l + c]) * u
                                    if value > top { second = top; top = value; best = c } else if value > second { second = value }
                                }
                                winner[base + x] = best
                                let sure = (top - chance) / (1 - chance), gap = top - second
                                certainty[base + x] = sure >= 0 ? min(1, sure) : 0          // NaN → 0
                                margin[base + x] = gap.isNaN ? 0 : gap
                            }
                        }
                    }
                }
            }
        }
        // Palette index per class and certainty level, one table for all classes.
        let shadeOf = shadeTable(maximumTint: maximumTint)
        let colorOf = (0..<min(classes, Palette.classCount)).flatMap { k in shadeOf.map { Palette.classShade(k, $0) } }
        let reach = Float(boundaryHalfWidth * Double(height) / PanelMetrics.designSide) + 0.5   // farther than this, no line
        let lineRGB = canvas.palette.colors[Int(Palette.grey(0.8))]
        let binary = channels == 1
        let top = Float(levels - 1)
        let palette = canvas.palette
        // The rows and columns of `rect` that lie on the canvas.
        let rows = max(0, -rect.y)..<max(0, min(height, canvas.height - rect.y))
        let columns = max(0, -rect.x)..<max(0, min(width, canvas.width - rect.x))
        guard !rows.isEmpty, !columns.isEmpty else { return }
        colorOf.withUnsafeBufferPointer { colorOf in
            if binary {
                // Two classes: the winner and certainty follow from the margin; a tight loop.
                for y in rows {
                    let row = canvas.row(rect.y + y) + rect.x
                    let current = margin.baseAddress! + y * width
                    let (neighbour, direction): (UnsafeMutablePointer<Float>, Float) = y + 1 < height ? (current + width, 1) : (current - width, -1)
                    for x in columns {
                        // m is never NaN (pass 1), so min(1, 2|m|) is in 0…1 even for infinite values.
                        let m = current[x], distance = abs(m)
                        var color = colorOf[(m >= 0 ? levels : 0) + Int(min(1, 2 * distance) * top)]
                        let gx = x + 1 < width ? current[x + 1] - m : m - current[x - 1]
                        let gradient = max(abs(gx), abs((neighbour[x] - m) * direction))
                        if distance < reach * gradient {
                            let coverage = Double(min(reach - distance / gradient, 1)) * 0.9
                            if coverage > 0.02 { color = palette.blend(color, toward: lineRGB, alpha: coverage) }
                        }
                        row[x] = color
                    }
                }
                return
            }
            for y in rows {
                let row = canvas.row(rect.y + y) + rect.x
                let base = y * width
                for x in columns {
                    let index = base + x
                    let m = margin[index]
                    // certainty is in 0…1 (pass 1), so the level is in 0..<levels.
                    var color = colorOf[Palette.paletteClass(winner[index]) * levels + Int(certainty[index] * top)]
                    let gx = x + 1 < width ? margin[index + 1] - m : m - margin[index - 1]
                    let gy = y + 1 < height ? margin[index + width] - m : m - margin[index - width]
                    // The top-two margin folds at the boundary; a change of winner marks it too.
                    var gradient = max(abs(gx), abs(gy))
                    if x + 1 < width, winner[index + 1] != winner[index] { gradient = max(gradient, abs(m) + 1e-6) }
                    if y + 1 < height, winner[index + width] != winner[index] { gradient = max(gradient, abs(m) + 1e-6) }
                    if abs(m) < reach * gradient {
                        let coverage = Double(min(reach - abs(m) / gradient, 1)) * 0.9
                        if coverage > 0.02 { color = palette.blend(color, toward: lineRGB, alpha: coverage) }
                    }
                    row[x] = color
                }
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
