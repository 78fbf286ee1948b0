import Testing
import Foundation
import TestSupport
@testable import Render

/// The relative luminance of an sRGB colour (0 black … 1 white), as WCAG defines it.
func luminance(_ r: Int, _ g: Int, _ b: Int) -> Double {
    func linear(_ c: Int) -> Double {
        let v = Double(c) / 255
        return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

@Suite struct ThemeTests {
    @Test func darkFileNamesPutDarkBeforeTheExtension() {
        #expect(Theme.dark.fileName("decision_boundary.gif") == "decision_boundary.dark.gif")
        #expect(Theme.dark.fileName("a.poster.png") == "a.poster.dark.png")
        #expect(Theme.light.fileName("a.gif") == "a.gif")
        #expect(Theme.dark.fileName("noextension") == "noextension.dark")
    }

    /// The dark palette keeps each index's meaning: the page is GitHub's, ink gets lighter with
    /// its level, class colours are the same, tints run from the page to the class colour.
    @Test func theDarkPaletteIsDesignedIndexByIndex() {
        let dark = Palette.dark.colors, light = Palette.standard.colors
        #expect(dark[Int(Palette.background)] == RGB(hex: 0x0D1117))
        let levels = stride(from: 0.0, through: 1.0, by: 0.1).map { Palette.grey($0) }
        let darkInk = levels.map { dark[Int($0)] }.map { luminance(Int($0.r), Int($0.g), Int($0.b)) }
        #expect(zip(darkInk, darkInk.dropFirst()).allSatisfy { $0 <= $1 }, "more ink is lighter on the dark page")
        for k in 0..<Palette.classCount {
            #expect(dark[Int(Palette.classColor(k))] == light[Int(Palette.classColor(k))], "class \(k) keeps its colour")
            let faint = dark[Int(Palette.classShade(k, 1))], page = dark[Int(Palette.background)]
            let distance: Int = abs(Int(faint.r) - Int(page.r)) + abs(Int(faint.g) - Int(page.g)) + abs(Int(faint.b) - Int(page.b))
            #expect(distance < 30, "the faintest tint of class \(k) is close to the page")
        }
    }

    /// A title drawn once, written as a light and a dark PNG and decoded by Pillow: the dark
    /// page is dark and the text's solid strokes light; the light page white and its text dark.
    @Test func darkStillsHaveADarkPageAndLightText() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let canvas = Canvas(width: 240, height: 60)
        let style = TextStyle(font: try Font.locate(Font.boldFileName), pixelSize: 30)
        let ink = Palette.grey(0.88)
        canvas.drawText("Epoch 240", x: 10, y: 42, style: style, color: ink)
        let indices = pixels(canvas)
        let strokes = indices.indices.filter { indices[$0] == ink }
        #expect(strokes.count > 100, "the text has solid strokes")
        var luminances: [Theme: (page: Double, text: Double)] = [:]
        for theme in Theme.allCases {
            let path = directory.appendingPathComponent(theme.fileName("title.png")).path
            try PNGWriter.write(canvas, to: path, theme: theme)
            let rgb = try decodedWithPillow(path)[0].pixels
            let values = stride(from: 0, to: rgb.count, by: 3).map { luminance(Int(rgb[$0]), Int(rgb[$0 + 1]), Int(rgb[$0 + 2])) }
            luminances[theme] = (values[0], strokes.map { values[$0] }.reduce(0, +) / Double(max(1, strokes.count)))
        }
        let dark = try #require(luminances[.dark]), light = try #require(luminances[.light])
        #expect(dark.page < 0.01)
        #expect(dark.text > 0.6)
        #expect(light.page > 0.99)
        #expect(light.text < 0.05)
    }
}
