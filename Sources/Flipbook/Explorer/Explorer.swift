import Foundation
import FrameStore
import Render

/// `explorer.html`: a page beside a run's (or a comparison's) pictures to scrub through its
/// training — a slider over the frames the animations show, play and pause, the view, the
/// metrics of the frame's epoch and a loss chart, the state in the address
/// (`explorer.html#view=network&epoch=240`). It reads each animation's own GIF, copied into a
/// script (`NAME.gif.js`, base64) because a page opened from the file system may load scripts
/// but not read files; docs/explorer.md says why this mechanism.
enum Explorer {
    /// The page's name.
    static let fileName = "explorer.html"

    /// What the page shows besides the animations.
    struct Contents {
        /// The page's title: the report's heading.
        var title: String
        /// The metrics: one series for a run, one per variant for a comparison.
        var series: [ExplorerModel.Series]
        var regression: Bool
        var keyEpochs: [Int]
        var stepsPerEpoch: Int?
        var pictures: PictureSettings
        /// report.md's text, shown below the explorer (and alone without scripts).
        var report: String
    }

    /// Writes the scripts of the animations among `written` and the page into `directory`, each
    /// claimed first; removes the GIFs written for the explorer alone. Returns the files written
    /// (none when no animation was drawn).
    static func write(_ contents: Contents, animations written: [WrittenFile], into directory: RunDirectory) throws -> [WrittenFile] {
        let animations = written.compactMap(\.explorer).filter { !$0.frames.isEmpty && $0.frames.count == $0.gifFrames.count }
        guard !animations.isEmpty else { return [] }
        // The scripts on every core: reading, encoding and writing a few megabytes each is most
        // of the page's time, after every animation is finished.
        let sources = animations.flatMap(\.sources)
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: sources.count) { k in
            do { try writeScript(of: sources[k], into: directory) } catch { failure.record(error) }
        }
        if let error = failure.error { throw error }
        var files = sources.map { WrittenFile(name: $0.name + ".js", detail: "\($0.name) for \(fileName)") }
        let model = self.model(contents, animations: animations)
        let first = model.views[0]
        let page = ExplorerPage.html(title: contents.title, themes: model.themes, poster: first.posters,
                                     posterAlt: "\(first.label): the last frame", sentence: first.sentence,
                                     width: first.width, height: first.height,
                                     reportHTML: ReportHTML.html(contents.report, droppingLinksTo: fileName), modelJSON: try model.json())
        try directory.write(Data(page.utf8), named: fileName)
        files.append(WrittenFile(name: fileName, detail: "\(animations.count) animations to scrub through, \(model.moments.count) frames"))
        return files
    }

    /// Writes `NAME.gif.js`, the GIF of `source` base64-encoded in a call to `flipbookFrames`;
    /// removes the GIF when it was written for the page alone.
    private static func writeScript(of source: ExplorerAnimation.Source, into directory: RunDirectory) throws {
        let bytes = try Data(contentsOf: directory.file(source.file))
        var script = Data("flipbookFrames(\"\(source.name)\", \"".utf8)
        script.append(bytes.base64EncodedData())
        script.append(Data("\");\n".utf8))
        try directory.write(script, named: source.name + ".js")
        if source.isTemporary { try directory.remove(source.file) }
    }

    /// The page's data.
    static func model(_ contents: Contents, animations: [ExplorerAnimation]) -> ExplorerModel {
        var moments: [ExplorerModel.Shown] = []
        for animation in animations {
            for frame in animation.frames {
                let moment = ExplorerModel.moment(frame, stepsPerEpoch: contents.stepsPerEpoch)
                if !moments.contains(where: { $0.key == moment.key }) { moments.append(moment) }
            }
        }
        moments.sort { $0.x < $1.x }
        let place = Dictionary(moments.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        var ids = Set<String>()
        let views = animations.map { animation in
            let indices = animation.frames.map { place[ExplorerModel.moment($0, stepsPerEpoch: contents.stepsPerEpoch).key]! }
            let id = viewID(animation.stem, taken: ids)
            ids.insert(id)
            var gifs: [String: String] = [:]
            var posters = ExplorerModel.Pictures()
            for source in animation.sources {
                gifs[source.theme.rawValue] = source.name
                let poster = source.theme.fileName("\(animation.stem).poster.png")
                if source.theme == .dark { posters.dark = poster } else { posters.light = poster }
            }
            return ExplorerModel.View(id: id, label: label(animation.stem), sentence: PictureCaption.sentence(for: "\(animation.stem).gif") ?? "",
                                      width: animation.width, height: animation.height,
                                      frames: indices == Array(moments.indices) ? nil : indices,
                                      gifFrames: animation.gifFrames == Array(animation.gifFrames.indices) ? nil : animation.gifFrames,
                                      gifs: gifs, posters: posters)
        }
        return ExplorerModel(title: contents.title, themes: contents.pictures.theme.themes.map(\.rawValue), fps: contents.pictures.fps,
                             hold: contents.pictures.hold, score: contents.regression ? "R²" : "accuracy",
                             scoreIsPercent: !contents.regression, keys: contents.keyEpochs.map(String.init), moments: moments,
                             views: views, series: contents.series)
    }

    /// The address name of an animation: its view's short name where it has one
    /// (`decision_boundary` → `boundary`, `hidden_space` → `hidden`), else its stem.
    static func viewID(_ stem: String, taken: Set<String>) -> String {
        let short = ["decision_boundary": "boundary", "fit": "boundary", "predictions": "boundary", "hidden_space": "hidden",
                     "weights": "network", "comparison": "boundary", "network_comparison": "network", "compare_landscape": "landscape"]
        let id = short[stem] ?? stem
        return taken.contains(id) ? stem : id
    }

    /// The switch's label: `hidden_space` → "Hidden space".
    static func label(_ stem: String) -> String {
        let words = stem.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
