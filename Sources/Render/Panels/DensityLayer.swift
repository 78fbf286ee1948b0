import Foundation

/// Many points as a layer of pixels, as datashader draws them: every pixel of the plot that
/// holds points takes a shade of a class colour, darker where more points fall, so that points a
/// picture does not draw as markers are still seen where they are and of what class.
///
/// A pixel's class is its points' class mix: where they are all of one class it is that class;
/// where classes mix, the pixel's class is drawn from the mix by a fixed hash of its position, so
/// a mixed region is a fine stipple of the classes in their proportions (the same in every frame;
/// one palette colour per pixel, no blended hue that would read as another class). Its shade
/// steps with log(1 + count) / log(1 + the densest pixel's count) through the class's strongest
/// shades: the three beyond the heat map's strongest tint, then the class's dark shade, so a
/// pixel of data is never lighter than the field under it.
///
/// The layer is drawn over the heat map; pixels of the decision boundary's line are left alone.
public struct DensityLayer: Sendable {
    /// The colours of class `k`'s pixels, from the sparsest to the densest.
    static func levels(_ k: Int) -> [UInt8] {
        (Palette.tintShades + 1...Palette.shadesPerClass).map { Palette.classShade(k, $0) } + [Palette.classDark(k)]
    }

    /// One pixel of the layer: where it is on the canvas and the palette index it takes.
    struct Cell: Sendable, Equatable {
        let x: Int32, y: Int32
        let color: UInt8
    }

    let cells: [Cell]

    /// The layer of `points` placed by `pixel` (plane point → canvas position), kept inside `plot`.
    public init(points: [ScatterPoint], plot: Rect, pixel: (Double, Double) -> Point) {
        guard plot.width > 0, plot.height > 0 else { cells = []; return }
        let classes = Palette.classCount
        var counts = [Int32](repeating: 0, count: plot.width * plot.height * classes)
        for point in points {
            let p = pixel(point.x, point.y)
            guard p.x.isFinite, p.y.isFinite else { continue }
            let x = Int(p.x.rounded(.down)) - plot.x, y = Int(p.y.rounded(.down)) - plot.y
            guard x >= 0, x < plot.width, y >= 0, y < plot.height else { continue }
            counts[(y * plot.width + x) * classes + Palette.paletteClass(point.classIndex)] += 1
        }
        var most: Int32 = 1
        for cell in 0..<(plot.width * plot.height) {
            var sum: Int32 = 0
            for k in 0..<classes { sum += counts[cell * classes + k] }
            most = max(most, sum)
        }
        let top = log(1 + Double(most)), levels = (0..<classes).map(Self.levels)
        var cells: [Cell] = []
        for y in 0..<plot.height {
            for x in 0..<plot.width {
                let base = (y * plot.width + x) * classes
                var sum: Int32 = 0
                for k in 0..<classes { sum += counts[base + k] }
                guard sum > 0 else { continue }
                // The class at this pixel: drawn from the mix by a hash of the position.
                var pick = Int32(Self.hash(x, y) % UInt64(sum)), chosen = 0
                for k in 0..<classes {
                    pick -= counts[base + k]
                    if pick < 0 { chosen = k; break }
                }
                let steps = levels[chosen].count, share = top > 0 ? log(1 + Double(sum)) / top : 1
                let level = min(steps - 1, Int(share * Double(steps)))
                cells.append(Cell(x: Int32(plot.x + x), y: Int32(plot.y + y), color: levels[chosen][level]))
            }
        }
        self.cells = cells
    }

    /// A fixed mix of the pixel position's bits (splitmix64's finaliser).
    static func hash(_ x: Int, _ y: Int) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: x) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: y) &* 0xC2B2_AE3D_27D4_EB4F
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The pixels of the layer that hold points.
    public var count: Int { cells.count }

    /// Draws the layer over a heat map on `canvas`: each of its pixels that shows the heat map's
    /// tint (or the unsure background) takes the layer's colour; others (the boundary's line) stay.
    public func draw(on canvas: Canvas) {
        let tints = Palette.tintRange, background = Palette.background
        var y = -1, row: UnsafeMutablePointer<UInt8>? = nil
        for cell in cells {
            let x = Int(cell.x)
            if Int(cell.y) != y {
                y = Int(cell.y)
                row = y >= 0 && y < canvas.height ? canvas.row(y) : nil
            }
            guard let row, x >= 0, x < canvas.width else { continue }
            let under = row[x]
            if under == background || tints.contains(under) { row[x] = cell.color }
        }
    }
}
