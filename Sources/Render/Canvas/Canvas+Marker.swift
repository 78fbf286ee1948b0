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
    /// which draws the circle. Pixels wholly inside either part are set directly; only the rims blend.
    public func fillMarker(_ shape: MarkerShape, center: Point, radius: Double, color: UInt8, outline: UInt8, outlineWidth: Double) {
        var writer = CanvasWriter(canvas: self)
        fillMarker(shape, center: center, radius: radius, color: color, outline: outline, outlineWidth: outlineWidth, into: &writer)
    }

    /// `fillMarker(_:center:radius:color:outline:outlineWidth:)` through `writer`.
    @inline(__always)
    func fillMarker<Writer: PixelWriter>(_ shape: MarkerShape, center: Point, radius: Double, color: UInt8, outline: UInt8,
                                         outlineWidth: Double, into writer: inout Writer) {
        guard shape != .circle else {
            fillDisc(center: center, radius: radius, color: color, outline: outline, outlineWidth: outlineWidth, into: &writer)
            return
        }
        let nearestFill = palette.nearest(palette.colors[Int(color)])     // what a blend all the way gives
        MarkerDistance(shape, center: center, radius: radius).forEachPixel(reach: outlineWidth + 1, on: self, inside: -0.5,
                                                                            interior: { y, x, count in writer.fill(x, y, count: count, color) }) { x, y, d in
            let bandCoverage = outlineWidth + 0.5 - d
            guard bandCoverage > 0.02 else { return }
            if bandCoverage >= 0.98 { writer.set(x, y, outline) } else { writer.blend(x, y, toward: outline, alpha: bandCoverage) }
            let fillCoverage = 0.5 - d
            if fillCoverage >= 0.98 { writer.set(x, y, nearestFill) } else if fillCoverage > 0.02 { writer.blend(x, y, toward: color, alpha: fillCoverage) }
        }
    }

    /// The outline of a marker of `shape`: the band `thickness` wide just inside its edge (a ring
    /// for the circle, as `strokeCircle` draws it).
    public func strokeMarker(_ shape: MarkerShape, center: Point, radius: Double, thickness: Double, color: UInt8) {
        var writer = CanvasWriter(canvas: self)
        strokeMarker(shape, center: center, radius: radius, thickness: thickness, color: color, into: &writer)
    }

    /// `strokeMarker(_:center:radius:thickness:color:)` through `writer`.
    @inline(__always)
    func strokeMarker<Writer: PixelWriter>(_ shape: MarkerShape, center: Point, radius: Double, thickness: Double, color: UInt8,
                                           into writer: inout Writer) {
        guard shape != .circle else {
            strokeCircle(center: center, radius: radius, thickness: thickness, color: color, into: &writer)
            return
        }
        MarkerDistance(shape, center: center, radius: radius).forEachPixel(reach: 1, on: self, inside: -0.5 - thickness,
                                                                            interior: { _, _, _ in }) { x, y, d in
            let coverage = (0.5 - d).clamped(0, 1) - (0.5 - d - thickness).clamped(0, 1)
            guard coverage > 0.02 else { return }
            if coverage >= 0.98 { writer.set(x, y, color) } else { writer.blend(x, y, toward: color, alpha: coverage) }
        }
    }
}

/// The signed distance in pixels from a point to a marker's edge (negative inside): for each
/// convex piece the largest distance beyond one of its edges, and the smallest over the pieces.
/// Exact along the edges, a little short near outer corners, which rounds them by under a pixel.
struct MarkerDistance {
    /// A shape's edges, all pieces' in one list: outward normal (a, b) and offset c, so that
    /// a·x + b·y − c is the distance beyond the edge of a unit-sized marker centred at the
    /// origin; `ends[k]` is where piece k's edges end.
    struct Edges {
        var a: [Double] = [], b: [Double] = [], c: [Double] = []
        var ends: [Int] = []
        /// How far the marker reaches from its centre across and down.
        var reachX = 1.0, reachY = 1.0
    }

    let edges: Edges
    let center: Point, radius: Double

    init(_ shape: MarkerShape, center: Point, radius: Double) {
        edges = Self.unitEdges[shape.rawValue]
        self.center = center
        self.radius = radius
    }

    /// Calls `body` with each pixel's column, row and signed distance, for every pixel of the
    /// canvas within the marker's reach plus `extra`, except those whose distance is at most
    /// `inside`: each row's run of those, piece by piece, goes to `interior` (its row, its first
    /// column and its length) without a distance. Per row, each edge's distance is one
    /// multiply-add along x.
    @inline(__always)
    func forEachPixel(reach extra: Double, on canvas: Canvas, inside: Double, interior: (Int, Int, Int) -> Void,
                      _ body: (Int, Int, Double) -> Void) {
        guard let (xs, _) = canvas.pixels(within: edges.reachX * radius + extra, of: center),
              let (_, ys) = canvas.pixels(within: edges.reachY * radius + extra, of: center) else { return }
        let count = edges.a.count, pieces = edges.ends.count
        edges.a.withUnsafeBufferPointer { a in
            edges.b.withUnsafeBufferPointer { b in
                edges.c.withUnsafeBufferPointer { c in
                    edges.ends.withUnsafeBufferPointer { ends in
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { rowPart in
                            withUnsafeTemporaryAllocation(of: (Int, Int).self, capacity: pieces) { runs in
                                for y in ys {
                                    let dy = Double(y) + 0.5 - center.y
                                    for e in 0..<count { rowPart[e] = b[e] * dy - c[e] * radius }
                                    // Each piece's run of columns wholly inside: where every edge's a·dx + rowPart ≤ inside.
                                    var e = 0
                                    for piece in 0..<pieces {
                                        var low = -Double.infinity, high = Double.infinity
                                        while e < ends[piece] {
                                            let limit = inside - rowPart[e]
                                            if a[e] > 1e-12 { high = min(high, limit / a[e]) } else if a[e] < -1e-12 { low = max(low, limit / a[e]) } else if limit < 0 { high = -.infinity }
                                            e += 1
                                        }
                                        // Columns whose centre x + 0.5 − centre.x lies in low…high.
                                        let first = max(xs.lowerBound, clampedPixel(low + center.x - 0.5, .up) ?? Int.max)
                                        let last = min(xs.upperBound, clampedPixel(high + center.x - 0.5, .down) ?? Int.min)
                                        runs[piece] = (first, last)
                                        if first <= last { interior(y, first, last - first + 1) }
                                    }
                                    for x in xs {
                                        var covered = false
                                        for piece in 0..<pieces where runs[piece].0 <= x && x <= runs[piece].1 { covered = true; break }
                                        if covered { continue }
                                        let dx = Double(x) + 0.5 - center.x
                                        var nearest = Double.infinity
                                        e = 0
                                        for end in ends {
                                            var beyond = -Double.infinity
                                            while e < end { beyond = max(beyond, a[e] * dx + rowPart[e]); e += 1 }
                                            nearest = min(nearest, beyond)
                                        }
                                        body(x, y, nearest)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every shape's unit edges and reach, made once (none for the circle).
    private static let unitEdges: [Edges] = MarkerShape.allCases.map { shape in
        var edges = Edges()
        let pieces = shape.pieces ?? []
        edges.reachX = pieces.joined().map { abs($0.x) }.max() ?? 1
        edges.reachY = pieces.joined().map { abs($0.y) }.max() ?? 1
        for corners in pieces {
            for k in corners.indices {
                let p = corners[k], q = corners[(k + 1) % corners.count]
                let length = max(((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot(), 1e-12)
                // Clockwise on the screen (y down): the outward normal is the edge turned left.
                let a = (q.y - p.y) / length, b = -(q.x - p.x) / length
                edges.a.append(a)
                edges.b.append(b)
                edges.c.append(a * p.x + b * p.y)
            }
            edges.ends.append(edges.a.count)
        }
        return edges
    }
}
