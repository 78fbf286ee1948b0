import Foundation
import Render

/// One animation as the user asked for it, the one place where every animation is written:
/// the same frames into each theme (`NAME.gif`, `NAME.dark.gif`) and each format (GIF, WebP),
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
    private var gifs: [GIFWriter] = []
    private var webps: [WebPWriter] = []
    private let last: Canvas
    private var frames = 0

    /// The files of animation `name` (a `.gif` name) of `width × height` frames, as `pictures` asks.
    init(name: String, directory: RunDirectory, width: Int, height: Int, pictures: PictureSettings) throws {
        self.name = name
        stem = name.hasSuffix(".gif") ? String(name.dropLast(4)) : name
        self.directory = directory
        themes = pictures.theme.themes
        byteLimit = pictures.maxBytes
        last = Canvas(width: width, height: height)
        for theme in themes {
            for format in pictures.format.extensions {
                let path = directory.file(theme.fileName("\(stem).\(format)")).relativePath
                if format == "gif" {
                    gifs.append(try GIFWriter(path: path, width: width, height: height, fps: pictures.fps, palette: theme.palette))
                } else {
                    webps.append(try WebPWriter(path: path, width: width, height: height, fps: pictures.fps, palette: theme.palette))
                }
            }
        }
    }

    /// Adds a frame to every file. The canvas may be reused by the caller afterwards.
    func append(_ frame: Canvas) {
        for gif in gifs { gif.append(frame) }
        for webp in webps { webp.append(frame) }
        last.copyPixels(from: frame)
        frames += 1
    }

    /// Finishes every file and writes the posters; returns what was written, one line each.
    /// Throws `ByteLimitExceeded` (the largest file) when a file is over the budget: the files
    /// that fit are written, the posters are not.
    func finish() throws -> [RunRenderer.Output] {
        var outputs: [RunRenderer.Output] = []
        var over: ByteLimitExceeded?
        let limit = byteLimit
        var encoded: [(file: String, finish: () throws -> Int)] = []
        for (theme, gif) in zip(themes, gifs) { encoded.append((theme.fileName("\(stem).gif"), { try gif.finish(byteLimit: limit) })) }
        for (theme, webp) in zip(themes, webps) { encoded.append((theme.fileName("\(stem).webp"), { try webp.finish(byteLimit: limit) })) }
        for (file, finish) in encoded {
            do {
                let bytes = try finish()
                outputs.append(.init(name: file, detail: "\(frames) frames, \(SizeBudget.describe(bytes))"))
            } catch let error as ByteLimitExceeded {
                if error.bytes > (over?.bytes ?? 0) { over = error }
            }
        }
        if let over { throw over }
        for theme in themes {
            let poster = theme.fileName("\(stem).poster.png")
            try PNGWriter.write(last, to: directory.file(poster).relativePath, theme: theme)
            outputs.append(.init(name: poster, detail: "the last frame of \(stem)"))
        }
        return outputs
    }
}
