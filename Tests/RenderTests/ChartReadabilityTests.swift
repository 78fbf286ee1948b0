import Testing
import Foundation
@testable import Render

/// Charts that read: enough ticks, labels that never overlap nor leave their frame, numbers of
/// at most four significant digits, titles fitted to the frame, flat confusion-matrix names.
@Suite struct ChartReadabilityTests {
    /// Data ranges from a loss stuck at 0.693 to a diverged run's 10³⁰.
    static let lossRanges: [(Double, Double)] = [
        (0.6931, 0.6932), (0.3, 0.72), (0.02, 0.8), (0.001, 2.5), (1.5, 20), (1e-5, 3), (17554, 7.7e14), (1e-3, 1e30), (2e-8, 0.5),
    ]

    @Test func linearAxesHaveFourToSevenRoundTicks() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let scale = pow(10, Double(Int.random(in: -8...8, using: &generator)))
            let lower = Double.random(in: -10...10, using: &generator) * scale
            let upper = lower + Double.random(in: 0.01...10, using: &generator) * scale
            let ticks = Axes.ticks(from: lower, to: upper)
            #expect((4...7).contains(ticks.count), "\(lower)…\(upper): \(ticks)")
            guard ticks.count >= 2 else { continue }
            // Round: a step of 1, 2, 2.5 or 5 × 10ᵏ, every tick a multiple of it.
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1, 2, 2.5, 5, 10].contains { abs($0 - mantissa) < 1e-6 }, "\(lower)…\(upper): step \(step)")
            #expect(ticks.allSatisfy { abs($0 / step - ($0 / step).rounded()) < 1e-6 }, "\(ticks)")
        }
    }

    /// An epoch axis counts whole epochs: a run of 2 to 12 epochs had ticks at 0.25 or 0.5. A
    /// chart with positions (a run recording every K steps: fractional epochs) keeps fractions.
    @Test func anEpochAxisTicksWholeEpochsUnlessItsRecordsAreFractional() throws {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        for epochs in 2...12 {
            let chart = LineChart(frame: Rect(x: 0, y: 0, width: 480, height: 480),
                                  series: [LineSeries(name: "train", values: (0..<epochs).map { 1 / Double($0 + 1) }, color: Palette.classColor(0))],
                                  xLabel: "epoch", yLabel: "loss", logScale: false, font: font, bold: bold)
            let ticks = chart.xTicks
            #expect(ticks.count >= 2 && ticks.allSatisfy { $0 == $0.rounded() }, "\(epochs) epochs: \(ticks)")
            #expect(ticks.first == 0 && ticks.last! <= Double(epochs - 1), "\(epochs) epochs: \(ticks)")
        }
        let steps = (0..<8).map { Double($0) / 4 }    // two epochs recorded every quarter epoch
        let chart = LineChart(frame: Rect(x: 0, y: 0, width: 480, height: 480),
                              series: [LineSeries(name: "train", values: steps.map { 1 / ($0 + 1) }, color: Palette.classColor(0))],
                              xLabel: "epoch", yLabel: "loss", logScale: false, font: font, bold: bold, positions: steps)
        #expect(chart.xTicks.contains { $0 != $0.rounded() }, "\(chart.xTicks)")
    }

    @Test func logAxesLabelEveryDecadeWithMinorTicksBetween() {
        for (lower, upper) in [(1e-4, 10.0), (0.001, 2.5), (2e-8, 0.5), (0.05, 900)] {
            let labelled = Axes.logTicks(from: lower, to: upper)
            let decades = (Int(log10(lower).rounded(.up))...Int(log10(upper).rounded(.down))).map { pow(10, Double($0)) }
            for decade in decades {
                #expect(labelled.contains { abs($0 / decade - 1) < 1e-9 }, "\(lower)…\(upper): \(decade) not in \(labelled)")
            }
            let minor = Axes.logMinorTicks(from: lower, to: upper)
            #expect(minor.contains { abs($0 / (2 * decades[0]) - 1) < 1e-9 } && minor.contains { abs($0 / (5 * decades[0]) - 1) < 1e-9 },
                    "\(lower)…\(upper): \(minor)")
        }
        // Less than a decade: still three to seven labels.
        for (lower, upper) in [(0.3, 0.72), (1.5, 20.0), (0.6931, 0.6932)] {
            #expect((3...7).contains(Axes.logTicks(from: lower, to: upper).count), "\(lower)…\(upper)")
        }
    }

    /// Every label a chart draws (tick labels, axis names, annotations), measured with the
    /// font: none overlaps another and none leaves the chart's frame, for data ranges from a
    /// flat loss to a diverged one and panel sizes from 160 to 960 pixels.
    @Test(arguments: [160, 240, 320, 480, 960])
    func chartLabelsNeverOverlapNorLeaveTheFrame(size: Int) throws {
        let (font, bold) = try testFonts()
        for (low, high) in Self.lossRanges {
            for (log, epochs) in [(true, 300), (false, 300), (true, 100_000)] {
                let values = (0..<epochs).map { high * pow(low / high, Double($0) / Double(epochs - 1)) }
                let frame = Rect(x: 0, y: 0, width: size, height: size / 2)
                let chart = LineChart(frame: frame, series: [LineSeries(name: "train", values: values, color: Palette.classColor(0)),
                                                             LineSeries(name: "test", values: values.map { $0 * 1.05 }, color: Palette.classColor(1))],
                                      xLabel: "epoch", yLabel: "binary cross entropy", logScale: log, font: font, bold: bold)
                let space = chart.drawBackground(on: Canvas(width: size, height: size / 2))
                let annotations = chart.annotations([0, epochs / 2, epochs - 1]).compactMap(\.label?.1)
                let rects = space.taken + annotations
                #expect(space.taken.count >= (size >= 240 ? 8 : 5), "\(low)…\(high) at \(size): \(space.taken.count) labels")
                #expect(annotations.count == 3, "\(low)…\(high) at \(size), log \(log): \(annotations.count) annotations")
                for (i, a) in rects.enumerated() {
                    #expect(a.intersection(frame) == a, "\(low)…\(high) at \(size): \(a) leaves \(frame)")
                    for b in rects[(i + 1)...] {
                        #expect(a.intersection(b).isEmpty, "\(low)…\(high) at \(size), log \(log): \(a) overlaps \(b)")
                    }
                }
                for rect in annotations { #expect(rect.intersection(chart.plot) == rect, "annotation \(rect) outside the plot \(chart.plot)") }
            }
        }
    }

    /// The ink of a whole chart stays in its frame: a diverged run's chart drawn in the corner
    /// of a larger canvas leaves the rest of it blank.
    @Test func aDivergedRunsChartStaysInItsFrame() throws {
        let (font, bold) = try testFonts()
        let values = (0..<30).map { 1e-3 * pow(1e33, Double($0) / 29) }
        let chart = LineChart(frame: Rect(x: 0, y: 0, width: 240, height: 240), series: [LineSeries(name: "train", values: values, color: Palette.classColor(0))],
                              xLabel: "epoch", yLabel: "mean squared error", logScale: true, font: font, bold: bold)
        let canvas = Canvas(width: 400, height: 400)
        chart.drawBackground(on: canvas)
        chart.drawFrame(on: canvas, upTo: 29, title: "Epoch 29 · train loss \(NumberText.decimal(values[29])) · test R² \(NumberText.decimal(-values[29]))",
                        keySteps: [0, 14, 29])
        #expect(inked(canvas, Rect(x: 240, y: 0, width: 160, height: 400)) == 0, "nothing right of the frame")
        #expect(inked(canvas, Rect(x: 0, y: 240, width: 400, height: 160)) == 0, "nothing below the frame")
    }

    @Test func aTitleLongerThanTheFrameIsFitted() throws {
        let (_, bold) = try testFonts()
        let style = TextStyle(font: bold, pixelSize: 15.5)
        let long = "Epoch 4 · train loss 766712345678901234567890123456.000 · test R² −1532345678901234567890123456789.000"
        let fitted = style.fitted(long, into: 300)
        #expect(fitted.style.width(of: fitted.text) <= 300 && fitted.text.hasSuffix("…"), "\(fitted.text)")
        #expect(fitted.style.pixelSize >= 15.5 * 0.8 - 1e-9)
        let short = style.fitted("Epoch 4", into: 300)
        #expect(short.text == "Epoch 4" && short.style.pixelSize == 15.5)
        // Drawn: nothing past the width it was given.
        let canvas = Canvas(width: 400, height: 30)
        canvas.drawText(long, x: 10, y: 20, style: style, color: Palette.grey(0.9), fitting: 300)
        #expect(inked(canvas, Rect(x: 310, y: 0, width: 90, height: 30)) == 0)
    }

    @Test func numbersHaveAtMostFourSignificantDigits() {
        let cases: [(Double, Int, String)] = [
            (0.087, 3, "0.087"), (0.6931472, 3, "0.693"), (12.3456, 3, "12.35"), (1234.6, 3, "1235"), (9999.7, 3, "1e4"),
            (7.66712345e29, 3, "7.667e29"), (-1.5323e30, 3, "−1.532e30"), (0.000042, 3, "4.2e−5"), (0, 3, "0.000"), (99.5, 1, "99.5"),
            (-1.379e15, 1, "−1.379e15"), (.nan, 3, "nan"), (.infinity, 3, "∞"), (-.infinity, 3, "−∞"),
        ]
        for (value, decimals, expected) in cases {
            #expect(NumberText.decimal(value, decimals: decimals) == expected, "\(value)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let value = Double.random(in: -1...1, using: &generator) * pow(10, Double.random(in: -40...40, using: &generator))
            for text in [NumberText.decimal(value), NumberText.decimal(value, decimals: 1), NumberText.tick(value)] {
                let mantissa = text.split(separator: "e").first ?? ""
                let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
                #expect(digits.count <= 4, "\(value) → \(text)")
            }
        }
        #expect(Axes.label(1e4) == "1e4" && Axes.label(2.5e-4) == "2.5e−4" && Axes.label(0.001) == "0.001" && Axes.label(-0.25) == "−0.25")
    }

    @Test func confusionMatrixNamesOfOneCharacterLieFlat() throws {
        let (font, bold) = try testFonts()
        let panel = ConfusionMatrixPanel(frame: Rect(x: 0, y: 0, width: 480, height: 480), font: font, bold: bold)
        for k in [2, 3, 10] {
            let names = (0..<k).map { String(UnicodeScalar(UInt8(65 + $0))) }
            #expect(panel.layout(names)?.flatNames == true, "\(k) classes")
        }
        #expect(panel.layout((0..<10).map { "a rather long name \($0)" })?.flatNames == false)
        // Drawn flat: the names' ink under the matrix is one text line high.
        guard let layout = panel.layout(["A", "B", "C"]) else { return }
        let canvas = Canvas(width: 480, height: 480)
        panel.draw(counts: [5, 1, 0, 0, 6, 1, 1, 0, 5], classNames: ["A", "B", "C"], title: "confusion", on: canvas)
        let below = layout.top + layout.shown * layout.cell
        let rows = (below..<(480 - 30)).filter { y in (layout.left..<480).contains { canvas[$0, y] != Palette.background } }
        #expect(!rows.isEmpty && rows.count <= Int(panel.metrics.tick.pixelSize) + 1, "names' ink rows: \(rows)")
    }

    /// Legends list every class up to twenty, then how many more, all inside the frame.
    @Test func legendsListEveryClassUpToTwenty() throws {
        let (font, bold) = try testFonts()
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        for (classes, listed, more) in [(12, 12, nil), (25, 20, "and 5 more")] {
            let names = (1...classes).map { "class \($0)" }
            let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 480, height: 480), domain: domain, classNames: names, font: font, bold: bold)
            let texts = panel.legend.placed.map(\.label)
            #expect(texts.filter { $0.hasPrefix("class ") } == Array(names.prefix(listed)))
            #expect(texts.contains("and 5 more") == (more != nil))
            let rects = panel.legend.placed.map(\.textRect)
            for (i, a) in rects.enumerated() {
                #expect(a.intersection(panel.frame) == a && a.maxY <= panel.plot.y, "\(a)")
                for b in rects[(i + 1)...] { #expect(a.intersection(b).isEmpty, "\(a) overlaps \(b)") }
            }
        }
    }

    /// Text of every panel of a picture is sized for the picture: a comparison's small panels
    /// (two thirds of the default 480) keep 11-pixel tick labels, and the hidden-space caption
    /// wraps at the text size of every other label instead of shrinking.
    @Test func smallPanelsKeepThePicturesTextSize() throws {
        let (font, bold) = try testFonts()
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 320, height: 320), domain: domain, classNames: ["a", "b"],
                                  font: font, bold: bold, textSize: 480)
        #expect(panel.metrics.tick.pixelSize >= 11 && panel.metrics.small.pixelSize >= 12)
        let hidden = HiddenSpacePanel(frame: Rect(x: 0, y: 0, width: 480, height: 549), domain: domain, classNames: ["a", "b"],
                                      axisNames: ("PC₁", "PC₂"), font: font, bold: bold)
        let rows = hidden.captionRows(["hidden 2 · relu · 16 units, on its first two principal components",
                                       "PCA of 800 training points at epoch 299 (76 % of the variance), fixed for the run"])
        #expect(rows.count == 3 && rows.allSatisfy { hidden.boundary.metrics.small.width(of: $0) <= hidden.captionWidth }, "\(rows)")
    }
}
