import Testing
import Foundation
@testable import Render

/// Values a diverging run produces: NaN, the infinities, huge and tiny magnitudes.
let extremeValues: [Double] = [.nan, .infinity, -.infinity, 1e300, -1e300, 1e30, -1e30,
                               .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 0]

func testFonts() throws -> (font: Font, bold: Font) {
    (try Font.locate(), try Font.locate(Font.boldFileName))
}

/// Pixels of `rect` that are not the background.
func inked(_ canvas: Canvas, _ rect: Rect) -> Int {
    var count = 0
    for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX where canvas[x, y] != Palette.background { count += 1 } }
    return count
}

/// Drawing never traps on extreme numbers: NaN points break lines, huge ones are clamped far
/// outside the canvas, degenerate ranges give sane axes.
@Suite struct ExtremeValueTests {
    @Test func polylineThroughHugeInfiniteAndNaNPointsIsDrawnInPieces() {
        let canvas = Canvas(width: 40, height: 40)
        canvas.strokePolyline([Point(5, 5), Point(20, 20), Point(1e30, 20), Point(.nan, 3), Point(20, 35), Point(35, 35),
                               Point(.infinity, -.infinity), Point(-1e300, 1e300), Point(.nan, .nan)],
                              thickness: 2, color: Palette.classColor(0))
        #expect(canvas[12, 12] == Palette.classColor(0), "the finite first segment is drawn")
        #expect(canvas[30, 19] != Palette.background, "the segment towards 1e30 runs to the right edge")
        #expect(canvas[27, 34] != Palette.background, "the part after the NaN is drawn")
        #expect(canvas[2, 30] == Palette.background)
        // A polyline made only of unusable points draws nothing.
        let empty = Canvas(width: 10, height: 10)
        empty.strokePolyline([Point(.nan, 1), Point(1, .nan), Point(.nan, .nan)], thickness: 2, color: Palette.red)
        #expect(inked(empty, empty.bounds) == 0)
    }

    @Test func discsAndRingsAtExtremeCentresDrawNothingAndDoNotTrap() {
        let canvas = Canvas(width: 20, height: 20)
        for x in extremeValues {
            for y in extremeValues {
                canvas.fillDisc(center: Point(x, y), radius: 3, color: Palette.classColor(1))
                canvas.fillDisc(center: Point(x, y), radius: 3, color: Palette.classColor(1), outline: Palette.background, outlineWidth: 1)
                canvas.strokeCircle(center: Point(x, y), radius: 3, thickness: 1, color: Palette.red)
            }
        }
        #expect(inked(canvas, Rect(x: 5, y: 5, width: 10, height: 10)) == 0)
        canvas.fillDisc(center: Point(10, 10), radius: .nan, color: Palette.red)
        canvas.fillDisc(center: Point(10, 10), radius: .infinity, color: Palette.red, outline: Palette.red, outlineWidth: .nan)
        canvas.strokeCircle(center: Point(10, 10), radius: .infinity, thickness: .nan, color: Palette.red)
    }

    @Test func ticksOfDegenerateAndExtremeRangesAreFewAndFinite() {
        #expect(Axes.ticks(from: 5, to: 5).isEmpty)
        #expect(Axes.ticks(from: .nan, to: 1).isEmpty && Axes.ticks(from: 0, to: .nan).isEmpty)
        #expect(Axes.ticks(from: -.infinity, to: .infinity).isEmpty)
        for (lower, upper) in [(0.0, Double.leastNonzeroMagnitude * 20), (-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude), (1e300, 1.0000000000001e300),
                               (-1e-300, 1e-300), (0, Double.leastNonzeroMagnitude)] {
            let ticks = Axes.ticks(from: lower, to: upper)
            #expect(ticks.count <= 12 && ticks.allSatisfy(\.isFinite), "\(lower)…\(upper): \(ticks)")
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 }, "\(lower)…\(upper): \(ticks)")
        }
        #expect(Axes.ticks(from: -Double.greatestFiniteMagnitude, to: .greatestFiniteMagnitude).count >= 2)
        #expect(Axes.logTicks(from: 1, to: .infinity).isEmpty && Axes.logTicks(from: 0, to: 1).isEmpty)
        #expect(Axes.logTicks(from: .nan, to: 1).isEmpty && Axes.logTicks(from: 1, to: 1).isEmpty)
        for (lower, upper) in [(1e-300, 1e300), (Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude), (Double.leastNonzeroMagnitude * 2000, Double.leastNormalMagnitude / 100), (1.0, 1.0000001)] {
            let ticks = Axes.logTicks(from: lower, to: upper)
            #expect(ticks.count <= 12 && ticks.allSatisfy { $0.isFinite && $0 > 0 }, "\(lower)…\(upper): \(ticks)")
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 }, "\(lower)…\(upper): \(ticks)")
        }
        #expect(Axes.logTicks(from: 1e-300, to: 1e300).count >= 3)
        for value in extremeValues { _ = Axes.label(value) }
    }

    /// A chart of a diverging run: NaN, ±∞, ±1e300, the largest finite values, a single-point
    /// series, an empty one and an all-NaN one, drawn frame by frame with odd key steps.
    @Test(arguments: [false, true])
    func lineChartOfADivergingRunIsDrawn(logScale: Bool) throws {
        let (font, bold) = try testFonts()
        let diverging: [Double] = [1, 0.5, .nan, .infinity, 1e300, -1e300, -.infinity, 0.25, 1e-300, 0, .greatestFiniteMagnitude,
                                   -.greatestFiniteMagnitude, 2, 1]
        let series = [LineSeries(name: "train", values: diverging, color: Palette.classColor(0)),
                      LineSeries(name: "test", values: diverging.reversed(), color: Palette.classColor(1), dashed: true),
                      LineSeries(name: "one", values: [3], color: Palette.classColor(2)),
                      LineSeries(name: "none", values: [], color: Palette.classColor(3)),
                      LineSeries(name: "nan", values: [.nan, .nan, .nan], color: Palette.classColor(4), dashed: true)]
        let chart = LineChart(frame: Rect(x: 0, y: 0, width: 240, height: 240), series: series, xLabel: "epoch", yLabel: "loss",
                              logScale: logScale, font: font, bold: bold)
        let canvas = Canvas(width: 240, height: 240)
        chart.drawBackground(on: canvas)
        for index in [-1, 0, 1, 5, 13, 20] {
            chart.drawFrame(on: canvas, upTo: index, title: "epoch \(index)", keySteps: [-3, 0, 2, 3, 4, 5, 8, 9, 10, 11, 12, 99])
        }
        #expect(chart.yRange.lowerBound.isFinite && chart.yRange.upperBound.isFinite)
        #expect(inked(canvas, chart.plot) > 50)
    }

    /// Fixed ranges that cannot be mapped (a single value; a log range reaching 0; infinite ends).
    @Test(arguments: [(false, 1.0...1.0), (true, 0.0...1.0), (true, 2.0...2.0), (false, -Double.infinity...Double.infinity),
                      (true, 1.0...Double.infinity), (false, -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)])
    func lineChartWithAnUnusableFixedRangeIsDrawn(logScale: Bool, range: ClosedRange<Double>) throws {
        let (font, bold) = try testFonts()
        let series = [LineSeries(name: "a", values: [1, 2, 3, 1e300, -5, 0.5], color: Palette.classColor(0)),
                      LineSeries(name: "b", values: [2, 1], color: Palette.classColor(1), dashed: true)]
        let chart = LineChart(frame: Rect(x: 0, y: 0, width: 200, height: 200), series: series, xLabel: "epoch", yLabel: "loss",
                              logScale: logScale, font: font, bold: bold, legendInside: true, yRange: range)
        let canvas = Canvas(width: 200, height: 200)
        chart.drawBackground(on: canvas)
        chart.drawFrame(on: canvas, upTo: 5, title: "fixed", keySteps: [0, 3, 4])
        for value in extremeValues {
            let point = chart.pixel(1, value)
            #expect(point.x.isNaN || abs(point.x) < 1e7)
        }
    }

    /// The fitted curve of a diverging regression run, and points off every scale.
    @Test func curvePanelOfADivergingRegressionIsDrawn() throws {
        let (font, bold) = try testFonts()
        let panel = CurvePanel(frame: Rect(x: 0, y: 0, width: 240, height: 240), domain: PlaneRect(minX: -3, maxX: 3, minY: -2, maxY: 2),
                               font: font, bold: bold)
        let canvas = Canvas(width: 240, height: 240)
        panel.drawBackground(on: canvas)
        let curve: [(x: Double, y: Double)] = [(-3, 0), (-2, 1), (-1, 1e30), (0, -1e30), (0.5, .nan), (1, .infinity), (1.5, -.infinity),
                                               (2, 1e300), (2.5, 0.5), (3, -0.5)]
        let points = extremeValues.flatMap { x in [ScatterPoint(x: x, y: 0.5, classIndex: 0), ScatterPoint(x: 0, y: x, classIndex: 0, isTest: true)] }
        panel.drawFrame(on: canvas, points: points, curve: curve, title: "epoch 3")
        #expect(inked(canvas, panel.plot) > 50)
        panel.drawFrame(on: canvas, points: [], curve: [(0, 1)], title: "one point")
        panel.drawFrame(on: canvas, points: [], curve: [], title: "no curve")
    }

    /// Domains of no width, of infinite width, or NaN: every panel still draws without trapping.
    @Test(arguments: [PlaneRect(minX: 1, maxX: 1, minY: 1, maxY: 1), PlaneRect(minX: -.infinity, maxX: .infinity, minY: 0, maxY: 1),
                      PlaneRect(minX: .nan, maxX: 1, minY: 0, maxY: .nan),
                      PlaneRect(minX: -.greatestFiniteMagnitude, maxX: .greatestFiniteMagnitude, minY: -1e300, maxY: 1e300)])
    func panelsOverDegenerateDomainsAreDrawn(domain: PlaneRect) throws {
        let (font, bold) = try testFonts()
        let frame = Rect(x: 0, y: 0, width: 200, height: 200)
        let canvas = Canvas(width: 200, height: 200)
        let curvePanel = CurvePanel(frame: frame, domain: domain, font: font, bold: bold)
        curvePanel.drawBackground(on: canvas)
        curvePanel.drawFrame(on: canvas, points: [ScatterPoint(x: 1, y: 1, classIndex: 0)], curve: [(0, 0), (1, 1), (2, 0)], title: "curve")
        let boundary = BoundaryPanel(frame: frame, domain: domain, classNames: ["a", "b"], font: font, bold: bold)
        boundary.drawBackground(on: canvas)
        let field = ValueField(columns: 2, rows: 2, domain: domain, kind: .binary, values: [0, 1, 0.5, 0.25])
        boundary.drawFrame(on: canvas, field: field, points: [ScatterPoint(x: 1, y: 1, classIndex: 1, isTest: true, isMisclassified: true)],
                           title: "boundary")
        // The title and the frame are drawn whatever the domain; the field (finite here) fills the plot.
        #expect(inked(canvas, Rect(x: 0, y: 0, width: 200, height: boundary.plot.y)) > 20)
        #expect(inked(canvas, boundary.plot) > boundary.plot.width * boundary.plot.height / 2)
    }

    /// Points off every scale over a boundary panel, and a field holding NaN and infinities.
    @Test func boundaryPanelWithExtremePointsAndFieldValuesIsDrawn() throws {
        let (font, bold) = try testFonts()
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 200, height: 200), domain: domain, classNames: ["a", "b", "c"],
                                  font: font, bold: bold)
        let canvas = Canvas(width: 200, height: 200)
        panel.drawBackground(on: canvas)
        let points = extremeValues.flatMap { v in
            [ScatterPoint(x: v, y: 0, classIndex: 0), ScatterPoint(x: 0, y: v, classIndex: 1, isTest: true, isMisclassified: true)]
        }
        let strange: [Float] = [.nan, .infinity, -.infinity, 0.5, 1e38, -1e38, 0, 1]
        let binary = ValueField(columns: 4, rows: 2, domain: domain, kind: .binary, values: strange)
        panel.drawFrame(on: canvas, field: binary, points: points, title: "binary")
        let multi = ValueField(columns: 4, rows: 2, domain: domain, kind: .classes(3), values: (0..<24).map { strange[$0 % 8] })
        panel.drawFrame(on: canvas, field: multi, points: points, title: "three classes")
        #expect(inked(canvas, panel.plot) > 20)
    }
}
