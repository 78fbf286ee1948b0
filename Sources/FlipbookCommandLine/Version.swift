import CBuildInfo
import Render

/// What `flipbook --version` says: the version, the commit the executable was built from, and
/// where it finds its fonts.
///
/// The version is written here, by hand, when it changes. The commit comes from the build:
/// `scripts/install.sh` builds with `-Xcc -DFLIPBOOK_COMMIT="…"` (`git describe --always
/// --dirty`), read through the C target `CBuildInfo` because a Swift `-D` carries no value; a
/// plain `swift build` says "unknown commit". The fonts line shows that an installed copy
/// finds the fonts installed beside it (`PREFIX/../share/flipbook/Fonts`).
enum Version {
    /// The version of Flipbook.
    static let number = "0.1.0"

    /// The commit the executable was built from, or "unknown commit".
    static var commit: String { String(cString: flipbook_commit()) }

    /// "flipbook 0.1.0 (commit 1a2b3c4)", then the fonts' folder, or that none was found.
    static var text: String {
        let fonts = (try? Font.locate()).map { "fonts: " + String($0.path.dropLast(Font.regularFileName.count + 1)) }
        return "flipbook \(number) (\(commit.hasPrefix("unknown") ? commit : "commit " + commit))\n"
            + (fonts ?? "fonts: not found (set FLIPBOOK_FONT_DIR to a folder holding \(Font.regularFileName))")
    }
}
