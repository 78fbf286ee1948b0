import CGD
import Encoding
import Foundation

/// A palette image owned by Swift: a libgd image with the standard palette installed, freed on deinit.
///
/// Not thread-safe: one thread draws on a canvas at a time (frames are drawn in parallel on
/// separate canvases).
///
/// Drawing works on palette indices. Anti-aliased shapes blend with the pixels under them and
/// take the nearest palette colour, so edges stay smooth without leaving the fixed palette.
public final class Canvas: @unchecked Sendable {
    let image: gdImagePtr
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    let palette = Palette.standard
    /// The pixels' memory, which libgd's rows point into and frames made from the canvas share
    /// (`indexedFrame(in:)`).
    private let block: PixelBlock

    /// A canvas filled with `Palette.background`.
    public convenience init(width: Int, height: Int) {
        self.init(uninitializedWidth: width, height: height)
        fill(bounds, Palette.background)
    }

    /// A canvas whose pixels are not set yet: the caller sets every one before anything reads it.
    ///
    /// Its rows are one block of memory, libgd's image pointing into it: libgd allocates (and
    /// zeroes) each row on its own, and frames drawn by the hundred a second spent more in those
    /// allocations and their release than in drawing some views. Only the row pointers are
    /// libgd's business; `deinit` hands it an image without them. The block is a `PixelBlock`,
    /// so that an animation frame made from the canvas reads the pixels where they were drawn.
    private init(uninitializedWidth width: Int, height: Int) {
        precondition(width > 0 && height > 0 && width <= Int(Int32.max) && height <= Int(Int32.max) / 2,
                     "Canvas needs a positive size")
        guard let image = gdImageCreate(Int32(width), 1) else {
            fatalError("libgd could not allocate a \(width)×\(height) image")
        }
        gdFree(image.pointee.pixels[0])
        gdFree(image.pointee.pixels)
        let block = PixelBlock(count: width * height)
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: height)
        for y in 0..<height { rows[y] = block.base + y * width }
        image.pointee.pixels = rows
        // What gdImageCreate(width, height) sets from the height: the rows and the clipping rectangle.
        image.pointee.sy = Int32(height)
        image.pointee.cy2 = Int32(height - 1)
        self.image = image
        self.block = block
        self.width = width
        self.height = height
        Self.install(palette, in: image)
    }

    /// A canvas of `template`'s size holding its pixels everywhere but in `skipped`: rectangles
    /// the caller paints whole before anything reads them (a frame drawn over its template
    /// copies only what it keeps of it). Pixels in `skipped` are undefined until painted.
    public convenience init(template: Canvas, except skipped: [Rect]) {
        self.init(uninitializedWidth: template.width, height: template.height)
        let holes = skipped.map { $0.intersection(bounds) }.filter { !$0.isEmpty }
        // The rows between two consecutive hole edges keep the same spans: worked out once a band
        // (once a row, they were most of a frame's start).
        let edges = Set([0, height] + holes.flatMap { [$0.y, $0.maxY] }).sorted()
        var kept: [(from: Int, to: Int)] = []
        for (top, bottom) in zip(edges, edges.dropFirst()) {
            let covered = holes.filter { $0.y <= top && top < $0.maxY }.map { (from: $0.x, to: $0.maxX) }.sorted { $0.from < $1.from }
            kept.removeAll(keepingCapacity: true)
            var x = 0
            for span in covered {
                if span.from > x { kept.append((x, span.from)) }
                x = max(x, span.to)
            }
            if x < width { kept.append((x, width)) }
            for y in top..<bottom {
                let target = row(y), source = template.row(y)
                for span in kept { (target + span.from).update(from: source + span.from, count: span.to - span.from) }
            }
        }
        #if DEBUG
        // In debug builds (the tests') a hole holds the transparent index, which no drawing sets
        // and the encoders refuse: a hole its caller forgot to paint fails every test that
        // encodes the frame, where a release build leaves whatever the memory held.
        for hole in holes { fill(hole, Palette.transparent) }
        #endif
    }

    /// Sets `palette` as `image`'s colours, index for index, as `gdImageColorAllocate` called
    /// once per colour on a new image does (it searches every colour allocated so far for a
    /// free slot each time: 32 640 steps for 256 colours, on every canvas).
    private static func install(_ palette: Palette, in image: gdImagePtr) {
        let count = min(palette.colors.count, Int(gdMaxColors))
        withUnsafeMutablePointer(to: &image.pointee.red) { red in
            withUnsafeMutablePointer(to: &image.pointee.green) { green in
                withUnsafeMutablePointer(to: &image.pointee.blue) { blue in
                    withUnsafeMutablePointer(to: &image.pointee.alpha) { alpha in
                        withUnsafeMutablePointer(to: &image.pointee.open) { open in
                            let red = UnsafeMutableRawPointer(red).assumingMemoryBound(to: Int32.self)
                            let green = UnsafeMutableRawPointer(green).assumingMemoryBound(to: Int32.self)
                            let blue = UnsafeMutableRawPointer(blue).assumingMemoryBound(to: Int32.self)
                            let alpha = UnsafeMutableRawPointer(alpha).assumingMemoryBound(to: Int32.self)
                            let open = UnsafeMutableRawPointer(open).assumingMemoryBound(to: Int32.self)
                            for (index, color) in palette.colors.prefix(count).enumerated() {
                                (red[index], green[index], blue[index]) = (Int32(color.r), Int32(color.g), Int32(color.b))
                                alpha[index] = Int32(gdAlphaOpaque)
                                open[index] = 0
                            }
                        }
                    }
                }
            }
        }
        image.pointee.colorsTotal = Int32(count)
    }

    /// A canvas holding `other`'s pixels, as `Canvas(width:height:)` then `copyPixels(from:)` give,
    /// without filling it first: a frame started from its view's template.
    public convenience init(copying other: Canvas) {
        self.init(template: other, except: [])
    }

    deinit {
        // The rows point into `block`, which frames made from the canvas may still hold: only the
        // row pointers are freed here, and libgd destroys the rest of the image.
        let rows = image.pointee.pixels!
        rows.deallocate()
        image.pointee.pixels = nil
        gdImageDestroy(image)
    }

    /// The whole canvas.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Row `y`'s pixels (palette indices).
    @inline(__always) func row(_ y: Int) -> UnsafeMutablePointer<UInt8> {
        image.pointee.pixels[y]!
    }

    /// The palette index at (x, y).
    public subscript(x: Int, y: Int) -> UInt8 {
        get { row(y)[x] }
        set { row(y)[x] = newValue }
    }

    /// Sets every pixel of `rect` (clipped to the canvas) to `color`.
    public func fill(_ rect: Rect, _ color: UInt8) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { (row(y) + r.x).update(repeating: color, count: r.width) }
    }

    /// Copies every pixel of `other`, which must have the same size.
    public func copyPixels(from other: Canvas) {
        precondition(other.width == width && other.height == height, "copyPixels: sizes differ")
        for y in 0..<height { row(y).update(from: other.row(y), count: width) }
    }

    /// Copies the pixels of `rect` from `source` to the same place here (clipped to both).
    public func copy(_ rect: Rect, from source: Canvas) {
        let area = rect.intersection(bounds).intersection(source.bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY { (row(y) + area.x).update(from: source.row(y) + area.x, count: area.width) }
    }

    /// Marks the canvas finished: nothing draws on it again, and the frames made from it
    /// (`indexedFrame(in:)`) find their check already done, here, while the pixels are still in
    /// this core's cache (a frame is encoded on another thread, often on the other core).
    public func finish() {
        block.seal(lookingFor: Palette.transparent)
    }

    /// The canvas as an animation's encoder takes it: its palette indices in `palette`'s colours,
    /// with `Palette.transparent` (never drawn) free to mark unchanged pixels. The frame reads
    /// the canvas's pixels where they are, without a copy: the canvas is finished, and nothing
    /// draws on it again (a debug build traps when something does; a caller that goes on drawing
    /// hands over `Canvas(copying:)` instead). Frames of several palettes may share one canvas.
    public func indexedFrame(in palette: Palette = .standard) -> IndexedFrame {
        IndexedFrame(width: width, height: height, sharing: block, colors: palette.colorTable, transparent: Palette.transparent)
    }

    /// Copies `other` (any size) with its top-left corner at (x, y), clipped to this canvas.
    public func paste(_ other: Canvas, at x: Int, _ y: Int) {
        let target = Rect(x: x, y: y, width: other.width, height: other.height).intersection(bounds)
        guard !target.isEmpty else { return }
        for ty in target.y..<target.maxY {
            (row(ty) + target.x).update(from: other.row(ty - y) + (target.x - x), count: target.width)
        }
    }

    /// Moves pixel (x, y) towards `color` by `alpha` (clipped; alpha 0…1).
    @inline(__always) public func blend(x: Int, y: Int, color: RGB, index: UInt8, alpha: Double) {
        guard x >= 0, y >= 0, x < width, y < height, alpha > 0.02 else { return }
        let pixels = row(y)
        pixels[x] = alpha >= 0.98 ? index : palette.blend(pixels[x], toward: color, alpha: alpha)
    }

    /// An anti-aliased disc of `color` inside a band of `outline` (`outlineWidth` wide), drawn in
    /// one pass: pixels wholly inside either part are set directly; only the two rims blend.
    public func fillDisc(center: Point, radius: Double, color: UInt8, outline: UInt8, outlineWidth: Double) {
        var writer = CanvasWriter(canvas: self)
        fillDisc(center: center, radius: radius, color: color, outline: outline, outlineWidth: outlineWidth, into: &writer)
    }

    /// `fillDisc(center:radius:color:outline:outlineWidth:)` through `writer`.
    @inline(__always)
    func fillDisc<Writer: PixelWriter>(center: Point, radius: Double, color: UInt8, outline: UInt8, outlineWidth: Double,
                                       into writer: inout Writer) {
        let outerRadius = radius + outlineWidth
        let reach = outerRadius + 0.5
        let fillInside = max(0, radius - 0.5), fillOutside = radius + 0.5, bandInside = outerRadius - 0.5
        guard let (xs, ys) = pixels(within: reach, of: center) else { return }
        for y in ys {
            let dy = Double(y) + 0.5 - center.y
            for x in xs {
                let dx = Double(x) + 0.5 - center.x
                let squared = dx * dx + dy * dy
                if squared <= fillInside * fillInside {
                    writer.set(x, y, color)
                } else if squared >= reach * reach {
                    continue
                } else {
                    let distance = squared.squareRoot()
                    if distance >= fillOutside, distance <= bandInside {
                        writer.set(x, y, outline)
                        continue
                    }
                    let bandCoverage = min(reach - distance, 1)
                    if bandCoverage > 0.02 {
                        if bandCoverage >= 0.98 { writer.set(x, y, outline) } else { writer.blend(x, y, toward: outline, alpha: bandCoverage) }
                    }
                    let fillCoverage = fillOutside - distance
                    if fillCoverage > 0.02 {
                        if fillCoverage >= 0.98 { writer.set(x, y, color) } else { writer.blend(x, y, toward: color, alpha: fillCoverage) }
                    }
                }
            }
        }
    }

    /// An anti-aliased filled disc. Pixels well inside are set directly; only the rim blends.
    public func fillDisc(center: Point, radius: Double, color: UInt8) {
        let rgb = palette.colors[Int(color)]
        let inner = max(0, radius - 0.5), outer = radius + 0.5
        let (innerSquared, outerSquared) = (inner * inner, outer * outer)
        guard let (xs, ys) = pixels(within: outer, of: center) else { return }
        for y in ys {
            let dy = Double(y) + 0.5 - center.y
            let pixels = row(y)
            for x in xs {
                let dx = Double(x) + 0.5 - center.x
                let squared = dx * dx + dy * dy
                if squared <= innerSquared {
                    pixels[x] = color
                } else if squared < outerSquared {
                    let alpha = outer - squared.squareRoot()
                    if alpha > 0.02 { pixels[x] = alpha >= 0.98 ? color : palette.blend(pixels[x], toward: rgb, alpha: alpha) }
                }
            }
        }
    }

    /// An anti-aliased ring: the band between `radius − thickness` and `radius`.
    public func strokeCircle(center: Point, radius: Double, thickness: Double, color: UInt8) {
        var writer = CanvasWriter(canvas: self)
        strokeCircle(center: center, radius: radius, thickness: thickness, color: color, into: &writer)
    }

    /// `strokeCircle(center:radius:thickness:color:)` through `writer`.
    @inline(__always)
    func strokeCircle<Writer: PixelWriter>(center: Point, radius: Double, thickness: Double, color: UInt8, into writer: inout Writer) {
        let inner = radius - thickness
        guard let (xs, ys) = pixels(within: radius + 1, of: center) else { return }
        for y in ys {
            let dy = Double(y) + 0.5 - center.y
            for x in xs {
                let dx = Double(x) + 0.5 - center.x
                let distance = (dx * dx + dy * dy).squareRoot()
                let coverage = (radius + 0.5 - distance).clamped(0, 1) - (inner + 0.5 - distance).clamped(0, 1)
                guard coverage > 0.02 else { continue }
                if coverage >= 0.98 { writer.set(x, y, color) } else { writer.blend(x, y, toward: color, alpha: coverage) }
            }
        }
    }

    /// The columns and rows of the pixels within `reach` of `center` on both axes, clipped to the
    /// canvas; nil when none are, or when the centre is NaN or the reach is not a finite size.
    func pixels(within reach: Double, of center: Point) -> (ClosedRange<Int>, ClosedRange<Int>)? {
        guard let center = center.clampedToDrawable, reach >= 0, reach <= Double(pixelLimit),
              let left = clampedPixel(center.x - reach, .down), let right = clampedPixel(center.x + reach, .up),
              let top = clampedPixel(center.y - reach, .down), let bottom = clampedPixel(center.y + reach, .up) else { return nil }
        let x0 = max(0, left), x1 = min(width - 1, right), y0 = max(0, top), y1 = min(height - 1, bottom)
        guard x0 <= x1, y0 <= y1 else { return nil }
        return (x0...x1, y0...y1)
    }

    func forEachPixel(near center: Point, reach: Double, _ body: (Int, Int, Double) -> Void) {
        guard let (xs, ys) = pixels(within: reach, of: center) else { return }
        for y in ys {
            let dy = Double(y) + 0.5 - center.y
            for x in xs {
                let dx = Double(x) + 0.5 - center.x
                body(x, y, (dx * dx + dy * dy).squareRoot())
            }
        }
    }

    /// An anti-aliased polyline of the given thickness; joints are drawn once, not twice.
    ///
    /// A point with a NaN coordinate breaks the line there (the pieces either side are drawn);
    /// huge and infinite coordinates are clamped to ±`pixelLimit`, far outside the canvas, so a
    /// line towards them leaves the canvas in about the right direction.
    public func strokePolyline(_ points: [Point], thickness: Double, color: UInt8, clip: Rect? = nil) {
        guard points.count >= 2, thickness >= 0, thickness <= Double(pixelLimit) else { return }
        var segments: [(Point, Point)] = []
        var previous: Point? = nil
        for point in points {
            let current = point.clampedToDrawable
            if let a = previous, let b = current { segments.append((a, b)) }
            previous = current
        }
        guard !segments.isEmpty else { return }
        let area = (clip ?? bounds).intersection(bounds)
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for (a, b) in segments {
            minX = min(minX, a.x, b.x); maxX = max(maxX, a.x, b.x); minY = min(minY, a.y, b.y); maxY = max(maxY, a.y, b.y)
        }
        let reach = thickness / 2 + 1
        // Every coordinate is within ±pixelLimit, so none of these is nil.
        guard let boxLeft = clampedPixel(minX - reach, .down), let boxTop = clampedPixel(minY - reach, .down),
              let boxRight = clampedPixel(maxX + reach, .up), let boxBottom = clampedPixel(maxY + reach, .up) else { return }
        let box = Rect(x: boxLeft, y: boxTop, width: boxRight - boxLeft + 1, height: boxBottom - boxTop + 1).intersection(area)
        guard !box.isEmpty else { return }
        // Coverage of the whole line, the maximum over its segments, then one blend per pixel.
        var coverage = [Float](repeating: 0, count: box.width * box.height)
        let half = thickness / 2
        for (a, b) in segments {
            guard let left = clampedPixel(min(a.x, b.x) - reach, .down), let right = clampedPixel(max(a.x, b.x) + reach, .up),
                  let top = clampedPixel(min(a.y, b.y) - reach, .down), let bottom = clampedPixel(max(a.y, b.y) + reach, .up) else { continue }
            let sx0 = max(box.x, left), sx1 = min(box.maxX - 1, right)
            let sy0 = max(box.y, top), sy1 = min(box.maxY - 1, bottom)
            guard sx0 <= sx1, sy0 <= sy1 else { continue }
            let vx = b.x - a.x, vy = b.y - a.y
            let lengthSquared = max(vx * vx + vy * vy, 1e-12)
            for y in sy0...sy1 {
                let py = Double(y) + 0.5
                for x in sx0...sx1 {
                    let px = Double(x) + 0.5
                    let t = (((px - a.x) * vx + (py - a.y) * vy) / lengthSquared).clamped(0, 1)
                    let ex = px - (a.x + t * vx), ey = py - (a.y + t * vy)
                    let c = Float((half + 0.5 - (ex * ex + ey * ey).squareRoot()).clamped(0, 1))
                    let i = (y - box.y) * box.width + (x - box.x)
                    if c > coverage[i] { coverage[i] = c }
                }
            }
        }
        let rgb = palette.colors[Int(color)]
        for y in box.y..<box.maxY {
            for x in box.x..<box.maxX {
                let c = coverage[(y - box.y) * box.width + (x - box.x)]
                if c > 0 { blend(x: x, y: y, color: rgb, index: color, alpha: Double(c)) }
            }
        }
    }

    /// A crisp one-pixel (or thicker) horizontal or vertical line between whole pixels.
    /// Coordinates are clamped to ±`pixelLimit` first, so no caller's value overflows here.
    public func hairline(from start: (x: Int, y: Int), to end: (x: Int, y: Int), color: UInt8, thickness: Int = 1) {
        let start = (x: clampedPixel(start.x), y: clampedPixel(start.y)), end = (x: clampedPixel(end.x), y: clampedPixel(end.y))
        let thickness = clampedPixel(thickness)
        let rect = start.x == end.x
            ? Rect(x: start.x, y: min(start.y, end.y), width: thickness, height: abs(end.y - start.y) + 1)
            : Rect(x: min(start.x, end.x), y: start.y, width: abs(end.x - start.x) + 1, height: thickness)
        fill(rect, color)
    }

    /// The outline of `rect`, one pixel wide, inside it.
    public func strokeRect(_ rect: Rect, color: UInt8) {
        hairline(from: (rect.x, rect.y), to: (rect.maxX - 1, rect.y), color: color)
        hairline(from: (rect.x, rect.maxY - 1), to: (rect.maxX - 1, rect.maxY - 1), color: color)
        hairline(from: (rect.x, rect.y), to: (rect.x, rect.maxY - 1), color: color)
        hairline(from: (rect.maxX - 1, rect.y), to: (rect.maxX - 1, rect.maxY - 1), color: color)
    }

    /// The image encoded as PNG (`PNGEncoder`), its palette's colours those of `palette` (the same indices).
    public func pngData(palette: Palette = .standard) -> Data {
        PNGEncoder.encode(stillFrame(in: palette))
    }

    /// The canvas as a still's encoder takes it: its palette indices in `palette`'s colours,
    /// every index free to be drawn (a still marks no pixel unchanged). The pixels are copied:
    /// the canvas may be drawn on afterwards.
    public func stillFrame(in palette: Palette = .standard) -> IndexedFrame {
        let indices = [UInt8](unsafeUninitializedCapacity: width * height) { buffer, count in
            for y in 0..<height { (buffer.baseAddress! + y * width).initialize(from: row(y), count: width) }
            count = width * height
        }
        return IndexedFrame(width: width, height: height, indices: indices, colors: palette.colorTable)
    }

    /// The image encoded by libgd's own PNG writer at zlib level `level` (6: its default), the
    /// yardstick `flipbook-bench render` measures `PNGEncoder` against.
    public func libgdPNGData(palette: Palette = .standard, level: Int32 = 6) -> Data {
        install(palette)
        defer { install(self.palette) }
        var size: Int32 = 0
        guard let bytes = gdImagePngPtrEx(image, &size, level) else { return Data() }
        defer { gdFree(bytes) }
        return Data(bytes: bytes, count: Int(size))
    }

    /// Gives every palette index of the libgd image the colour `palette` has for it.
    private func install(_ palette: Palette) {
        let colors = palette.colors
        withUnsafeMutableBytes(of: &image.pointee.red) { bytes in
            for (index, color) in colors.enumerated() { bytes.storeBytes(of: Int32(color.r), toByteOffset: 4 * index, as: Int32.self) }
        }
        withUnsafeMutableBytes(of: &image.pointee.green) { bytes in
            for (index, color) in colors.enumerated() { bytes.storeBytes(of: Int32(color.g), toByteOffset: 4 * index, as: Int32.self) }
        }
        withUnsafeMutableBytes(of: &image.pointee.blue) { bytes in
            for (index, color) in colors.enumerated() { bytes.storeBytes(of: Int32(color.b), toByteOffset: 4 * index, as: Int32.self) }
        }
    }
}
