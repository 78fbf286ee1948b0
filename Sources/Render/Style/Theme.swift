/// The colours a picture is written in: light (a white page) or dark (GitHub's dark page, #0d1117).
///
/// Every picture is drawn once, in palette indices whose meaning is the same in every theme —
/// the background, a grey level of ink, a tint of a class, a class's outline, red for mistakes —
/// and a theme gives each index its colour when the picture is written (`Palette.colors`). So a
/// dark picture is designed, not inverted: class colours keep their identity, heat-map tints
/// fade towards the dark page, text, axes and grids are light greys, and each file still has one
/// fixed palette. Writing both themes costs one drawing and two encodings.
public enum Theme: String, Sendable, CaseIterable {
    /// Dark ink on white.
    case light
    /// Light ink on #0d1117.
    case dark

    /// The colours of every palette index in this theme.
    public var palette: Palette { self == .light ? .standard : .dark }

    /// A file name in this theme: `name.gif` for light, `name.dark.gif` for dark.
    public func fileName(_ name: String) -> String {
        guard self == .dark else { return name }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name + ".dark" }
        return name[..<dot] + ".dark" + name[dot...]
    }
}
