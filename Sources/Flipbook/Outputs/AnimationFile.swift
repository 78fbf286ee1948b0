import Encoding
import Foundation
import Render

/// One animation as the user asked for it, the one place where every animation is written:
/// the same frames into each theme (`NAME.gif`, `NAME.dark.gif`) and each format (GIF, WebP, MP4),
/// all at one pace (`AnimationTiming`),
/// and its last frame as a poster (`NAME.poster.png`, `NAME.poster.dark.png`) for readers who
/// prefer reduced motion, or for print. Every file is held to the byte budget: one over it is
/// not written, and `finish` throws `ByteLimitExceeded` so the caller can draw it smaller.
final class AnimationFile: @unchecked Sendable {
    /// The animation's name as the renderer knows it: its light GIF, e.g. `decision_boundary.gif`.
    let name: String
    /// The name without its extension, e.g. `decision_boundary`.
    let stem: String
    private let directory: RunDirectory
    private let themes: [Theme]
    private let byteLimit: Int?
    /// One writer per file, each with the file's name: every theme's file of the first format, then of the next.
    private var writers: [(file: String, writer: any AnimationWriter, palette: Palette)] = []
    /// The last frame appended (kept, not copied: a frame handed to the files is never drawn on again).
    private var last: Canvas
    private var frames = 0
    private let width: Int
    private let height: Int
    /// The GIF files explorer.html reads the frames from, one per theme: the animation's own GIFs,
    /// or, when no GIF is asked for, GIFs written for it alone (`.NAME.explorer.gif`, removed
    /// once the explorer has copied them).
    private var explorerGIFs: [(theme: Theme, file: String, writer: GIFWriter, isOwn: Bool)] = []
    /// For each frame appended, the index of the GIF frame that shows it (identical consecutive
    /// frames are one GIF frame).
    private var gifFrames: [Int] = []

    /// The files of animation `name` (a `.gif` name) of `width × height` frames shown at `pace`,
    /// as `pictures` asks.
    init(name: String, directory: RunDirectory, width: Int, height: Int, pace: FramePace, pictures: PictureSettings) throws {
        try Self.checkFits(name, width: width, height: height, pictures: pictures)
        self.name = name
        stem = name.hasSuffix(".gif") ? String(name.dropLast(4)) : name
        self.directory = directory
        themes = pictures.theme.themes
        byteLimit = pictures.maxBytes
        last = Canvas(width: width, height: height)
        (self.width, self.height) = (width, height)
        for format in pictures.format.formats {
            for theme in themes {
                let file = theme.fileName("\(stem).\(format.fileExtension)")
                let writer = try format.writer(path: directory.claim(file), width: width, height: height, pace: pace,
                                               finalHoldSeconds: AnimationTiming.finalPause, loop: pictures.loop)
                writers.append((file, writer, theme.palette))
                if let gif = writer as? GIFWriter { explorerGIFs.append((theme, file, gif, true)) }
            }
        }
        if explorerGIFs.isEmpty {
            for theme in themes {
                let file = theme.fileName(".\(stem).explorer.gif")
                let gif = try GIFWriter(path: directory.claim(file), width: width, height: height, fps: pictures.fps)
                writers.append((file, gif, theme.palette))
                explorerGIFs.append((theme, file, gif, false))
            }
        }
    }

    /// Refuses an animation of `width × height` that a format `pictures` asks for cannot hold
    /// (a WebP canvas has at most 16,383 pixels a side, a GIF 65,535, an H.264 video 8,192 and
    /// 8,192 × 4,352 pixels in all): checked before anything is drawn, as a setting error naming
    /// the panel size.
    static func checkFits(_ name: String, width: Int, height: Int, pictures: PictureSettings) throws(SettingError) {
        let stem = name.hasSuffix(".gif") ? String(name.dropLast(4)) : name
        for format in pictures.format.formats {
            let largest = format.maximumSide
            if width > largest || height > largest {
                throw SettingError(\PictureSettings.size, in: pictures, expected: "a smaller panel: \(stem).\(format.fileExtension) would be \(width)×\(height) pixels, and a \(format.name) animation has at most \(largest.formatted) a side")
            }
            if format == .mp4, (width + width % 2) * (height + height % 2) > MP4Writer.maximumPixels {
                throw SettingError(\PictureSettings.size, in: pictures, expected: "a smaller panel: \(stem).mp4 would be \(width)×\(height) pixels, and an H.264 video has at most \(MP4Writer.maximumPixels.formatted) pixels")
            }
        }
    }

    /// One sink per file for `drawInOrder`, with the file's name, so that the formats and
    /// themes are encoded in parallel: each takes the animation's frame of a drawn one
    /// (`frame`, a finished canvas) and adds it to its file, held `hold` seconds beyond its time.
    func sinks<Drawn>(_ frame: @escaping @Sendable (Drawn) -> Canvas,
                      hold: @escaping @Sendable (Drawn) -> Double = { _ in 0 }) -> [(file: String, sink: @Sendable ([Drawn]) -> Void)] {
        writers.indices.map { index in
            (writers[index].file, { chunk in for drawn in chunk { self.append(frame(drawn), holdingFor: hold(drawn), toFile: index) } })
        }
    }

    /// Adds a frame to file `index`, in that file's colours; every file gets every frame, in
    /// order, from one thread at a time. The canvas is finished: the files read its pixels in
    /// place (`Canvas.indexedFrame(in:)`), and nothing draws on it again.
    private func append(_ frame: Canvas, holdingFor hold: Double, toFile index: Int) {
        let writer = writers[index].writer
        writer.append(frame.indexedFrame(in: writers[index].palette), holdingFor: hold)
        if writer === explorerGIFs.first?.writer {
            gifFrames.append(explorerGIFs[0].writer.framesWritten)
        }
        if index == 0 {
            last = frame
            frames += 1
        }
    }

    /// Finishes every file and hands the posters to `stills`; returns what was written, one line
    /// each. Throws `ByteLimitExceeded` (the largest file) when a file is over the budget: the
    /// files that fit are written, the posters are not.
    func finish(stills: StillFiles) throws -> [WrittenFile] {
        var outputs: [WrittenFile] = []
        var over: ByteLimitExceeded?
        for (file, writer, _) in writers {
            do {
                let isOwn = explorerGIFs.first { $0.writer === writer }?.isOwn ?? true
                let bytes = try writer.finish(byteLimit: isOwn ? byteLimit : nil)
                guard isOwn else { continue }
                outputs.append(.init(name: file, detail: "\(frames) frames, \(SizeBudget.describe(bytes))"))
            } catch let error as ByteLimitExceeded {
                if error.bytes > (over?.bytes ?? 0) { over = error }
            }
        }
        if let over { throw over }
        for theme in themes {
            let poster = theme.fileName("\(stem).poster.png")
            try stills.write(last, named: poster, theme: theme)
            outputs.append(.init(name: poster, detail: "the last frame of \(stem)"))
        }
        let sources = explorerGIFs.map { gif in
            ExplorerAnimation.Source(theme: gif.theme, file: gif.file, isTemporary: !gif.isOwn, name: gif.theme.fileName("\(stem).gif"))
        }
        outputs[0].explorer = ExplorerAnimation(stem: stem, width: width, height: height, gifFrames: gifFrames, sources: sources)
        return outputs
    }
}
