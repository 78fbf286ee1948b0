import Foundation

extension Canvas {
    /// A marker of `shape` in `color` laid over what is drawn with `opacity` (0…1): filled, or
    /// with `ring` set a band that wide just inside its edge; no rim. A point far from the plane
    /// a picture slices through is drawn so, faint in proportion to its distance.
    public func fadedMarker(_ shape: MarkerShape, center: Point, radius: Double, color: UInt8, opacity: Double, ring: Double? = nil) {
        let rgb = palette.colors[Int(color)]
        let opacity = opacity.isFinite ? opacity.clamped(0, 1) : 0
        guard opacity > 0.02 else { return }
        /// The share of a pixel `d` pixels beyond the edge (negative inside) that the marker covers.
        func coverage(_ d: Double) -> Double {
            let filled = (0.5 - d).clamped(0, 1)
            guard let ring else { return filled }
            return filled - (0.5 - d - ring).clamped(0, 1)
        }
        func lay(_ x: Int, _ y: Int, _ d: Double) {
            let alpha = opacity * coverage(d)
            if alpha > 0.02 { row(y)[x] = palette.blend(row(y)[x], toward: rgb, alpha: alpha) }
        }
        guard shape != .circle else {
            forEachPixel(near: center, reach: radius + 1) { x, y, distance in lay(x, y, distance - radius) }
            return
        }
        let inside = ring.map { -0.5 - $0 } ?? -0.5
        MarkerDistance(shape, center: center, radius: radius).forEachPixel(reach: 1, on: self, inside: inside, interior: { y, first, count in
            guard ring == nil else { return }
            let start = row(y) + first
            for i in 0..<count { start[i] = palette.blend(start[i], toward: rgb, alpha: opacity) }
        }, lay)
    }
}
