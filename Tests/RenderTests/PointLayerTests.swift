import Testing
import Foundation
@testable import Render

/// The points of a boundary panel are recorded once and replayed every frame (`MarkRecording`,
/// `PointLayer`): what that could break is the pixels, which must be those drawing gives.
@Suite struct PointLayerTests {
    /// A small xorshift generator: the same numbers on every machine.
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// A canvas of every palette colour in blotches (what marks blend with changes everywhere).
    static func background(width: Int, height: Int, seed: UInt64) -> Canvas {
        var numbers = Numbers(state: seed)
        let canvas = Canvas(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width where x % 3 == 0 {
                let index = UInt8(truncatingIfNeeded: numbers.next() % 256)
                for dx in 0..<min(3, width - x) { canvas[x + dx, y] = index == Palette.transparent ? Palette.background : index }
            }
        }
        return canvas
    }

    /// Every pixel of two canvases of one size, compared; the first few differences named.
    static func differences(_ a: Canvas, _ b: Canvas) -> [String] {
        var found: [String] = []
        for y in 0..<a.height {
            for x in 0..<a.width where a[x, y] != b[x, y] {
                found.append("(\(x), \(y)): \(a[x, y]) against \(b[x, y])")
            }
        }
        return found
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func replayingRecordedMarksGivesThePixelsDrawingThemGives(seed: UInt64) {
        var numbers = Numbers(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        let (width, height) = (90, 70)
        // Overlapping marks of every shape and kind at fractional places, some across the edges.
        var marks: [(shape: MarkerShape, center: Point, radius: Double, kind: Int, color: UInt8)] = []
        for k in 0..<60 {
            let center = Point(numbers.unit() * Double(width + 10) - 5, numbers.unit() * Double(height + 10) - 5)
            marks.append((MarkerShape.allCases[k % MarkerShape.allCases.count], center, 2 + 6 * numbers.unit(), k % 4,
                          Palette.classColor(k % Palette.classCount)))
        }
        func draw<Writer: PixelWriter>(on canvas: Canvas, into writer: inout Writer) {
            for mark in marks {
                switch mark.kind {
                case 0: canvas.fillMarker(mark.shape, center: mark.center, radius: mark.radius, color: mark.color, outline: Palette.background,
                                          outlineWidth: 1.3, into: &writer)
                case 1: canvas.strokeMarker(mark.shape, center: mark.center, radius: mark.radius, thickness: 1.9, color: mark.color, into: &writer)
                case 2: canvas.strokeCircle(center: mark.center, radius: mark.radius, thickness: 1.7, color: Palette.mistake, into: &writer)
                default: canvas.fillDisc(center: mark.center, radius: mark.radius, color: mark.color, outline: Palette.grey(0.3),
                                         outlineWidth: 0.8, into: &writer)
                }
            }
        }
        let drawn = Self.background(width: width, height: height, seed: seed)
        var direct = CanvasWriter(canvas: drawn)
        draw(on: drawn, into: &direct)
        let recording = MarkRecording.of(Canvas(width: width, height: height)) { canvas, recorder in draw(on: canvas, into: &recorder) }
        let replayed = Self.background(width: width, height: height, seed: seed)
        recording.replay(on: replayed)
        let differences = Self.differences(drawn, replayed)
        #expect(differences.isEmpty, "\(differences.count) pixels differ, first \(differences.prefix(5))")
        // Replaying again over another background matches drawing there too: nothing of the
        // first background was kept.
        let other = Self.background(width: width, height: height, seed: seed + 100), again = Self.background(width: width, height: height, seed: seed + 100)
        var otherWriter = CanvasWriter(canvas: other)
        draw(on: other, into: &otherWriter)
        recording.replay(on: again)
        #expect(Self.differences(other, again).isEmpty)
        #expect(recording.count < 60 * 40, "pixels the marks set are copied in runs: \(recording.count) operations")
    }

    /// A panel of two or more classes, its points drawn directly or from a layer made of them.
    static func frames(classes: Int, withNaN: Bool = false, layerPoints: (([ScatterPoint]) -> [ScatterPoint])? = nil) throws
        -> (direct: Canvas, layered: Canvas, layerUsed: Bool) {
        let font = try Font.locate(), bold = try Font.locate(Font.boldFileName)
        let domain = PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1)
        let grid = ValueField.gridPoints(columns: 24, rows: 24, domain: domain)
        let field = ValueField(columns: 24, rows: 24, domain: domain, kind: .binary, values: grid.map { Float(1 / (1 + exp(-9 * ($0.x + $0.y * $0.y - 0.3)))) })
        let panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: 300, height: 300), domain: domain, classNames: (0..<classes).map { "c\($0)" },
                                  font: font, bold: bold)
        var numbers = Numbers(state: UInt64(classes) &* 0x2545_F491_4F6C_DD1D)
        // Points over the whole plot and beyond its edges, every kind: training, test, ringed, faded.
        var points = (0..<400).map { k in
            ScatterPoint(x: 2.4 * numbers.unit() - 1.2, y: 2.4 * numbers.unit() - 1.2, classIndex: k % classes, isTest: k % 5 == 0,
                         isMisclassified: numbers.unit() < 0.3, opacity: k % 37 == 0 ? 0.4 : 1)
        }
        if withNaN { points.append(ScatterPoint(x: .nan, y: 0.2, classIndex: 0)) }
        let template = Canvas(width: 300, height: 300)
        panel.drawBackground(on: template)
        let layer = panel.pointLayer(of: (layerPoints ?? { $0 })(points), on: template)
        let (direct, layered) = (Canvas(width: 300, height: 300), Canvas(width: 300, height: 300))
        direct.copyPixels(from: template)
        layered.copyPixels(from: template)
        panel.drawFrame(on: direct, field: field, points: points, title: "Epoch 7")
        panel.drawFrame(on: layered, field: field, points: points, title: "Epoch 7", layer: layer)
        return (direct, layered, layer.holds(points, size: (300, 300)))
    }

    @Test(arguments: [2, 10])
    func aFrameDrawnFromThePointLayerIsTheFrameDrawnPointByPoint(classes: Int) throws {
        let (direct, layered, used) = try Self.frames(classes: classes) { points in
            // The layer is made without the marks of mistakes, as a run makes it.
            points.map { var point = $0; point.isMisclassified = false; return point }
        }
        #expect(used)
        let differences = Self.differences(direct, layered)
        #expect(differences.isEmpty, "\(differences.count) pixels differ, first \(differences.prefix(5))")
    }

    @Test func aLayerOfOtherPointsIsNotUsed() throws {
        let (direct, layered, used) = try Self.frames(classes: 3) { points in points.map { var point = $0; point.x += 0.01; return point } }
        #expect(!used && Self.differences(direct, layered).isEmpty)
        let (fewer, layeredFewer, usedFewer) = try Self.frames(classes: 3) { points in Array(points.dropLast(2)) }
        #expect(!usedFewer && Self.differences(fewer, layeredFewer).isEmpty)
        // A point at no place (NaN) is never equal to itself: such points are drawn one by one.
        let (unplaced, layeredUnplaced, usedUnplaced) = try Self.frames(classes: 2, withNaN: true)
        #expect(!usedUnplaced && Self.differences(unplaced, layeredUnplaced).isEmpty)
    }
}
