import Foundation

extension Canvas {
    /// An anti-aliased straight segment with round ends, blended over what is there at `opacity`
    /// (0…1). It visits only the pixels near the line (length × thickness, not the bounding box),
    /// so hundreds of long edges per frame stay cheap. NaN ends draw nothing; huge ones are clamped.
    public func strokeSegment(from start: Point, to end: Point, thickness: Double, color: UInt8, opacity: Double = 1,
                              clip: Rect? = nil) {
        guard let a = start.clampedToDrawable, let b = end.clampedToDrawable, thickness > 0, thickness <= 1000,
              opacity > 0.02 else { return }
        let area = (clip ?? bounds).intersection(bounds)
        guard !area.isEmpty else { return }
        let rgb = palette.colors[Int(color)]
        let opacity = min(opacity, 1)
        // Walk the longer axis; `swap` maps (major, minor) back to (x, y).
        let steep = abs(b.y - a.y) > abs(b.x - a.x)
        let (p, q) = steep ? (Point(a.y, a.x), Point(b.y, b.x)) : (a, b)
        let majorRange = steep ? (area.y, area.maxY) : (area.x, area.maxX)
        let minorRange = steep ? (area.x, area.maxX) : (area.y, area.maxY)
        let half = thickness / 2, reach = half + 1
        let dMajor = q.x - p.x, dMinor = q.y - p.y
        let lengthSquared = max(dMajor * dMajor + dMinor * dMinor, 1e-12)
        let slope = abs(dMajor) < 1e-12 ? 0 : dMinor / dMajor
        let span = reach * (1 + slope * slope).squareRoot()
        guard let first = clampedPixel(min(p.x, q.x) - reach, .down), let last = clampedPixel(max(p.x, q.x) + reach, .up) else { return }
        let majorFrom = max(first, majorRange.0), majorTo = min(last, majorRange.1 - 1)
        guard majorFrom <= majorTo else { return }
        for major in majorFrom...majorTo {
            let m = Double(major) + 0.5
            let along = abs(dMajor) < 1e-12 ? 0 : ((m - p.x) / dMajor).clamped(0, 1)
            let centre = p.y + along * dMinor
            guard let low = clampedPixel(centre - span, .down), let high = clampedPixel(centre + span, .up) else { continue }
            let from = max(low, minorRange.0), to = min(high, minorRange.1 - 1)
            guard from <= to else { continue }
            for minor in from...to {
                let n = Double(minor) + 0.5
                let t = (((m - p.x) * dMajor + (n - p.y) * dMinor) / lengthSquared).clamped(0, 1)
                let ex = m - (p.x + t * dMajor), ey = n - (p.y + t * dMinor)
                let coverage = (half + 0.5 - (ex * ex + ey * ey).squareRoot()).clamped(0, 1) * opacity
                if coverage > 0.02 {
                    if steep { blend(x: minor, y: major, color: rgb, index: color, alpha: coverage) }
                    else { blend(x: major, y: minor, color: rgb, index: color, alpha: coverage) }
                }
            }
        }
    }
}
