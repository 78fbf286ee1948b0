import Foundation

extension Palette {
    /// GitHub's dark page colour, the dark theme's background.
    public static let darkPage = RGB(hex: 0x0D1117)
    /// The dark theme's brightest ink (GitHub's dark-mode text colour).
    static let darkInk = RGB(hex: 0xE6EDF3)

    /// The dark theme: the same indices as `standard`, each given its dark-page colour.
    public static let dark = Palette(colors: darkColors())

    /// Index by index, the light palette's meaning in dark colours: greys become light ink on the
    /// dark page in proportion to how much ink they were, class tints fade towards the page
    /// instead of white, outlines become light shades of their class, red stays red (brighter),
    /// the near-black mistake mark becomes pale cream.
    static func darkColors() -> [RGB] {
        let light = lightColors()
        var colors: [RGB] = [light[0], darkPage]
        colors += greyValues.map { darkInk(level: pow(1 - Double($0) / 255, 0.8)) }
        for full in classColors {
            for shade in 1...shadesPerClass { colors.append(darkPage.mixed(with: full, darkTint(ofShade: shade))) }
        }
        colors += classColors.map { $0.mixed(with: RGB(255, 255, 255), 0.42) }
        colors += [RGB(hex: 0xF85149), RGB(hex: 0xFFFFDD)]
        // The light panel fills (warm greys just below white) become fills just above the page.
        colors += light[colors.count...].map { darkInk(level: 1 - Double($0.g) / 255) }
        return colors
    }

    /// Ink of `level` (0 none, 1 full) on the dark page. Grey levels are raised a little (to the
    /// power 0.8), so faint grids and ticks still show on the dark page.
    static func darkInk(level: Double) -> RGB {
        darkPage.mixed(with: darkInk, level)
    }

    /// The dark ramp's tints: the heat map's even steps reach `darkestFullTint` of the class
    /// colour over the page (a dark field lets the points' full colours stand out), then jump
    /// to the full colour as in the light ramp.
    static func darkTint(ofShade shade: Int) -> Double {
        let light = tint(ofShade: shade)
        return shade <= tintShades ? light * darkestFullTint / lightestFullTint : light
    }

    /// How far the dark heat map's most certain tint goes towards the class colour.
    static let darkestFullTint = 0.42
}
