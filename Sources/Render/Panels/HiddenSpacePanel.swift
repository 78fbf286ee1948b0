import Foundation

/// The data as a hidden layer sees it: points in the layer's (projected) coordinates, with a
/// grid of the input plane carried through the network as bent lines, axes fixed for the run,
/// and a caption under the plot. Points, legend and axes are drawn as in `BoundaryPanel`.
public struct HiddenSpacePanel: Sendable {
    /// The panel's axes, legend and point marks.
    public let boundary: BoundaryPanel
    /// The whole panel: the boundary panel's frame and the caption strip under it.
    public let frame: Rect
    /// Each class's training and test marks and the mistake ring, drawn once and stamped at
    /// every point (points sit on whole pixels, where a stamp gives the pixels drawing would).
    let stamps: Stamps
    /// The frames' notes drawn so far, to be copied rather than drawn again (`drawNote`).
    let notes = NoteMemo()

    /// A panel's marks, measured once for its point radius.
    struct Stamps: Sendable {
        /// By class index: the training point's mark, the test point's.
        let train: [MarkStamp], test: [MarkStamp]
        let mistake: MarkStamp
    }

    /// A panel whose plot shows `domain` of the hidden coordinates, named `axisNames`; the
    /// caption strip below the square panel is `captionHeight(size:)` high; the legend names the
    /// mistake mark `mistakeLabel`.
    public init(frame: Rect, domain: PlaneRect, classNames: [String], axisNames: (String, String), font: Font, bold: Font,
                mistakeLabel: String = "misclassified") {
        self.frame = frame
        var boundary = BoundaryPanel(frame: Rect(x: frame.x, y: frame.y, width: frame.width, height: frame.width),
                                     domain: domain, classNames: classNames, font: font, bold: bold, mistakeLabel: mistakeLabel)
        boundary.axisNames = axisNames
        self.boundary = boundary
        stamps = Self.stamps(of: boundary, classes: classNames.count)
    }

    /// The radius of a point's mark.
    var pointRadius: Double { 3.7 * boundary.metrics.scale }

    /// The marks of `classes` classes' points (at least one) and the mistake ring, as `boundary` draws them at `pointRadius`.
    static func stamps(of boundary: BoundaryPanel, classes: Int) -> Stamps {
        let scale = boundary.metrics.scale, radius = 3.7 * scale
        // Beyond the farthest any mark reaches: the star's points, 1.45 radii, and the ring's 3.2 beyond the radius.
        let reach = 1.5 * radius + 3.2 * scale + 3
        let palette = Palette.standard
        let classes = 0..<max(1, classes)
        return Stamps(
            train: classes.map { index in
                MarkStamp.of(palette: palette, reach: reach) { canvas, center, writer in
                    boundary.drawTrainPoint(on: canvas, at: center, classIndex: index, radius: radius, into: &writer)
                }
            },
            test: classes.map { index in
                MarkStamp.of(palette: palette, reach: reach) { canvas, center, writer in
                    boundary.drawTestPoint(on: canvas, at: center, classIndex: index, radius: radius, into: &writer)
                }
            },
            mistake: MarkStamp.of(palette: palette, reach: reach) { canvas, center, writer in
                boundary.drawMistake(on: canvas, at: center, radius: radius, into: &writer)
            })
    }

    /// The height of the caption strip under a panel `size` pixels wide: four lines.
    public static func captionHeight(size: Int) -> Int {
        clampedPixel(69 * Double(size) / PanelMetrics.designSide, .toNearestOrAwayFromZero) ?? 0
    }

    /// Axes, ticks, legend and the caption lines that stay the same for every frame (wrapped as
    /// `captionRows` wraps them).
    public func drawBackground(on canvas: Canvas, caption: [String] = []) {
        canvas.fill(frame, Palette.background)
        boundary.drawBackground(on: canvas)
        let plot = boundary.plot
        canvas.strokeRect(Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), color: Palette.grey(0.55))
        for (index, line) in captionRows(caption).enumerated() { drawCaption(line, row: index, on: canvas) }
    }

    /// `caption`'s lines as drawn: each wrapped at spaces into rows as wide as the panel allows,
    /// in the panel's text size (the same as every label's).
    public func captionRows(_ caption: [String]) -> [String] {
        let style = boundary.metrics.small, width = captionWidth
        return caption.flatMap { line -> [String] in
            var rows: [String] = [], current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if current.isEmpty || style.width(of: candidate) <= width {
                    current = candidate
                } else {
                    rows.append(current)
                    current = String(word)
                }
            }
            return rows + [current]
        }
    }

    /// The caption's width: from the plot's left edge to the frame's right, less a margin.
    var captionWidth: Int { frame.maxX - boundary.plot.x - boundary.metrics.tx(6) }

    /// Caption line `row` (0…3) under the plot, cut short with "…" if it is still too wide.
    func drawCaption(_ line: String, row: Int, on canvas: Canvas) {
        let metrics = boundary.metrics, plot = boundary.plot
        let baseline = frame.y + frame.width + metrics.tx(12 + 15 * Double(row))
        canvas.fill(Rect(x: frame.x, y: baseline - metrics.tx(12), width: frame.width, height: metrics.tx(15)), Palette.background)
        canvas.drawText(metrics.small.elided(line, to: captionWidth), x: plot.x, y: baseline, style: metrics.small, color: Palette.grey(0.7))
    }

    /// One frame: `lines` (plane polylines in hidden coordinates) in grey, the points over them,
    /// `title` above and `note` as caption line `noteRow`; nothing is drawn outside the plot.
    ///
    /// Points and line vertices sit on whole pixels: late in training they move by fractions of a
    /// pixel per frame, and anti-aliased edges at fractional places would change thousands of
    /// pixels every frame for nothing the eye sees, which GIF pays for in bytes.
    public func drawFrame(on canvas: Canvas, lines: [[(x: Double, y: Double)]], points: [ScatterPoint], title: String,
                          note: String?, noteRow: Int) {
        let plot = boundary.plot, metrics = boundary.metrics
        boundary.drawTitle(title, on: canvas)
        let lineColor = Palette.grey(0.3), thickness = 1.0 * metrics.scale
        let snap = Snap(boundary)
        var vertices: [Point] = []
        for line in lines {
            vertices.removeAll(keepingCapacity: true)
            for point in line { vertices.append(snap(point.x, point.y)) }
            canvas.strokeSegments(vertices, thickness: thickness, color: lineColor, opacity: 0.75, clip: plot, keptLevels: true)
        }
        drawPoints(points, on: canvas)
        if let note { drawNote(note, row: noteRow, on: canvas) }
    }

    /// `drawCaption(note, row:)`, copied when the same note was drawn before over the same pixels:
    /// the caption line's pixels depend only on its text and on the pixels under it (of the
    /// template: nothing else reaches under the plot's axes), and a frame's note (a count of
    /// points) changes now and then. The rows it can change (its strip, and every glyph's ink)
    /// are kept as they were before and after drawing; a frame whose rows match the first gets
    /// the second.
    func drawNote(_ note: String, row: Int, on canvas: Canvas) {
        let key = NoteMemo.Key(note: note, row: row, width: canvas.width, height: canvas.height)
        if let drawn = notes[key], drawn.rows.allSatisfy({ y in
            memcmp(canvas.row(y), drawn.before.baseAddress! + (y - drawn.rows.lowerBound) * canvas.width, canvas.width) == 0
        }) {
            for y in drawn.rows {
                canvas.row(y).update(from: drawn.after.baseAddress! + (y - drawn.rows.lowerBound) * canvas.width, count: canvas.width)
            }
            return
        }
        let rows = noteRows(note, row: row).clamped(to: 0..<canvas.height)
        let before = NoteMemo.pixels(of: canvas, rows: rows)
        drawCaption(note, row: row, on: canvas)
        notes.keep(key, NoteMemo.Drawn(rows: rows, before: before, after: NoteMemo.pixels(of: canvas, rows: rows)))
    }

    /// The rows `drawCaption(line, row:)` can change: its strip's, and those of each glyph drawn.
    func noteRows(_ line: String, row: Int) -> Range<Int> {
        let metrics = boundary.metrics
        let baseline = frame.y + frame.width + metrics.tx(12 + 15 * Double(row))
        var top = baseline - metrics.tx(12), bottom = top + metrics.tx(15)
        let glyphs = GlyphCache.shared.table(for: metrics.small)
        for character in metrics.small.elided(line, to: captionWidth) {
            let glyph = glyphs.glyph(character)
            guard glyph.height > 0 else { continue }
            top = min(top, baseline + glyph.top)
            bottom = max(bottom, baseline + glyph.top + glyph.height)
        }
        return top..<max(top, bottom)
    }

    /// The points whose whole pixel lies in the plot (edges included): the training points, the
    /// test points over them, the mistake rings over both; each stamped (a class without a stamp
    /// is drawn).
    func drawPoints(_ points: [ScatterPoint], on canvas: Canvas) {
        let plot = boundary.plot, radius = pointRadius, snap = Snap(boundary)
        let (left, right, top, bottom) = (Double(plot.x), Double(plot.maxX), Double(plot.y), Double(plot.maxY))
        // Each point inside the plot once, as its whole pixel: the training points, then the test points.
        var marks: [(x: Int32, y: Int32, classIndex: Int)] = [], testFrom = 0
        marks.reserveCapacity(points.count)
        var rings: [(x: Int32, y: Int32)] = []
        for test in [false, true] {
            if test { testFrom = marks.count }
            for point in points where point.isTest == test {
                let p = snap(point.x, point.y)
                guard p.x >= left, p.x <= right, p.y >= top, p.y <= bottom else { continue }
                marks.append((Int32(p.x), Int32(p.y), point.classIndex))
            }
        }
        for point in points where point.isMisclassified {
            let p = snap(point.x, point.y)
            if p.x >= left, p.x <= right, p.y >= top, p.y <= bottom { rings.append((Int32(p.x), Int32(p.y))) }
        }
        stamps.train.withUnsafeBufferPointer { train in
            for mark in marks[..<testFrom] {
                let (x, y, classIndex) = (Int(mark.x), Int(mark.y), mark.classIndex)
                if train.indices.contains(classIndex) {
                    train[classIndex].stamp(on: canvas, x: x, y: y)
                } else {
                    boundary.drawTrainPoint(on: canvas, at: Point(Double(x), Double(y)), classIndex: classIndex, radius: radius)
                }
            }
        }
        stamps.test.withUnsafeBufferPointer { test in
            for mark in marks[testFrom...] {
                let (x, y, classIndex) = (Int(mark.x), Int(mark.y), mark.classIndex)
                if test.indices.contains(classIndex) {
                    test[classIndex].stamp(on: canvas, x: x, y: y)
                } else {
                    boundary.drawTestPoint(on: canvas, at: Point(Double(x), Double(y)), classIndex: classIndex, radius: radius)
                }
            }
        }
        for ring in rings { stamps.mistake.stamp(on: canvas, x: Int(ring.x), y: Int(ring.y)) }
    }

    /// The whole pixel nearest to where the plot shows (x, y).
    func snapped(_ x: Double, _ y: Double) -> Point {
        Snap(boundary)(x, y)
    }

    /// `snapped` with the plot's terms read once (for a frame's thousands of points): the same
    /// operations as `BoundaryPanel.pixel`, in the same order, then `roundedHalfAway`.
    struct Snap {
        let left: Double, minX: Double, spanX: Double, width: Double
        let top: Double, maxY: Double, spanY: Double, height: Double

        init(_ boundary: BoundaryPanel) {
            let plot = boundary.plot, domain = boundary.domain
            (left, minX, spanX, width) = (Double(plot.x), domain.minX, domain.maxX - domain.minX, Double(plot.width))
            (top, maxY, spanY, height) = (Double(plot.y), domain.maxY, domain.maxY - domain.minY, Double(plot.height))
        }

        @inline(__always)
        func callAsFunction(_ x: Double, _ y: Double) -> Point {
            Point(HiddenSpacePanel.roundedHalfAway(left + (x - minX) / spanX * width),
                  HiddenSpacePanel.roundedHalfAway(top + (maxY - y) / spanY * height))
        }
    }

    /// `value.rounded()` (ties away from zero, the sign of a zero kept, NaN and huge values as
    /// they are) without a call to libm and without a branch on the value's fraction (points
    /// fall anywhere): for |value| < 2⁵², |value| plus the largest double below ½, cut toward
    /// zero by an exact conversion (a tie reaches the next whole number, anything below it does
    /// not), then the value's sign bit.
    @inline(__always)
    static func roundedHalfAway(_ value: Double) -> Double {
        let magnitude = abs(value)
        guard magnitude < 0x1p52 else { return value.rounded() }
        let rounded = Double(Int64(magnitude + 0.49999999999999994))
        return Double(bitPattern: rounded.bitPattern | (value.bitPattern & (1 << 63)))
    }
}

/// Notes a panel has drawn (`HiddenSpacePanel.drawNote`): for each note, caption row and canvas
/// size, the rows it changes as they were before and after. At most `most` are kept; kept ones
/// are never changed, so frames drawn at once read them under the lock only to find them.
final class NoteMemo: @unchecked Sendable {
    struct Key: Hashable {
        let note: String, row: Int, width: Int, height: Int
    }

    /// Rows `rows` of the canvas, whole, before and after the note was drawn (row after row).
    final class Drawn: @unchecked Sendable {
        let rows: Range<Int>
        let before: UnsafeMutableBufferPointer<UInt8>, after: UnsafeMutableBufferPointer<UInt8>

        init(rows: Range<Int>, before: UnsafeMutableBufferPointer<UInt8>, after: UnsafeMutableBufferPointer<UInt8>) {
            (self.rows, self.before, self.after) = (rows, before, after)
        }

        deinit {
            before.deallocate()
            after.deallocate()
        }
    }

    static let most = 64
    private let lock = NSLock()
    private var kept: [Key: Drawn] = [:]

    subscript(key: Key) -> Drawn? { lock.withLock { kept[key] } }

    func keep(_ key: Key, _ drawn: Drawn) {
        lock.withLock { if kept.count < Self.most, kept[key] == nil { kept[key] = drawn } }
    }

    /// A copy of `rows` of `canvas` (at least one byte of memory, for an empty range).
    static func pixels(of canvas: Canvas, rows: Range<Int>) -> UnsafeMutableBufferPointer<UInt8> {
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, rows.count * canvas.width))
        for y in rows { (memory.baseAddress! + (y - rows.lowerBound) * canvas.width).update(from: canvas.row(y), count: canvas.width) }
        return memory
    }
}
