/// How report.md embeds a run's pictures: each once, the light and dark files of a picture
/// together as `<picture>` (the dark one for `prefers-color-scheme: dark`, the light one as the
/// `<img>` fallback), an animation's other format and its poster named beside it.
enum PictureMarkup {
    /// One picture in its themes and formats.
    struct Picture: Equatable {
        /// The light name, e.g. `decision_boundary.gif` (a dark-only picture keeps this name too).
        var name: String
        var light: String?
        var dark: String?
    }

    /// The "## Animations" and "## Stills" sections for the files written.
    static func sections(_ files: [String]) -> [String] {
        let pictures = grouped(files)
        let animations = pictures.filter { [".gif", ".webp", ".mp4"].contains(where: $0.name.hasSuffix) }
        let stills = pictures.filter { $0.name.hasSuffix(".png") && !$0.name.hasSuffix(".poster.png") }
        var shown = Set<String>()
        var lines: [String] = []
        // An animation is shown by its first format of GIF, WebP and MP4; the others are named beside it.
        let primary = animations.filter { picture in
            let before = picture.name.hasSuffix(".webp") ? [".gif"] : picture.name.hasSuffix(".mp4") ? [".gif", ".webp"] : []
            return !before.contains { ending in animations.contains { $0.name == stem(picture.name) + ending } }
        }
        if !primary.isEmpty { lines += ["", "## Animations"] }
        for picture in primary {
            lines += ["", embed(picture)]
            if let sentence = PictureCaption.sentence(for: picture.name) { lines += ["", sentence] }
            shown.insert(picture.name)
            let also = pictures.filter { other in
                [".webp", ".mp4", ".poster.png"].map { stem(picture.name) + $0 }.contains(other.name) && other.name != picture.name
            }
            let links = also.map { other in
                let kind = other.name.hasSuffix(".webp") ? "as animated WebP"
                    : other.name.hasSuffix(".mp4") ? "as H.264 video" : "poster (its last frame, for reduced motion or print)"
                return kind + ": " + [other.light, other.dark].compactMap { $0 }.map { "[\($0)](\($0))" }.joined(separator: ", ")
            }
            if !links.isEmpty { lines += ["", links.joined(separator: "; ").prefix(1).uppercased() + links.joined(separator: "; ").dropFirst() + "."] }
        }
        if !stills.isEmpty { lines += ["", "## Stills"] }
        for picture in stills {
            lines += ["", embed(picture)]
            if let sentence = PictureCaption.sentence(for: picture.name) { lines += ["", sentence] }
        }
        return lines
    }

    /// `![name](file)`, or `<picture>` when the picture has both themes; a video is linked.
    static func embed(_ picture: Picture) -> String {
        if picture.name.hasSuffix(".mp4") {
            return "Video (H.264): " + [picture.light, picture.dark].compactMap { $0 }.map { "[\($0)](\($0))" }.joined(separator: ", ")
        }
        guard let light = picture.light, let dark = picture.dark else {
            let file = picture.light ?? picture.dark ?? picture.name
            return "![\(picture.name)](\(file))"
        }
        return """
            <picture>
              <source media="(prefers-color-scheme: dark)" srcset="\(dark)">
              <img alt="\(picture.name)" src="\(light)">
            </picture>
            """
    }

    /// The files grouped by picture, in the order first written.
    static func grouped(_ files: [String]) -> [Picture] {
        var pictures: [Picture] = []
        for file in files {
            let (name, isDark) = lightName(of: file)
            guard let index = pictures.firstIndex(where: { $0.name == name }) else {
                pictures.append(Picture(name: name, light: isDark ? nil : file, dark: isDark ? file : nil))
                continue
            }
            if isDark { pictures[index].dark = file } else { pictures[index].light = file }
        }
        return pictures
    }

    /// `a.dark.gif` → (`a.gif`, true); `a.gif` → (`a.gif`, false).
    static func lightName(of file: String) -> (String, Bool) {
        guard let dot = file.lastIndex(of: "."), file[..<dot].hasSuffix(".dark") else { return (file, false) }
        return (String(file[..<dot].dropLast(5) + file[dot...]), true)
    }

    /// Whether `file` is a picture (a GIF, WebP, MP4 video or PNG) rather than a data file.
    static func isPicture(_ file: String) -> Bool {
        [".gif", ".webp", ".mp4", ".png"].contains { file.hasSuffix($0) }
    }

    /// `a.gif` → `a`.
    static func stem(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }
}
