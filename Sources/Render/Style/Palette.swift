import Encoding
/// The one fixed 256-colour palette that every frame of every picture uses.
///
/// Drawing straight into palette images with one shared palette means no per-frame colour
/// quantisation, no dither flicker, and one global colour table per GIF. Every entry is unique.
///
/// Layout: 0 is the GIF transparency key (never drawn); 1 is the white background; 2…22 are
/// greys for text, axes and grids; then `classCount` class ramps of `shadesPerClass` tints from
/// just above white up to the full class colour; then a dark shade per class for outlines; then
/// accents. Ten ramps of 22 shades, 20 greys, ten dark shades, a red and the mistake mark take
/// 254 of the 256.
public struct Palette: Sendable {
    /// The colours, by index.
    public let colors: [RGB]
    /// The colours as an encoder's colour table, `background` its background.
    public let colorTable: ColorTable
    /// Nearest palette index for each colour on a 32×32×32 lattice (5 bits per channel).
    private let nearestTable: [UInt8]

    /// Number of tints in each class ramp.
    public static let shadesPerClass = 22
    /// Number of classes with their own colour (and ramp, and marker shape).
    public static let classCount = 10
    /// Full class colours: Matthew A. Petroff's ten-colour sequence, in its published order
    /// ("Accessible Color Sequences for Data Visualization", arXiv:2107.02270, 2021; matplotlib's
    /// `petroff10` style), chosen there to stay apart for readers with protanopia, deuteranopia
    /// and tritanopia. `PaletteVisionTests` checks it: under each deficiency simulated with
    /// Machado et al.'s (2009) matrices, every two colours stay at least 11 CIEDE2000 apart.
    public static let classColors: [RGB] = [
        RGB(hex: 0x3F90DA), RGB(hex: 0xFFA90E), RGB(hex: 0xBD1F01), RGB(hex: 0x94A4A2), RGB(hex: 0x832DB6),
        RGB(hex: 0xA96B59), RGB(hex: 0xE76300), RGB(hex: 0xB9AC70), RGB(hex: 0x717581), RGB(hex: 0x92DADD),
    ]

    /// The index never drawn, used as the transparent colour of GIF frame differences.
    public static let transparent: UInt8 = 0
    /// White: the background of every picture.
    public static let background: UInt8 = 1
    static let greyBase = 2
    static let greyValues: [UInt8] = [250, 245, 241, 236, 231, 224, 214, 200, 185, 168, 150, 132, 114, 97, 80, 64, 48, 34, 20, 0]
    static let rampBase = greyBase + greyValues.count
    static let darkBase = rampBase + classCount * shadesPerClass
    /// Red, for marking mistakes.
    public static let red: UInt8 = UInt8(darkBase + classCount)
    /// The mark of a misclassified point (its ring): near-black on the light page, pale cream on
    /// the dark one. Red, the usual mark, is too close to Petroff's red (class 2) for a reader
    /// with protanopia (5.9 CIEDE2000 apart); these stay at least 18 from every class colour
    /// under each simulated vision (`PaletteVisionTests`).
    public static let mistake: UInt8 = red + 1

    /// The shared palette every picture is drawn with: the light theme's colours.
    public static let standard = Palette(colors: lightColors())

    /// The light theme's colours, by index: white background, dark greys for ink.
    static func lightColors() -> [RGB] {
        var colors: [RGB] = [RGB(254, 0, 254), RGB(255, 255, 255)]
        colors += Self.greyValues.map { RGB($0, $0, $0) }
        let white = RGB(255, 255, 255)
        for full in Self.classColors {
            for shade in 1...Self.shadesPerClass {
                colors.append(white.mixed(with: full, Self.tint(ofShade: shade)))
            }
        }
        colors += Self.classColors.map { $0.mixed(with: RGB(0, 0, 0), 0.38) }
        colors += [RGB(hex: 0xD62728), RGB(hex: 0x0A0A0A)]
        // Fill the rest with light warm greys for panel fills (kept unique).
        var extra: UInt8 = 250
        while colors.count < 256 {
            let candidate = RGB(extra, extra, extra &- 6)
            if !colors.contains(candidate) { colors.append(candidate) }
            extra &-= 3
        }
        precondition(Set(colors).count == 256, "palette entries must be unique")
        return colors
    }

    /// A palette of `colors` (256, the first never drawn), with its nearest-colour table.
    init(colors: [RGB]) {
        precondition(colors.count == 256, "a palette has 256 colours")
        self.colors = colors
        colorTable = ColorTable(colors: colors.map { UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }, background: Self.background)

        var table = [UInt8](repeating: 0, count: 32 * 32 * 32)
        for r in 0..<32 {
            for g in 0..<32 {
                for b in 0..<32 {
                    let target = (r * 255 / 31, g * 255 / 31, b * 255 / 31)
                    var best = 1
                    var bestDistance = Int.max
                    for index in 1..<256 {
                        let c = colors[index]
                        let dr = Int(c.r) - target.0, dg = Int(c.g) - target.1, db = Int(c.b) - target.2
                        let distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db
                        if distance < bestDistance {
                            bestDistance = distance
                            best = index
                        }
                    }
                    table[(r << 10) | (g << 5) | b] = UInt8(best)
                }
            }
        }
        nearestTable = table
    }

    /// Shades 1…`tintShades` step evenly from white to `lightestFullTint` of the class colour, in
    /// steps small enough that heat maps show no bands (about 3 % of the colour each); the last
    /// three shades go on to the full colour.
    public static let tintShades = 19
    static let lightestFullTint = 0.62

    /// How far shade `shade` is from white towards the full class colour (0…1).
    static func tint(ofShade shade: Int) -> Double {
        if shade <= tintShades { return lightestFullTint * Double(shade) / Double(tintShades) }
        let rest = Double(shade - tintShades) / Double(shadesPerClass - tintShades)
        return lightestFullTint + (1 - lightestFullTint) * rest
    }

    /// A grey from white (`level` 0) to black (`level` 1).
    public static func grey(_ level: Double) -> UInt8 {
        let target = 255 - level.clamped(0, 1) * 255
        var best = 0
        for (index, value) in greyValues.enumerated() where abs(Double(value) - target) < abs(Double(greyValues[best]) - target) {
            best = index
        }
        return UInt8(greyBase + best)
    }

    /// The palette class whose colours class `index` takes: `index` mod `classCount`, so class 10
    /// looks like class 0 (negative indices wrap the same way rather than trap). Every class
    /// colour of every picture goes through here.
    public static func paletteClass(_ index: Int) -> Int {
        let remainder = index % classCount
        return remainder < 0 ? remainder + classCount : remainder
    }

    /// Shade `shade` (1…`shadesPerClass`) of class `index`'s ramp; shade 0 (or less) is the
    /// background, larger shades are the full colour. Any class index is valid (see `paletteClass`).
    public static func classShade(_ index: Int, _ shade: Int) -> UInt8 {
        shade <= 0 ? background : UInt8(rampBase + paletteClass(index) * shadesPerClass + min(shade, shadesPerClass) - 1)
    }

    /// The full colour of class `index` (any index; see `paletteClass`).
    public static func classColor(_ index: Int) -> UInt8 { classShade(index, shadesPerClass) }

    /// The indices of every class ramp's shades (the heat map's tints among them).
    public static let tintRange = UInt8(rampBase)...UInt8(darkBase - 1)

    /// A dark version of class `index`'s colour, for outlines and text (any index; see `paletteClass`).
    public static func classDark(_ index: Int) -> UInt8 { UInt8(darkBase + paletteClass(index)) }


    /// The palette index closest to `color` (never the transparency key).
    public func nearest(_ color: RGB) -> UInt8 {
        nearestIndex(Int(color.r) >> 3, Int(color.g) >> 3, Int(color.b) >> 3)
    }

    func nearestIndex(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        nearestTable[(r << 10) | (g << 5) | b]
    }

    /// The palette index closest to `index`'s colour moved towards `color` by `alpha` (0…1).
    /// NaN and alphas ≤ 0 leave the colour as it is.
    public func blend(_ index: UInt8, toward color: RGB, alpha: Double) -> UInt8 {
        guard alpha > 0 else { return index }
        if alpha >= 0.98 { return nearest(color) }
        return blend(index, toward: color, weight: Self.weight(alpha))
    }

    /// The weight in 256ths that `blend(_:toward:alpha:)` gives `alpha` (0 < alpha < 0.98).
    @inline(__always) static func weight(_ alpha: Double) -> Int { Int(alpha * 256) }

    /// The palette index closest to `index`'s colour moved towards `color` by `a`/256 (0 < a < 256).
    @inline(__always) func blend(_ index: UInt8, toward color: RGB, weight a: Int) -> UInt8 {
        let keep = 256 - a
        let base = colors[Int(index)]
        let r = (Int(base.r) * keep + Int(color.r) * a + 128) >> 8
        let g = (Int(base.g) * keep + Int(color.g) * a + 128) >> 8
        let b = (Int(base.b) * keep + Int(color.b) * a + 128) >> 8
        return nearestIndex(r >> 3, g >> 3, b >> 3)
    }
}
