import Foundation

/// A feed-forward network drawn as columns of units, TensorFlow-Playground style: every unit a
/// small heat map of its activation over the input plane, every connection a line coloured by
/// the weight's sign (class-1 orange positive, class-0 blue negative) whose width and opacity
/// follow its magnitude, and each unit's bias as a small square on its lower-left corner.
///
/// Draw the column headings once with `drawBackground(on:)`, then each frame with `drawFrame`.
/// It knows nothing of networks: the caller hands it values, weights and scales.
public struct NetworkDiagram: Sendable {
    /// One column of units: the inputs, a hidden layer or the outputs.
    public struct Column: Sendable {
        /// First heading line, e.g. "hidden 1".
        public var title: String
        /// Second heading line, e.g. "relu · 16 units".
        public var subtitle: String
        /// Units drawn.
        public var unitCount: Int
        /// Labels drawn left of the units (the inputs' x₁, x₂), or none.
        public var unitLabels: [String]

        /// A column heading and its unit count.
        public init(title: String, subtitle: String, unitCount: Int, unitLabels: [String] = []) {
            self.title = title
            self.subtitle = subtitle
            self.unitCount = max(0, unitCount)
            self.unitLabels = unitLabels
        }
    }

    /// One unit of one frame: its values over the grid, their scale, its bias and whether it is dead.
    public struct Unit: Sendable {
        /// `gridColumns × gridRows` values, row 0 the top of the plane.
        public var values: [Float]
        /// The layer's scale.
        public var scale: UnitScale
        /// The bias, drawn on `biasScale`; nil for units without one (inputs).
        public var bias: Float?
        /// The layer's bias scale.
        public var biasScale: UnitScale
        /// Zero over the whole plane: drawn grey and labelled "dead".
        public var isDead: Bool
        /// Its map painted ahead (`UnitMap.paintLayer`: map `index` of `maps`), drawn instead of
        /// `values` when as large as the unit's square.
        public var painted: (maps: PaintedUnitMaps, index: Int)?

        /// A unit's frame data.
        public init(values: [Float], scale: UnitScale, bias: Float? = nil, biasScale: UnitScale = .diverging(center: 0, limit: 1),
                    isDead: Bool = false) {
            self.values = values
            self.scale = scale
            self.bias = bias
            self.biasScale = biasScale
            self.isDead = isDead
        }

        /// A unit whose map is map `index` of `painted` (its values not kept).
        public init(painted: PaintedUnitMaps, index: Int, scale: UnitScale, bias: Float? = nil,
                    biasScale: UnitScale = .diverging(center: 0, limit: 1), isDead: Bool = false) {
            self.init(values: [], scale: scale, bias: bias, biasScale: biasScale, isDead: isDead)
            self.painted = (painted, index)
        }
    }

    /// A connection from unit `from` of one column to unit `to` of the next.
    public struct Edge: Sendable {
        public var from: Int
        public var to: Int
        public var weight: Float

        /// A connection and its weight.
        public init(from: Int, to: Int, weight: Float) {
            self.from = from
            self.to = to
            self.weight = weight
        }
    }

    /// The connections between two columns, on one scale: |weight| ≥ `limit` is drawn widest and opaque.
    public struct Connections: Sendable {
        public var edges: [Edge]
        public var limit: Float

        /// Connections on a scale.
        public init(edges: [Edge], limit: Float) {
            self.edges = edges
            self.limit = limit
        }
    }

    /// Where the diagram sits on the canvas.
    public let frame: Rect
    /// The columns, inputs first.
    public let columns: [Column]
    /// Text and length scale (lengths of a `panelSize` panel, text of a `textSize` picture).
    public let metrics: PanelMetrics
    /// The side of every unit's map, in pixels.
    public let unitSide: Int
    /// Each column's unit squares.
    public let unitRects: [[Rect]]
    /// Grid points across and down the unit maps' values.
    public let gridColumns: Int, gridRows: Int
    /// The top of the area the units and connections are drawn in (headings are above it).
    let unitAreaTop: Int
    /// The unit area but every unit's outlined square, as rectangles: what `drawFrame` fills when
    /// every unit is drawn (the squares are painted whole by their units).
    let unitAreaBands: [Rect]

    /// A diagram in `frame` (as wide as `width(for:panelSize:height:)` says) for a run whose panels
    /// are `panelSize` pixels; unit maps take `gridColumns × gridRows` values; its text (and the
    /// margins that hold it) sized for a picture of `textSize` pixels (`panelSize` when nil), so
    /// that the small panels of a comparison keep a single run's text size.
    public init(frame: Rect, panelSize: Int, columns: [Column], gridColumns: Int, gridRows: Int, font: Font, bold: Font,
                textSize: Int? = nil) {
        self.frame = frame
        self.columns = columns
        self.gridColumns = gridColumns
        self.gridRows = gridRows
        metrics = PanelMetrics(size: panelSize, font: font, bold: bold, textSize: textSize)
        let layout = Self.layout(columns, panelSize: panelSize, height: frame.height, metrics: metrics)
        unitSide = layout.side
        unitAreaTop = frame.y + metrics.tx(Self.headerHeight - 6)
        let top = frame.y + metrics.tx(Self.headerHeight), available = frame.height - metrics.tx(Self.headerHeight) - metrics.px(Self.bottomMargin)
        var x = frame.x + Self.leftMargin(columns, metrics: metrics)
        var rects: [[Rect]] = []
        for (column, perColumn) in zip(columns, layout.subcolumns) {
            let rows = (column.unitCount + perColumn - 1) / max(perColumn, 1)
            let height = rows * layout.side + max(0, rows - 1) * layout.gap
            let y0 = top + max(0, (available - height) / 2)
            rects.append((0..<column.unitCount).map { unit in
                Rect(x: x + (unit / max(rows, 1)) * (layout.side + layout.gap), y: y0 + (unit % max(rows, 1)) * (layout.side + layout.gap),
                     width: layout.side, height: layout.side)
            })
            x += perColumn * layout.side + (perColumn - 1) * layout.gap + metrics.px(Self.columnGap)
        }
        unitRects = rects
        unitAreaBands = Self.bands(Rect(x: frame.x, y: unitAreaTop, width: frame.width, height: frame.maxY - unitAreaTop),
                                   except: Self.squares(rects, drawn: rects.map(\.count)))
    }

    static let headerHeight = 100.0, bottomMargin = 14.0, leftMargin = 30.0, rightMargin = 64.0, columnGap = 118.0
    static let smallestSide = 40.0, largestSide = 64.0

    /// The unit side, the gap between units, and how many sub-columns each column wraps into so
    /// that no unit map is smaller than 40 px at a 480-pixel panel size.
    static func layout(_ columns: [Column], panelSize: Int, height: Int, metrics: PanelMetrics)
        -> (side: Int, gap: Int, subcolumns: [Int]) {
        let available = Double(max(1, height - metrics.tx(headerHeight) - metrics.px(bottomMargin)))
        let smallestPitch = smallestSide * metrics.scale * 1.2
        let subcolumns = columns.map { column in
            max(1, Int((Double(column.unitCount) * smallestPitch / available).rounded(.up)))
        }
        var side = largestSide * metrics.scale
        for (column, perColumn) in zip(columns, subcolumns) {
            let rows = Double((column.unitCount + perColumn - 1) / perColumn)
            if rows > 0 { side = min(side, available / (rows * 1.2)) }
        }
        let pixels = max(4, Int(side))
        return (pixels, max(2, pixels / 5), subcolumns)
    }

    /// The width a diagram of `columns` needs at `panelSize`, `height` pixels high, its text
    /// sized for `textSize` (as `init`).
    public static func width(for columns: [Column], panelSize: Int, height: Int, font: Font, bold: Font, textSize: Int? = nil) -> Int {
        let metrics = PanelMetrics(size: panelSize, font: font, bold: bold, textSize: textSize)
        let layout = layout(columns, panelSize: panelSize, height: height, metrics: metrics)
        let units = layout.subcolumns.reduce(0) { $0 + $1 * layout.side + ($1 - 1) * layout.gap }
        let wider = leftMargin(columns, metrics: metrics) - metrics.tx(leftMargin)
        return metrics.tx(leftMargin + rightMargin) + wider + units + max(0, columns.count - 1) * metrics.px(columnGap)
    }

    /// The room left of the first column: `leftMargin`, or more for unit labels longer than
    /// three characters (features' names), at most 150 pixels at 480.
    static func leftMargin(_ columns: [Column], metrics: PanelMetrics) -> Int {
        guard let labels = columns.first?.unitLabels, labels.contains(where: { $0.count > 3 }) else { return metrics.tx(leftMargin) }
        let widest = columns.first?.unitLabels.map { metrics.small.box(of: $0, x: 0, baseline: 0, anchor: .left).width }.max() ?? 0
        return max(metrics.tx(leftMargin), min(widest + metrics.tx(12), metrics.tx(150)))
    }

    /// The headings and the legend.
    public func drawBackground(on canvas: Canvas) {
        canvas.fill(frame, Palette.background)
        let heading = Palette.grey(0.8), label = Palette.grey(0.65)
        for (column, rects) in zip(columns, unitRects) {
            guard let first = rects.first else { continue }
            let right = rects.map(\.maxX).max() ?? first.maxX
            let centre = (first.x + right) / 2
            canvas.drawText(column.title, x: centre, y: frame.y + metrics.tx(headerHeightTitle), style: metrics.small, color: heading, anchor: .center)
            canvas.drawText(column.subtitle, x: centre, y: frame.y + metrics.tx(headerHeightTitle + 14), style: metrics.tick, color: label,
                            anchor: .center)
        }
        drawLegend(on: canvas)
    }

    private var headerHeightTitle: Double { 68 }

    /// "weights: — positive — negative (width ∝ |w|) · ■ bias".
    private func drawLegend(on canvas: Canvas) {
        let baseline = frame.y + metrics.tx(44), color = Palette.grey(0.75)
        let y = Double(baseline) - 4 * metrics.textScale
        var x = frame.x + metrics.tx(14)
        for (name, shade) in [("positive weight", Palette.classColor(1)), ("negative", Palette.classColor(0))] {
            canvas.strokeSegment(from: Point(Double(x), y), to: Point(Double(x + metrics.tx(18)), y), thickness: 3 * metrics.scale, color: shade)
            canvas.drawText(name, x: x + metrics.tx(23), y: baseline, style: metrics.small, color: color)
            x += metrics.tx(23) + metrics.small.width(of: name) + metrics.tx(14)
        }
        let side = metrics.tx(9)
        canvas.fill(Rect(x: x, y: baseline - side, width: side, height: side), Palette.classShade(1, 20))
        canvas.strokeRect(Rect(x: x, y: baseline - side, width: side, height: side), color: Palette.grey(0.6))
        canvas.drawText("bias", x: x + side + metrics.tx(5), y: baseline, style: metrics.small, color: color)
    }

    /// The rectangles `drawFrame` fills whole before drawing in them (the title line and the
    /// units' area): a frame's canvas need not hold the template there.
    public var paintedEachFrame: [Rect] {
        [Rect(x: frame.x, y: frame.y, width: frame.width, height: metrics.tx(28)),
         Rect(x: frame.x, y: unitAreaTop, width: frame.width, height: frame.maxY - unitAreaTop)]
    }

    /// Draws the input column's `units` (without biases), the same in every frame, on `template`:
    /// `drawFrame` given it as `keptInputs` copies them from there instead of drawing them.
    public func drawInputs(_ units: [Unit], on template: Canvas) {
        guard let rects = unitRects.first else { return }
        for (rect, unit) in zip(rects, units) { drawUnit(unit, in: rect, on: template) }
    }

    /// One frame: `title` on the title line, the connections (weakest first, so the strong ones
    /// lie on top), then every unit. `units[c]` and `connections[c]` (from column c to c + 1)
    /// follow the columns; missing ones are left out. With `keptInputs` (a canvas on which
    /// `drawInputs` drew `units[0]`), the input units and their outlines are copied from it.
    public func drawFrame(on canvas: Canvas, title: String, units: [[Unit]], connections: [Connections], keptInputs: Canvas? = nil) {
        let painted = paintedEachFrame
        canvas.fill(painted[0], Palette.background)
        canvas.drawText(title, x: frame.x + metrics.tx(14), y: frame.y + metrics.tx(21), style: metrics.title, color: Palette.grey(0.88),
                        fitting: frame.width - metrics.tx(20))
        // The unit area but the squares (with their outlines) of the units drawn below, which
        // paint every pixel of them whole after the connections: what the lines blend with there
        // is painted over.
        if zip(unitRects, units).allSatisfy({ $0.count <= $1.count }) {
            for band in unitAreaBands { canvas.fill(band, Palette.background) }
        } else {
            Self.fill(painted[1], except: Self.squares(unitRects, drawn: units.map(\.count)), with: Palette.background, on: canvas)
        }
        for (index, layer) in connections.enumerated() where index + 1 < unitRects.count {
            drawConnections(layer, from: unitRects[index], to: unitRects[index + 1], on: canvas)
        }
        for (column, (rects, layer)) in zip(unitRects, units).enumerated() {
            for (rect, unit) in zip(rects, layer) {
                if column == 0, let keptInputs {
                    canvas.copy(Rect(x: rect.x - 1, y: rect.y - 1, width: rect.width + 2, height: rect.height + 2), from: keptInputs)
                } else {
                    drawUnit(unit, in: rect, on: canvas)
                }
            }
        }
        drawUnitLabels(on: canvas)
    }

    /// The outlined squares of the first `drawn[c]` units of each column c.
    static func squares(_ unitRects: [[Rect]], drawn: [Int]) -> [Rect] {
        zip(unitRects, drawn).flatMap { rects, count in
            rects.prefix(count).map { Rect(x: $0.x - 1, y: $0.y - 1, width: $0.width + 2, height: $0.height + 2) }
        }
    }

    /// Sets every pixel of `area` (clipped to the canvas) outside the rectangles `holes` to `color`.
    static func fill(_ area: Rect, except holes: [Rect], with color: UInt8, on canvas: Canvas) {
        for band in bands(area.intersection(canvas.bounds), except: holes) { canvas.fill(band, color) }
    }

    /// Rectangles covering `area` but `holes`, without overlaps: the rows between two consecutive
    /// hole edges leave the same spans, one band at a time.
    static func bands(_ area: Rect, except holes: [Rect]) -> [Rect] {
        guard !area.isEmpty else { return [] }
        let holes = holes.map { $0.intersection(area) }.filter { !$0.isEmpty }
        let edges = Set([area.y, area.maxY] + holes.flatMap { [$0.y, $0.maxY] }).sorted()
        var bands: [Rect] = []
        for (top, bottom) in zip(edges, edges.dropFirst()) {
            let covered = holes.filter { $0.y <= top && top < $0.maxY }.sorted { $0.x < $1.x }
            var x = area.x
            for hole in covered + [Rect(x: area.maxX, y: top, width: 0, height: 0)] {
                if hole.x > x { bands.append(Rect(x: x, y: top, width: hole.x - x, height: bottom - top)) }
                x = max(x, hole.maxX)
            }
        }
        return bands
    }

    /// The columns' unit labels (the inputs' x₁ and x₂), left of their units, drawn over the
    /// cleared unit area with every frame.
    func drawUnitLabels(on canvas: Canvas) {
        for (column, rects) in zip(columns, unitRects) {
            for (text, rect) in zip(column.unitLabels, rects) {
                let right = rect.x - metrics.tx(8)
                canvas.drawText(text, x: right, y: rect.y + rect.height / 2 + metrics.tx(5), style: metrics.small, color: Palette.grey(0.8),
                                fitting: right - frame.x - metrics.tx(2), anchor: .right)
            }
        }
    }

    /// The lines of one layer's connections, weakest first.
    func drawConnections(_ connections: Connections, from sources: [Rect], to targets: [Rect], on canvas: Canvas) {
        let limit = connections.limit > 0 && connections.limit.isFinite ? connections.limit : 1
        let area = Rect(x: frame.x, y: unitAreaTop, width: frame.width, height: frame.maxY - unitAreaTop)
        for edge in connections.edges.filter({ !$0.weight.isNaN }).sorted(by: { abs($0.weight) < abs($1.weight) }) {
            guard sources.indices.contains(edge.from), targets.indices.contains(edge.to) else { continue }
            let style = Self.edgeStyle(weight: edge.weight, limit: limit, scale: metrics.scale)
            let a = sources[edge.from], b = targets[edge.to]
            canvas.strokeSegment(from: Point(Double(a.maxX), Double(a.y) + Double(a.height) / 2),
                                 to: Point(Double(b.x), Double(b.y) + Double(b.height) / 2),
                                 thickness: style.thickness, color: style.color, opacity: style.opacity, clip: area)
        }
    }

    /// How a connection of `weight` is drawn on a scale of `limit`: its colour by sign, and
    /// width and opacity growing with |weight| / limit (weak ones thin and faint).
    public static func edgeStyle(weight: Float, limit: Float, scale: Double) -> (color: UInt8, thickness: Double, opacity: Double) {
        let t = Double(min(abs(weight) / limit, 1))
        let strength = t.isNaN ? 0 : t
        return (Palette.classColor(weight < 0 ? 0 : 1), (0.6 + 4.2 * strength) * scale, 0.05 + 0.95 * pow(strength, 1.4))
    }

    /// One unit: its map (grey with "dead" when dead), an outline, and its bias square.
    func drawUnit(_ unit: Unit, in rect: Rect, on canvas: Canvas) {
        if unit.isDead {
            canvas.fill(rect, Palette.grey(0.06))
            canvas.drawText("dead", x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 + metrics.tx(4), style: metrics.tick,
                            color: Palette.grey(0.6), anchor: .center)
        } else if let (maps, index) = unit.painted, maps.width == rect.width, maps.height == rect.height {
            UnitMap.draw(maps, index: index, on: canvas, in: rect)
        } else {
            UnitMap.draw(unit.values, columns: gridColumns, rows: gridRows, scale: unit.scale, on: canvas, in: rect)
        }
        canvas.strokeRect(Rect(x: rect.x - 1, y: rect.y - 1, width: rect.width + 2, height: rect.height + 2),
                          color: unit.isDead ? Palette.grey(0.45) : Palette.grey(0.3))
        guard let bias = unit.bias else { return }
        let side = max(5, metrics.px(10))
        let square = Rect(x: rect.x - side / 2, y: rect.maxY - side / 2, width: side, height: side)
        canvas.fill(square, unit.biasScale.color(bias))
        canvas.strokeRect(square, color: Palette.grey(0.6))
    }
}
