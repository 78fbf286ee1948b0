import Datasets
import Foundation
import FrameStore
import Neural
import Render

/// A comparison as its picture families draw it: the variants' stores, data and recorded
/// epochs, and the grid their panels are laid out in (small multiples, in step under one epoch
/// counter).
struct ComparisonSubject: DrawingSubject {
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

        /// The network this variant shows at `frame`, and the epoch it was recorded at: its last
        /// frame at or before the frame's epoch, or before training its initial parameters
        /// (epoch nil); nil when it has nothing to show there.
        func shownNetwork(at frame: Frame) throws -> (network: Network<Float>, epoch: Int?)? {
            guard let epoch = frame.epoch else {
                return (try RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters"), nil)
            }
            guard let shown = self.frame(atOrBefore: epoch), let record = try store.epoch(shown) else { return nil }
            return (try RunRecorder.network(of: record, in: store), shown)
        }

        /// The caption of this variant's panel at `frame` showing the network of epoch `shown`.
        func caption(at frame: Frame, shown: Int?) -> String {
            guard let shown else { return variant.label + " · before training" }
            if let diverged = divergedAt, let epoch = frame.epoch, epoch > shown { return variant.label + " · diverged at epoch \(diverged)" }
            guard let metrics = scene.metrics(at: shown) else { return variant.label }
            return variant.label + " · loss " + NumberText.decimal(metrics.trainLoss)
        }

        /// Where training stopped early, if it diverged.
        var divergedAt: Int? {
            if case .diverged(let epoch) = status { return epoch }
            return nil
        }
    }

    var directory: RunDirectory
    private(set) var members: [Member]
    /// The comparison's settings (every variant's base).
    let base: RunConfig
    /// The drawing's settings: the base's.
    var pictures: PictureSettings
    private(set) var panelSide: Int
    let columns: Int
    private(set) var headerHeight: Int
    /// Every epoch some variant recorded, in order.
    let epochs: [Int]
    let keyEpochs: [Int]
    let font: Font
    let bold: Font

    init(directory: RunDirectory, variants: [Variant], base: RunConfig) throws {
        self.directory = directory
        self.base = base
        pictures = base.pictures
        font = try Font.locate()
        bold = try Font.locate(Font.boldFileName)
        panelSide = max(Self.smallestPanel, base.pictures.size * 2 / 3)
        columns = variants.count <= 3 ? variants.count : variants.count <= 4 ? 2 : variants.count <= 9 ? 3 : 4
        headerHeight = Self.headerHeight(panelSide: panelSide)
        let stores = try variants.map { try FrameStore.open(at: directory.file($0.slug).appendingPathComponent("frames.sqlite").relativePath) }
        let runs = stores.map(\.run)
        let (shared, planes) = try Self.planes(of: runs, pictures: base.pictures)
        var scenes = zip(stores, planes).map { store, plane in RunScene(run: store.run, metrics: store.metrics, plane: plane) }
        if let domain = Self.sharedDomain(of: scenes, runs: runs, sharedPlane: shared != nil) {
            scenes = zip(stores, planes).map { store, plane in RunScene(run: store.run, metrics: store.metrics, plane: plane, domain: domain) }
        }
        plane = scenes.first?.plane == nil ? nil : shared
        var members: [Member] = []
        for (variant, (store, scene)) in zip(variants, zip(stores, scenes)) {
            members.append(Member(variant: variant, store: store, scene: scene, frames: store.frameEpochs,
                                  status: store.run.status, view: PanelView(scene: scene, size: panelSide, font: font, bold: bold,
                                                                            textSize: Self.textSize(panelSide: panelSide))))
        }
        self.members = members
        epochs = Array(Set(members.flatMap(\.frames))).sorted()
        keyEpochs = base.resolvedKeyEpochs.filter(Set(epochs).contains)
    }

    /// The plane of more than two features every variant's panels slice through (written as
    /// `plane.json`), or nil (two features, or variants of different features, each through its own).
    let plane: DataPlane?

    /// The plane every variant's pictures slice through: the first variant's (the rule `--plane`
    /// gives, fitted on its training part, so `plane.json` is the one `flipbook render` of that
    /// variant writes), expressed in each variant's own standardisation (`DataPlane.expressed`),
    /// so that one raw point shows at one place in every panel however the variants split and
    /// standardise. Variants whose data has other features each get their own, and none is shared.
    static func planes(of runs: [StoredRun], pictures: PictureSettings) throws -> (shared: DataPlane?, each: [DataPlane?]) {
        guard let first = runs.first else { return (nil, []) }
        let reference = try DataPlane.resolve(pictures.plane, for: first.dataset, stored: first.plane, pictures: pictures)
        if let reference, runs.allSatisfy({ $0.plane == nil && drawSameFeatures($0.dataset, first.dataset) }) {
            return (reference, runs.map {
                reference.expressed(inMean: $0.dataset.mean.map(Double.init), deviation: $0.dataset.deviation.map(Double.init))
            })
        }
        return (nil, try runs.map { try DataPlane.resolve(pictures.plane, for: $0.dataset, stored: $0.plane, pictures: pictures) })
    }

    /// True when `a` and `b` have the same features (count, names, kind) and classes: their
    /// panels can share a plane and a rectangle.
    static func drawSameFeatures(_ a: StoredDataset, _ b: StoredDataset) -> Bool {
        a.featureCount == b.featureCount && a.kind == b.kind && a.classNames == b.classNames
            && (a.featureNames ?? Dataset.featureNames(count: a.featureCount)) == (b.featureNames ?? Dataset.featureNames(count: b.featureCount))
    }

    /// The rectangle every variant's boundary panel shows when their data draws the same features
    /// (two, or more through one shared plane) but their own rectangles differ (other samples, as
    /// with `--vary seed`): the smallest square (a Fisher plane: rectangle) holding them all. Nil when they already agree or
    /// cannot share.
    static func sharedDomain(of scenes: [RunScene], runs: [StoredRun], sharedPlane: Bool) -> PlaneRect? {
        guard scenes.count > 1, scenes.allSatisfy({ $0.kind == .boundary }), runs.allSatisfy({ $0.fieldGrid == nil }),
              sharedPlane || runs.allSatisfy({ $0.dataset.featureCount == 2 }),
              runs.allSatisfy({ drawSameFeatures($0.dataset, runs[0].dataset) }) else { return nil }
        let rects = scenes.map(\.domain)
        guard rects.contains(where: { $0 != rects[0] }) else { return nil }
        return RunScene.visible(PlaneRect(minX: rects.map(\.minX).min()!, maxX: rects.map(\.maxX).max()!,
                                          minY: rects.map(\.minY).min()!, maxY: rects.map(\.maxY).max()!),
                                square: scenes[0].plane?.isSquare ?? true)
    }

    /// Draws the pictures; returns the files written.
    func render(progress: ProgressReporter) throws -> [WrittenFile] {
        try Drawing(subject: self, notes: progress).render(progress: progress)
    }

    // MARK: Frames

    var recorded: [Frame] { epochs.map(Frame.epoch) }

    /// The untrained networks when `--first-frame untrained` asks for them and every variant's
    /// store keeps them, otherwise none.
    var opening: [Frame] {
        let stored = members.allSatisfy { $0.store.run.model == .network && !$0.store.run.initialParameters.isEmpty }
        return pictures.firstFrame == .untrained && stored ? [.beforeTraining] : []
    }

    var drawnSize: Int { panelSide }
    var smallestSize: Int { Self.smallestPanel }

    /// The smallest side of a variant's panel (the size budget goes no lower).
    static let smallestPanel = 200

    /// `count` of the epochs, evenly spaced, always the first, the key epochs and the last.
    func chosenFrames(_ count: Int) -> [Frame] {
        let required = Set(keyEpochs.compactMap { epochs.firstIndex(of: $0) })
        return FrameChoice.indices(count: count, movement: Array(repeating: 1, count: epochs.count), required: required)
            .map { Frame.epoch(epochs[$0]) }
    }

    func drawing(_ frame: Frame, clock: ProgressReporter) -> ComparisonFrame {
        let last = (members.map { $0.variant.config.resolvedEpochs }.max() ?? 1) - 1
        return ComparisonFrame(frame: frame, header: frame.epoch.map { "Epoch \($0) of \(last)" } ?? "Before training")
    }

    /// The text size of a variant's panel of `side` pixels: that of the whole picture the
    /// panels are two thirds of, so that a grid's labels read as a single run's do.
    static func textSize(panelSide side: Int) -> Int { side * 3 / 2 }

    private static func headerHeight(panelSide: Int) -> Int {
        Int((57 * Double(panelSide) / PanelMetrics.designSide).rounded())
    }

    /// This comparison drawn with panels of `side` pixels.
    func resized(to side: Int) -> ComparisonSubject {
        var resized = self
        resized.panelSide = side
        resized.headerHeight = Self.headerHeight(panelSide: side)
        resized.members = members.map { member in
            Member(variant: member.variant, store: member.store, scene: member.scene, frames: member.frames, status: member.status,
                   view: PanelView(scene: member.scene, size: side, font: font, bold: bold, textSize: Self.textSize(panelSide: side)))
        }
        return resized
    }

    func renderingStage() -> String { "rendering the comparison" }

    func renderedSummary(shown: Int, seconds: Double) -> String {
        "rendered \(shown) of \(epochs.count) epochs of \(members.count) variants"
    }

    func budgetNote(_ name: String, shown: Int, budget: Int) -> String {
        let opened = opening.isEmpty ? "" : " after the untrained networks"
        return "\(name): \(min(shown, epochs.count)) of \(epochs.count) epochs\(opened), panels of \(panelSide) px, within \(SizeBudget.describe(budget))"
    }

    func smallestDrawing(frames: Int) -> String {
        "this comparison can make (\(frames) frames of \(Self.smallestPanel)-pixel panels)"
    }

    /// `report.md`: the pictures and a table of final metrics per variant, best first.
    func report(pictures: [String], explorer: String? = nil) -> String {
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
        if let plane {
            lines += ["", "Every panel slices through one plane, the first variant's, at the same raw feature values in each: "
                      + plane.caption.prefix(1).lowercased() + plane.caption.dropFirst() + " ([\(DataPlane.fileName)](\(DataPlane.fileName)))."]
        }
        if let explorer { lines += ["", Report.explorerLine(explorer)] }
        lines += PictureMarkup.sections(pictures)
        return lines.joined(separator: "\n") + "\n"
    }

    /// What explorer.html shows besides the animations: every variant's metrics, named by its label.
    func explorerContents(report: String) -> Explorer.Contents {
        Explorer.Contents(title: "Flipbook comparison",
                          series: members.map { member in
                              ExplorerModel.Series(name: member.variant.label, rows: member.scene.metrics.map { ExplorerModel.row($0, stepsPerEpoch: nil) })
                          },
                          regression: members.first?.scene.isRegression ?? false, keyEpochs: keyEpochs, stepsPerEpoch: nil,
                          pictures: pictures, report: report)
    }
}
