import Foundation
import FrameStore
import Neural
import Render

/// Draws a comparison from the variants' frame stores: small multiples of their decision
/// boundaries in step (`comparison.gif` and stills at the key epochs) and every variant's loss
/// on one chart (`loss_comparison.png`).
struct ComparisonRenderer {
    /// One variant's store, data and recorded epochs.
    struct Member: Sendable {
        let variant: Variant
        let store: FrameStoreReader
        let scene: RunScene
        let frames: [Int]
        let status: RunStatus
        let view: PanelView?

        /// The last recorded frame epoch at or before `epoch`.
        func frame(atOrBefore epoch: Int) -> Int? { frames.last { $0 <= epoch } }

        /// The network this variant shows at `epoch`, and the epoch it was recorded at: its last
        /// frame at or before it, or at `ComparisonRenderer.untrained` its initial parameters
        /// (epoch nil); nil when it has nothing to show there.
        func shownNetwork(at epoch: Int) throws -> (network: Network<Float>, epoch: Int?)? {
            if epoch == ComparisonRenderer.untrained {
                return (try RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters"), nil)
            }
            guard let shown = frame(atOrBefore: epoch), let record = try store.epoch(shown) else { return nil }
            return (try RunRecorder.network(of: record, in: store), shown)
        }

        /// The caption of this variant's panel at `epoch` showing the network of epoch `shown`.
        func caption(at epoch: Int, shown: Int?) -> String {
            guard let shown else { return variant.label + " · before training" }
            if let diverged = divergedAt, epoch > shown { return variant.label + " · diverged at epoch \(diverged)" }
            guard let metrics = scene.metrics(at: shown) else { return variant.label }
            return variant.label + String(format: " · loss %.3f", metrics.trainLoss)
        }

        /// Where training stopped early, if it diverged.
        var divergedAt: Int? {
            if case .diverged(let epoch) = status { return epoch }
            return nil
        }
    }

    /// Where the pictures go.
    var directory: RunDirectory
    private(set) var members: [Member]
    /// The comparison's settings (every variant's base); its pictures settings are the drawing's.
    var base: RunConfig
    private(set) var panelSide: Int
    let columns: Int
    private(set) var headerHeight: Int
    let epochs: [Int]
    let keyEpochs: [Int]
    let font: Font
    let bold: Font

    init(directory: RunDirectory, variants: [Variant], base: RunConfig) throws {
        self.directory = directory
        self.base = base
        font = try Font.locate()
        bold = try Font.locate(Font.boldFileName)
        panelSide = max(Self.smallestPanel, base.pictures.size * 2 / 3)
        columns = variants.count <= 3 ? variants.count : variants.count <= 4 ? 2 : variants.count <= 9 ? 3 : 4
        headerHeight = Self.headerHeight(panelSide: panelSide)
        var members: [Member] = []
        for variant in variants {
            let store = try FrameStore.open(at: directory.file(variant.slug).appendingPathComponent("frames.sqlite").relativePath)
            let run = store.run
            let scene = RunScene(run: run, metrics: store.metrics)
            members.append(Member(variant: variant, store: store, scene: scene, frames: store.frameEpochs,
                                  status: run.status, view: PanelView(scene: scene, size: panelSide, font: font, bold: bold)))
        }
        self.members = members
        epochs = Array(Set(members.flatMap(\.frames))).sorted()
        keyEpochs = base.resolvedKeyEpochs.filter(Set(epochs).contains)
    }

    /// The frame epoch of the opening frame of `--first-frame untrained`: every variant's
    /// network before its first update.
    static let untrained = -1

    /// The frames every animation opens with: the untrained networks when `--first-frame
    /// untrained` asks for them and every variant's store keeps them, otherwise none.
    var opening: [Int] {
        let stored = members.allSatisfy { $0.store.run.model == .network && !$0.store.run.initialParameters.isEmpty }
        return base.pictures.firstFrame == .untrained && stored ? [Self.untrained] : []
    }

    /// The header of the frame at `epoch`: "Epoch 240 of 499", or "Before training".
    func header(at epoch: Int, of last: Int) -> String {
        epoch == Self.untrained ? "Before training" : "Epoch \(epoch) of \(last)"
    }

    /// The smallest side of a variant's panel (the size budget goes no lower).
    static let smallestPanel = 200

    private static func headerHeight(panelSide: Int) -> Int {
        Int((57 * Double(panelSide) / PanelMetrics.designSide).rounded())
    }

    /// This renderer drawing panels of `side` pixels.
    func resized(panelSide side: Int) -> ComparisonRenderer {
        var resized = self
        resized.panelSide = side
        resized.headerHeight = Self.headerHeight(panelSide: side)
        resized.members = members.map { member in
            Member(variant: member.variant, store: member.store, scene: member.scene, frames: member.frames, status: member.status,
                   view: PanelView(scene: member.scene, size: side, font: font, bold: bold))
        }
        return resized
    }

    /// Draws the pictures; returns the files written. With a byte budget, first checks that the
    /// smallest animations fit it.
    func render(progress: ProgressReporter) throws -> [RunRenderer.Output] {
        let animations = try self.animations(progress: progress)
        for animation in animations {
            try AnimationFile.checkFits(animation.name, width: animation.width, height: animation.height, pictures: base.pictures)
        }
        if let budget = base.pictures.maxBytes, !animations.isEmpty { try refuseImpossible(budget, animations) }
        var outputs = base.pictures.draws(.loss) ? try lossComparison() : []
        for animation in animations { outputs += try drawWithinBudget(animation, progress: progress) }
        return outputs
    }

    /// `count` of the epochs, evenly spaced, always the first, the key epochs and the last.
    func evenlyChosen(_ count: Int) -> [Int] {
        let required = Set(keyEpochs.compactMap { epochs.firstIndex(of: $0) })
        return FrameChoice.indices(count: count, movement: Array(repeating: 1, count: epochs.count), required: required).map { epochs[$0] }
    }

    /// Draws `comparison.gif` (in every theme and format asked, with its poster) of `frames`, and
    /// the stills at the key epochs when `writingStills`; returns the animation's files.
    func drawComparison(frames chosen: [Int], writingStills: Bool, progress: ProgressReporter) throws -> [RunRenderer.Output] {
        let epochs = opening + chosen
        let size = Layout.canvasSize(count: members.count, columns: columns, panel: panelSide)
        let width = size.width, height = size.height + headerHeight
        let file = try AnimationFile(name: "comparison.gif", directory: directory, width: width, height: height, pictures: base.pictures)
        progress.begin("rendering the comparison", total: epochs.count)
        let themes = base.pictures.theme.themes
        _ = try drawInOrder(count: epochs.count, progress: progress, draw: { index in
            let epoch = epochs[index]
            let canvas = try frame(at: epoch, width: width, height: height)
            if writingStills, keyEpochs.contains(epoch) {
                for theme in themes {
                    try PNGWriter.write(canvas, to: directory.claim(theme.fileName(RunRenderer.stillName("comparison", epoch: epoch))),
                                        theme: theme)
                }
            }
            return canvas
        }, sinks: file.sinks { (frame: Canvas, _) in frame })
        progress.end("rendered \(chosen.count) of \(self.epochs.count) epochs of \(members.count) variants")
        return try file.finish()
    }

    /// The whole grid at `epoch`: a header with the shared epoch counter, then one panel per variant.
    func frame(at epoch: Int, width: Int, height: Int) throws -> Canvas {
        let canvas = Canvas(width: width, height: height)
        let scale = Double(panelSide) / PanelMetrics.designSide
        let title = TextStyle(font: bold, pixelSize: 25.5 * scale), small = TextStyle(font: font, pixelSize: 18 * scale)
        let last = members.map { $0.variant.config.epochs }.max() ?? epoch + 1
        canvas.drawText(header(at: epoch, of: last - 1), x: Int((18 * scale).rounded()), y: Int((39 * scale).rounded()), style: title, color: Palette.grey(0.88))
        let varied = Set(members.flatMap { $0.variant.label.components(separatedBy: " · ").map { $0.components(separatedBy: " ").first ?? "" } })
        canvas.drawText("varying " + varied.sorted().joined(separator: ", "), x: width - Int((18 * scale).rounded()), y: Int((39 * scale).rounded()),
                        style: small, color: Palette.grey(0.6), anchor: .right)
        let panel = Canvas(width: panelSide, height: panelSide)
        for (member, frame) in zip(members, Layout.grid(count: members.count, columns: columns, panel: panelSide)) {
            guard let view = member.view else { continue }
            if let (network, shown) = try member.shownNetwork(at: epoch) {
                _ = view.draw(network: network, epoch: shown ?? 0, title: member.caption(at: epoch, shown: shown), on: panel)
            } else {
                panel.copyPixels(from: view.template)
                let note = member.divergedAt.map { " · diverged at epoch \($0)" } ?? " · no epoch yet"
                view.drawTitle(member.variant.label + note, on: panel)
            }
            canvas.paste(panel, at: frame.x, frame.y + headerHeight)
        }
        return canvas
    }

    /// `loss_comparison.png`: every variant's training loss (solid) and test loss (dashed), log scale.
    func lossComparison() throws -> [RunRenderer.Output] {
        let color = { (index: Int) -> UInt8 in index < Palette.classCount ? Palette.classColor(index) : Palette.classDark(index) }
        var series: [LineSeries] = []
        for (index, member) in members.enumerated() {
            let metrics = member.scene.metrics
            let name = member.variant.label + (member.divergedAt.map { " (diverged at \($0))" } ?? "")
            series.append(LineSeries(name: name, values: metrics.map(\.trainLoss), color: color(index)))
            series.append(LineSeries(name: name, values: metrics.map(\.testLoss), color: color(index), dashed: true, inLegend: false))
        }
        let size = base.pictures.size
        let loss = members.first?.scene.architecture.loss.rawValue.replacingOccurrences(of: "-", with: " ") ?? "loss"
        let chart = LineChart(frame: Rect(x: 0, y: 0, width: size, height: size), series: series, xLabel: "epoch", yLabel: loss,
                              logScale: true, font: font, bold: bold, legendInside: true,
                              caption: "solid: training loss · dashed: test loss")
        let canvas = Canvas(width: size, height: size)
        chart.drawBackground(on: canvas)
        chart.drawFrame(on: canvas, upTo: chart.count - 1, title: "Loss of \(members.count) variants")
        return try base.pictures.theme.themes.map { theme in
            try PNGWriter.write(canvas, to: directory.claim(theme.fileName("loss_comparison.png")), theme: theme)
            return .init(name: theme.fileName("loss_comparison.png"), detail: "\(members.count) variants")
        }
    }

    /// `report.md`: the pictures and a table of final metrics per variant, best first.
    func report(pictures: [String]) -> String {
        let regression = members.first?.scene.isRegression ?? false
        let score = regression ? "R²" : "accuracy"
        let ranked = members.sorted { a, b in
            if (a.divergedAt == nil) != (b.divergedAt == nil) { return a.divergedAt == nil }
            let ma = a.scene.metrics.last, mb = b.scene.metrics.last
            if ma?.testScore != mb?.testScore { return (ma?.testScore ?? -.infinity) > (mb?.testScore ?? -.infinity) }
            return (ma?.testLoss ?? .infinity) < (mb?.testLoss ?? .infinity)
        }
        var lines = ["# Flipbook comparison", ""]
        lines.append("\(members.count) variants of one run, each trained into its own directory (re-render any with `flipbook render DIR/<variant>`).")
        lines.append("")
        lines.append("| variant | epochs | train loss | test loss | test \(score) | note |")
        lines.append("| --- | ---: | ---: | ---: | ---: | --- |")
        for member in ranked {
            let m = member.scene.metrics.last
            let note = member.divergedAt.map { "diverged at epoch \($0)" } ?? ""
            lines.append(String(format: "| [%@](%@/report.md) | %d | %.4f | %.4f | %.4f | %@ |", member.variant.label, member.variant.slug,
                                member.scene.metrics.count, m?.trainLoss ?? .nan, m?.testLoss ?? .nan, m?.testScore ?? .nan, note))
        }
        lines += PictureMarkup.sections(pictures)
        return lines.joined(separator: "\n") + "\n"
    }
}
