import Testing
import Foundation
import TestSupport
import FrameStore
import Datasets
@testable import Render
@testable import Flipbook

/// Titles and captions at the default size are said whole: drawn with `Canvas.drawText(fitting:)`
/// they may shrink to 80 % of their size, but are never cut short with "…".
@Suite struct TitleFitTests {
    static let size = PictureSettings().size

    /// Whether `text` in `style` fits `width` pixels without being cut (shrunk is allowed).
    static func isWhole(_ text: String, style: TextStyle, width: Int) -> Bool {
        style.fitted(text, into: width).text == text
    }

    /// `final_predictions.png`'s title, with every point drawn (1,000 points: 200 test, 800
    /// training) and with a sample drawn of many, for mistakes of one to four digits.
    @Test func finalPredictionsTitlesFitTheirLine() throws {
        #expect(Self.size == 480)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (font, bold) = (try Font.locate(), try Font.locate(Font.boldFileName))
        for (count, cases) in [(PointSample.mostShown, [(3, 8), (57, 123), (200, 800), (200, 0)]), (20_000, [(3, 8), (3_999, 15_999)])] {
            let run = try PointSampleTests.store(in: directory.appendingPathComponent("\(count)"), count: count)
            let store = try FrameStore.open(at: run.store.path)
            let scene = RunScene(run: store.run, metrics: store.metrics)
            let view = try #require(PanelView(scene: scene, size: Self.size, font: font, bold: bold))
            guard case .boundary(let boundary) = view.panel else { Issue.record("not a boundary panel"); return }
            for (test, training) in cases {
                let title = view.finalTitle(epoch: 499, mistakes: Mistakes(test: test, training: training))
                #expect(title.contains("\(PointSample.grouped(test)) ") && (training == 0 || title.contains("\(PointSample.grouped(training)) ")))
                #expect(Self.isWhole(title, style: boundary.metrics.title, width: boundary.titleWidth),
                        "\(title): \(boundary.metrics.title.width(of: title)) pixels for \(boundary.titleWidth)")
            }
        }
    }

    /// The loss landscape's caption lines, for every plane and for image data's sample of its
    /// training examples (Fashion-MNIST: 4,096 of 60,000).
    @Test func landscapeCaptionsFitTheirLines() throws {
        let (font, bold) = (try Font.locate(), try Font.locate(Font.boldFileName))
        let panel = LandscapePanel(frame: Rect(x: 0, y: 0, width: Self.size, height: Self.size),
                                   domain: PlaneRect(minX: -12.5, maxX: 30.5, minY: -12.5, maxY: 6.25), axisNames: ("α: PC 1", "β"),
                                   font: font, bold: bold)
        let captions = [
            LandscapeView.caption(kind: .trajectory, explained: [0.999, 0.001], secondIsRandom: true, points: 501, samples: 4_096,
                                  trainingCount: 60_000, logScale: true, low: 0.000123, high: 23.5),
            LandscapeView.caption(kind: .random, explained: nil, secondIsRandom: false, points: 501, samples: 800,
                                  trainingCount: 800, logScale: false, low: 0.0123, high: 0.789),
            LandscapeView.caption(kind: .trajectory, explained: [0.84, 0.093], secondIsRandom: false, points: 9, samples: 60_000,
                                  trainingCount: 60_000, logScale: true, low: 0.000123, high: 23.5),
        ]
        for line in captions.joined() {
            #expect(Self.isWhole(line, style: panel.metrics.small, width: panel.captionWidth),
                    "\(line): \(panel.metrics.small.width(of: line)) pixels for \(panel.captionWidth)")
        }
    }

    /// A plane's caption in a comparison's smaller panels says a shorter form whole rather than
    /// cutting the long one ("Principal plane of 4 features (96 % of the var…").
    @Test func planeCaptionsFitAComparisonsPanels() throws {
        let (font, bold) = (try Font.locate(), try Font.locate(Font.boldFileName))
        for table in [BuiltInTable.iris, .breastCancer] {
            let data = try PlaneTests.stored(table)
            let names = try #require(data.featureNames)
            for choice in [PlaneChoice.pca, .lda, .features(names[0], names[1])] {
                let plane = try #require(try DataPlane.resolve(choice, for: data, pictures: PictureSettings()))
                for side in [Self.size, 320, 240] {   // a run's panel; a comparison's at the default size and a smaller one
                    let textSize = side == Self.size ? nil : ComparisonSubject.textSize(panelSide: side)
                    var panel = BoundaryPanel(frame: Rect(x: 0, y: 0, width: side, height: side), domain: PlaneRect(minX: -3, maxX: 3, minY: -3, maxY: 3),
                                              classNames: data.classNames, font: font, bold: bold, textSize: textSize, caption: plane.caption)
                    panel.shorterCaptions = plane.shorterCaptions
                    let said = try #require(panel.shownCaption)
                    #expect(Self.isWhole(said, style: panel.metrics.small, width: panel.captionWidth),
                            "\(table) \(choice) at \(side): \(said) is \(panel.metrics.small.width(of: said)) pixels for \(panel.captionWidth)")
                    if side == Self.size { #expect(said == plane.caption, "\(table) \(choice): the whole caption at the default size") }
                }
            }
        }
    }
}
