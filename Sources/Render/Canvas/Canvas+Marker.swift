import Foundation

/// The shape that marks a point of one class, so that classes read apart without their colours
/// (in grey print, or for a reader who cannot tell two colours apart).
public enum MarkerShape: Int, Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, pentagon, plus, hexagon, star, cross

    /// The shape of class `index`: one per palette class, wrapping as the colours do.
    public static func of(classIndex index: Int) -> MarkerShape {
        allCases[Palette.paletteClass(index) % allCases.count]
    }

    /// The shape as convex pieces (unit-sized: about as much area as a disc of radius 1 centred
    /// at the origin, y down), each a list of its corners in clockwise order on the screen; nil
    /// for the circle.
    var pieces: [[Point]]? { Self.unitPieces[rawValue] }

    /// Every shape's pieces, made once.
    private static let unitPieces: [[[Point]]?] = allCases.map { shape in
        func polygon(_ corners: Int, radius: Double, turn: Double = 0) -> [Point] {
            (0..<corners).map { k in
                let angle = turn + 2 * Double.pi * Double(k) / Double(corners)
                return Point(radius * sin(angle), -radius * cos(angle))
            }
        }
        func box(_ halfWidth: Double, _ halfHeight: Double) -> [Point] {
            [Point(-halfWidth, -halfHeight), Point(halfWidth, -halfHeight), Point(halfWidth, halfHeight), Point(-halfWidth, halfHeight)]
        }
        switch shape {
        case .circle: return nil
        case .square: return [box(0.89, 0.89)]
        case .triangle: return [polygon(3, radius: 1.35).map { Point($0.x, $0.y + 0.2) }]
        case .diamond: return [polygon(4, radius: 1.22)]
        case .triangleDown: return [polygon(3, radius: 1.35, turn: .pi).map { Point($0.x, $0.y - 0.2) }]
        case .pentagon: return [polygon(5, radius: 1.1)]
        case .plus: return [box(1.15, 0.45), box(0.45, 1.15)]
        case .hexagon: return [polygon(6, radius: 1.05, turn: .pi / 6)]
        case .star:
            // Five points round a pentagon: the pentagon and a triangle on each of its sides.
            let outer = polygon(5, radius: 1.45), inner = polygon(5, radius: 0.6, turn: .pi / 5)
            return [inner] + (0..<5).map { k in [inner[(k + 4) % 5], outer[k], inner[k]] }
        case .cross:
            let d = 0.45 / 2.0.squareRoot(), l = 1.15 / 2.0.squareRoot()
            return [[Point(-l - d, -l + d), Point(-l + d, -l - d), Point(l + d, l - d), Point(l - d, l + d)],
                    [Point(l - d, -l - d), Point(l + d, -l + d), Point(-l + d, l + d), Point(-l - d, l - d)]]
        }
    }
}

extension Canvas {
    /// An anti-aliased marker of `shape`, about `radius` in size, filled with `color` inside a
    /// band of `outline` `outlineWidth` wide; like `fillDisc(center:radius:color:outline:outlineWidth:)`,
    /// which draws the circle.
    public func fillMarker(_ shape: MarkerShape, center: Point, radius: Double, color: UInt8, outline: UInt8, outlineWidth: Double) {
        guard shape != .circle else {
            fillDisc(center: center, radius: radius, color: color, outline: outline, outlineWidth: outlineWidth)
            return
        }
        let distance = MarkerDistance(shape, center: center, radius: radius)
        let fill = palette.colors[Int(color)], band = palette.colors[Int(outline)]
        forEachMarkerPixel(near: center, reach: distance.reach + outlineWidth + 1) { x, y in
            let d = distance.at(Double(x) + 0.5, Double(y) + 0.5)
            let bandCoverage = (outlineWidth + 0.5 - d).clamped(0, 1), fillCoverage = (0.5 - d).clamped(0, 1)
            guard bandCoverage > 0.02 else { return }
            let pixels = row(y)
            var index = pixels[x]
            index = bandCoverage >= 0.98 ? outline : palette.blend(index, toward: band, alpha: bandCoverage)
            if fillCoverage > 0.02 { index = fillCoverage >= 0.98 ? color : palette.blend(index, toward: fill, alpha: fillCoverage) }
            pixels[x] = index
        }
    }

    /// The outline of a marker of `shape`: the band `thickness` wide just inside its edge (a ring
    /// for the circle, as `strokeCircle` draws it).
    public func strokeMarker(_ shape: MarkerShape, center: Point, radius: Double, thickness: Double, color: UInt8) {
        guard shape != .circle else {
            strokeCircle(center: center, radius: radius, thickness: thickness, color: color)
            return
        }
        let distance = MarkerDistance(shape, center: center, radius: radius)
        let rgb = palette.colors[Int(color)]
        forEachMarkerPixel(near: center, reach: distance.reach + 1) { x, y in
            let d = distance.at(Double(x) + 0.5, Double(y) + 0.5)
            blend(x: x, y: y, color: rgb, index: color, alpha: (0.5 - d).clamped(0, 1) - (0.5 - d - thickness).clamped(0, 1))
        }
    }

    /// Calls `body` with every pixel of the canvas within `reach` of `center` on both axes.
    private func forEachMarkerPixel(near center: Point, reach: Double, _ body: (Int, Int) -> Void) {
        guard let (xs, ys) = pixels(within: reach, of: center) else { return }
        for y in ys {
            for x in xs { body(x, y) }
        }
    }
}

/// The signed distance in pixels from a point to a marker's edge (negative inside): for each
/// convex piece the largest distance beyond one of its edges, and the smallest over the pieces.
/// Exact along the edges, a little short near outer corners, which rounds them by under a pixel.
struct MarkerDistance {
    /// Each unit piece's edges as outward normal (a, b) and offset c: a·x + b·y − c is the
    /// distance beyond the edge of a unit-sized marker centred at the origin.
    typealias Edge = (a: Double, b: Double, c: Double)
    private let pieces: [[Edge]]
    private let center: Point, radius: Double
    /// How far from the centre the marker reaches.
    let reach: Double

    init(_ shape: MarkerShape, center: Point, radius: Double) {
        let unit = Self.unitEdges[shape.rawValue]
        pieces = unit.edges
        self.center = center
        self.radius = radius
        reach = unit.reach * radius
    }

    /// The signed distance at pixel position (x, y).
    @inline(__always) func at(_ x: Double, _ y: Double) -> Double {
        let dx = x - center.x, dy = y - center.y
        var nearest = Double.infinity
        for edges in pieces {
            var beyond = -Double.infinity
            for edge in edges { beyond = max(beyond, edge.a * dx + edge.b * dy - edge.c * radius) }
            nearest = min(nearest, beyond)
        }
        return nearest
    }

    /// Every shape's unit edges and reach, made once (none for the circle).
    private static let unitEdges: [(edges: [[Edge]], reach: Double)] = MarkerShape.allCases.map { shape in
        let pieces = shape.pieces ?? []
        let reach = pieces.joined().map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }.max() ?? 1
        let edges = pieces.map { corners in
            corners.indices.map { k -> Edge in
                let p = corners[k], q = corners[(k + 1) % corners.count]
                let length = max(((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot(), 1e-12)
                // Clockwise on the screen (y down): the outward normal is the edge turned left.
                let a = (q.y - p.y) / length, b = -(q.x - p.x) / length
                return (a, b, a * p.x + b * p.y)
            }
        }
        return (edges, reach)
    }
}
