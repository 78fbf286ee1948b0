import Testing
import Foundation
@testable import Render

/// The class colours stay apart for readers with the common colour-vision deficiencies, and
/// every class has a marker shape of its own, so points read apart in grey print too.
@Suite struct PaletteVisionTests {
    /// The least CIEDE2000 difference between two class colours under each simulated vision.
    /// Petroff's sequence keeps 11.9 (protanopia), 12.6 (deuteranopia), 13.3 (tritanopia) and
    /// 17.4 (normal vision); Tableau 10's first eight, the palette before it, fell to 1.3 under
    /// protanopia (orange and green).
    static let leastDifference = 11.0

    @Test func tenClassColoursStayApartUnderEachDeficiency() {
        #expect(Palette.classCount >= 10 && Palette.classColors.count == Palette.classCount)
        let colours = Palette.classColors.prefix(10)
        for vision in Vision.allCases {
            let lab = colours.map { Lab(vision.simulate($0)) }
            for i in lab.indices {
                for j in lab.indices where j > i {
                    let difference = lab[i].ciede2000(lab[j])
                    #expect(difference >= Self.leastDifference,
                            "\(vision): classes \(i) and \(j) are \(String(format: "%.1f", difference)) apart")
                }
            }
        }
    }

    /// Ten ramps, the greys, the dark shades and the reds fit the 256 entries, every one unique
    /// (the light colours are the ones drawing blends into).
    @Test func tenRampsFitThePalette() {
        #expect(Palette.darkBase + Palette.classCount + 2 <= 256)
        #expect(Set(Palette.standard.colors).count == 256 && Palette.dark.colors.count == 256)
        for k in 0..<Palette.classCount {
            #expect(Palette.standard.colors[Int(Palette.classColor(k))] == Palette.classColors[k])
        }
    }

    /// The mark of a mistake stays apart from every class colour under each simulated vision, on
    /// both pages: the red ring it was (#D62728) sat 5.9 from Petroff's red (#BD1F01) under
    /// protanopia, where two class colours are kept 11 apart.
    @Test func theMistakeMarkStandsApartFromEveryClassColour() {
        for palette in [Palette.standard, Palette.dark] {
            let mark = palette.colors[Int(Palette.mistake)]
            for vision in Vision.allCases {
                for k in 0..<Palette.classCount {
                    let difference = Lab(vision.simulate(mark)).ciede2000(Lab(vision.simulate(palette.colors[Int(Palette.classColor(k))])))
                    #expect(difference >= 18, "\(vision): the mistake mark is \(String(format: "%.1f", difference)) from class \(k)")
                }
            }
            // and it shows on the page.
            let page = Lab(Vision.normal.simulate(palette.colors[Int(Palette.background)]))
            #expect(Lab(Vision.normal.simulate(mark)).ciede2000(page) >= 60)
        }
    }

    @Test func eachClassHasItsOwnMarker() throws {
        let shapes = (0..<Palette.classCount).map { MarkerShape.of(classIndex: $0) }
        #expect(Set(shapes).count == Palette.classCount, "\(shapes)")
        // Drawn: each shape's ink differs from every other's (not only its colour).
        let side = 24
        let masks = MarkerShape.allCases.map { shape -> [Bool] in
            let canvas = Canvas(width: side, height: side)
            canvas.fillMarker(shape, center: Point(12, 12), radius: 7, color: Palette.grey(1), outline: Palette.background, outlineWidth: 1)
            return (0..<side * side).map { canvas[$0 % side, $0 / side] != Palette.background }
        }
        for (i, a) in masks.enumerated() {
            let area = a.filter { $0 }.count
            #expect(area > 80 && area < 300, "\(MarkerShape.allCases[i]) covers \(area) pixels")
            for b in masks[(i + 1)...] {
                #expect(zip(a, b).filter { $0 != $1 }.count >= 12, "\(MarkerShape.allCases[i]) looks like another shape")
            }
        }
    }
}

/// A colour vision: normal, or a dichromacy simulated with Machado, Oliveira and Fernandes's
/// matrices at severity 1 ("A Physiologically-based Model for Simulation of Color Vision
/// Deficiency", IEEE TVCG 15(6), 2009), applied to linear RGB.
enum Vision: CaseIterable {
    case normal, protanopia, deuteranopia, tritanopia

    var matrix: [[Double]] {
        switch self {
        case .normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        case .protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
        case .deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
        case .tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
        }
    }

    /// `colour` as this vision sees it, in linear RGB (0…1).
    func simulate(_ colour: RGB) -> [Double] {
        let linear = [colour.r, colour.g, colour.b].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return matrix.map { row in min(1, max(0, zip(row, linear).map(*).reduce(0, +))) }
    }
}

/// A CIELAB colour (D65).
struct Lab {
    var l: Double, a: Double, b: Double

    /// The CIELAB coordinates of a linear-RGB colour.
    init(_ linear: [Double]) {
        let x = (0.4124 * linear[0] + 0.3576 * linear[1] + 0.1805 * linear[2]) / 0.95047
        let y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        let z = (0.0193 * linear[0] + 0.1192 * linear[1] + 0.9505 * linear[2]) / 1.08883
        func f(_ t: Double) -> Double { t > 216 / 24389 ? cbrt(t) : (24389 / 27 * t + 16) / 116 }
        l = 116 * f(y) - 16
        a = 500 * (f(x) - f(y))
        b = 200 * (f(y) - f(z))
    }

    /// The CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation, 2005).
    func ciede2000(_ other: Lab) -> Double {
        func degrees(_ r: Double) -> Double { r * 180 / .pi }
        func radians(_ d: Double) -> Double { d * .pi / 180 }
        let c1 = hypot(a, b), c2 = hypot(other.a, other.b), cMean = (c1 + c2) / 2
        let g = 0.5 * (1 - sqrt(pow(cMean, 7) / (pow(cMean, 7) + pow(25, 7))))
        let a1 = (1 + g) * a, a2 = (1 + g) * other.a
        let c1p = hypot(a1, b), c2p = hypot(a2, other.b)
        var h1 = degrees(atan2(b, a1)); if h1 < 0 { h1 += 360 }
        var h2 = degrees(atan2(other.b, a2)); if h2 < 0 { h2 += 360 }
        let dL = other.l - l, dC = c2p - c1p
        var dh = h2 - h1
        if c1p * c2p == 0 { dh = 0 } else if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        let dH = 2 * sqrt(c1p * c2p) * sin(radians(dh / 2))
        let lMean = (l + other.l) / 2, cMeanP = (c1p + c2p) / 2
        var hMean = h1 + h2
        if c1p * c2p != 0 { hMean = abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : (h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2) }
        let t = 1 - 0.17 * cos(radians(hMean - 30)) + 0.24 * cos(radians(2 * hMean)) + 0.32 * cos(radians(3 * hMean + 6))
            - 0.20 * cos(radians(4 * hMean - 63))
        let dTheta = 30 * exp(-pow((hMean - 275) / 25, 2))
        let rC = 2 * sqrt(pow(cMeanP, 7) / (pow(cMeanP, 7) + pow(25, 7)))
        let sL = 1 + 0.015 * pow(lMean - 50, 2) / sqrt(20 + pow(lMean - 50, 2))
        let sC = 1 + 0.045 * cMeanP, sH = 1 + 0.015 * cMeanP * t
        let rT = -sin(radians(2 * dTheta)) * rC
        return sqrt(pow(dL / sL, 2) + pow(dC / sC, 2) + pow(dH / sH, 2) + rT * (dC / sC) * (dH / sH))
    }
}
