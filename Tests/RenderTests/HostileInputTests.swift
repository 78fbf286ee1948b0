import Testing
import Foundation
import TestSupport
@testable import Render

/// Image panels, tiles, text, layout and GIF timing given values no one meant to pass.
@Suite struct HostileInputTests {
    @Test func imageGridWithNaNPixelsEmptyImagesAndTooManyTilesIsDrawn() throws {
        let (font, bold) = try testFonts()
        let canvas = Canvas(width: 200, height: 200)
        let panel = ImageGridPanel(frame: Rect(x: 0, y: 0, width: 120, height: 120), columns: 4, font: font, bold: bold)
        let strange = GreyImage(width: 2, height: 2, values: [.nan, .infinity, -.infinity, 0.5])
        let empty = GreyImage(width: 0, height: 0, values: [])
        let images = [LabelledImage(image: strange, caption: "nan", isWrong: true),
                      LabelledImage(image: empty, caption: "empty", isWrong: false)]
            + Array(repeating: LabelledImage(image: strange, caption: "many", isWrong: false), count: 200)
        panel.draw(images, title: "hostile", on: canvas)
        #expect(inked(canvas, Rect(x: 0, y: 120, width: 200, height: 80)) == 0, "200 tiles stay inside the frame")
        #expect(inked(canvas, Rect(x: 120, y: 0, width: 80, height: 120)) == 0)
        // A panel frame partly outside the canvas.
        let outside = ImageGridPanel(frame: Rect(x: 140, y: 140, width: 120, height: 120), columns: 2, font: font, bold: bold)
        outside.draw(Array(images.prefix(4)), title: "outside", on: canvas)
    }

    @Test func weightTilesWithNaNWeightsShortTilesAndTinyFramesAreDrawn() throws {
        let (font, bold) = try testFonts()
        let canvas = Canvas(width: 120, height: 120)
        let panel = WeightTilesPanel(frame: canvas.bounds, font: font, bold: bold)
        let tiles: [[Float]] = [[.nan, .infinity, -.infinity, 1], [1, 2], [], [0.5, -0.5, 0.25, -0.25]]
        panel.draw(tiles: tiles, width: 2, height: 2, limit: 1, title: "hostile", on: canvas)
        panel.draw(tiles: tiles, width: 2, height: 2, limit: .nan, title: "nan limit", on: canvas)
        panel.draw(tiles: tiles, width: -2, height: 0, limit: 1, title: "no size", on: canvas)
        let tiny = WeightTilesPanel(frame: Rect(x: 0, y: 0, width: 20, height: 20), font: font, bold: bold)
        tiny.draw(tiles: Array(repeating: [0.5, -0.5, 0.25, -0.25], count: 64), width: 2, height: 2, limit: 1, title: "tiny", on: canvas)
        let outside = WeightTilesPanel(frame: Rect(x: 100, y: 100, width: 120, height: 120), font: font, bold: bold)
        outside.draw(tiles: Array(repeating: [0.5, -0.5, 0.25, -0.25], count: 4), width: 2, height: 2, limit: 1, title: "off", on: canvas)
        // Every call drew its title or tiles: the canvas is well inked, in the tiny frame too.
        #expect(inked(canvas, canvas.bounds) > 400)
        #expect(inked(canvas, Rect(x: 0, y: 0, width: 20, height: 20)) > 0)
    }

    @Test func textAtExtremePositionsAndAnglesDoesNotTrap() throws {
        let (font, _) = try testFonts()
        let canvas = Canvas(width: 40, height: 40)
        let style = TextStyle(font: font, pixelSize: 11)
        for (x, y) in [(Int.max, Int.min), (Int.min, Int.max), (Int.max, 10), (10, Int.max)] {
            canvas.drawText("hello", x: x, y: y, style: style, color: Palette.grey(0.8))
            canvas.drawText("hello", x: x, y: y, style: style, color: Palette.grey(0.8), anchor: .center)
            canvas.drawText("hello", x: x, y: y, style: style, color: Palette.grey(0.8), anchor: .right, angle: .pi / 2)
        }
        canvas.drawText("angle", x: 5, y: 20, style: style, color: Palette.grey(0.8), anchor: .center, angle: .nan)
        canvas.drawText("angle", x: 5, y: 20, style: style, color: Palette.grey(0.8), anchor: .right, angle: .infinity)
        canvas.drawText("odd size", x: 5, y: 20, style: TextStyle(font: font, pixelSize: .nan), color: Palette.grey(0.8))
        canvas.drawText("odd size", x: 5, y: 20, style: TextStyle(font: font, pixelSize: -3), color: Palette.grey(0.8))
        #expect(TextStyle(font: font, pixelSize: .infinity).width(of: "") == 0)
    }

    @Test func layoutWithNoColumnsOrNegativeCountsDoesNotTrap() {
        #expect(Layout.grid(count: 3, columns: 0, panel: 10).count == 3)
        #expect(Layout.grid(count: -1, columns: 2, panel: 10).isEmpty)
        _ = Layout.canvasSize(count: 3, columns: 0, panel: 10)
        _ = Layout.canvasSize(count: -5, columns: -1, panel: 10)
        let canvas = Canvas(width: 20, height: 10)
        Layout.compose([Canvas(width: 10, height: 10)], columns: 0, into: canvas)
    }

    @Test func coloursMixedByNaNOrHugeFractionsStayColours() {
        let white = RGB(255, 255, 255), black = RGB(0, 0, 0)
        for t in [Double.nan, .infinity, -.infinity, 1e300, -1e300] { _ = white.mixed(with: black, t) }
        #expect(white.mixed(with: black, 1e300) == black && white.mixed(with: black, -1e300) == white)
        let palette = Palette.standard
        for alpha in [Double.nan, .infinity, -.infinity, -1] { _ = palette.blend(Palette.background, toward: black, alpha: alpha) }
    }
}
