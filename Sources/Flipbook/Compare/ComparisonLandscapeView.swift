import Foundation
import FrameStore
import Neural
import Render

/// `compare_landscape.gif`: the variants of a comparison on one loss surface — for variants of
/// the same network, loss and data (learning rates, optimizers, batch sizes, schedules), the
/// plane of the first two principal components of all their paths together, centred on the
/// first variant's final parameters, each path in its own colour, in step; its stills at the key
/// epochs and `compare_landscape.png` with the whole paths.
struct ComparisonLandscapeView: PictureFamily {
    static let viewName = "landscape"
    static let sentences = [
        "compare_landscape.gif": "Every variant's path on one loss surface (the training loss over the plane of their paths' first two principal components, through the first variant's final parameters), in step, each in its own colour.",
        "compare_landscape_epoch_EPOCH.png": "The variants' paths on one loss surface up to epoch EPOCH.",
        "compare_landscape.png": "The variants' whole paths on one loss surface.",
    ]

    /// One variant's path on the plane.
    struct Walk: Sendable {
        let label: String
        let color: UInt8
        let start: (alpha: Double, beta: Double)?
        /// Its recorded frames' epochs and their points.
        let epochs: [Int]
        let points: [(alpha: Double, beta: Double)]
    }

    let walks: [Walk]
    let panel: LandscapePanel
    let template: Canvas
    let side: Int

    init?(subject: ComparisonSubject) throws {
        guard Self.problem(with: subject) == nil else { return nil }
        let members = Self.drawn(subject)
        let first = members[0]
        var networks: [[Network<Float>]] = [], starts: [Network<Float>?] = []
        for member in members {
            let store = member.store
            networks.append(try member.frames.map { epoch in
                guard let record = try store.epoch(epoch) else { throw FrameStoreError(path: store.path, "epoch \(epoch) disappeared while drawing") }
                return try RunRecorder.network(of: record, in: store)
            })
            starts.append(store.run.initialParameters.isEmpty ? nil
                          : try RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters"))
        }
        let flat = { (network: Network<Float>) in network.parameters.flatMap(\.elements) }
        let final = networks[0][networks[0].count - 1]
        let kind = subject.pictures.landscapePlane
        let everyPoint = zip(starts, networks).flatMap { start, path in (start.map { [flat($0)] } ?? []) + path.map(flat) }
        let planeOrNil = kind == .trajectory ? LandscapePlane.trajectory(everyPoint, center: flat(final))
            : LandscapePlane.random(at: flat(final), layerSizes: final.sizes)
        guard let plane = planeOrNil else { return nil }
        walks = members.indices.map { index in
            Walk(label: members[index].variant.label, color: Palette.classColor(index + 1), start: starts[index].map { plane.coordinates(of: flat($0)) },
                 epochs: members[index].frames, points: networks[index].map { plane.coordinates(of: flat($0)) })
        }
        let (rows, evaluator) = LossLandscape.trainingLoss(of: final, data: first.store.run.dataset, scene: first.scene)
        let (alpha, beta) = LossLandscape.extent(of: walks.flatMap { $0.points + ($0.start.map { [$0] } ?? []) }, kind: kind,
                                                 gridSize: subject.pictures.landscapeGrid)
        let loss = LossLandscape.surface(plane, alpha: alpha, beta: beta, evaluator: evaluator)
        side = subject.panelSide * 3 / 2
        panel = LandscapePanel(frame: Rect(x: 0, y: 0, width: side, height: side), domain: LossLandscape.domain(alpha: alpha, beta: beta),
                               axisNames: kind == .trajectory ? ("α: PC 1", "β") : ("α", "β"), font: subject.font, bold: subject.bold,
                               captionRows: 3)
        let (low, high, logScale) = LossLandscape.colourScale(of: loss)
        template = Canvas(width: side, height: side)
        let planeLine = switch kind {
        case .trajectory:
            String(format: "PCA of the %d paths, centred on %@'s end: α %.1f %%, β %.1f %% of the variance", walks.count,
                   first.variant.label, 100 * (plane.explainedVarianceRatio?[0] ?? 0), 100 * (plane.explainedVarianceRatio?[1] ?? 0))
        case .random:
            "Two random directions (seed \(LandscapePlane.seed)), filter-normalised, through \(first.variant.label)'s final parameters"
        }
        let trainingCount = first.store.run.dataset.isTest.filter { !$0 }.count
        let examples = rows.count < trainingCount ? "a stratified sample of \(rows.count) of \(trainingCount)" : "all \(trainingCount)"
        let diverged = subject.members.filter { $0.divergedAt != nil }.map(\.variant.label)
        let lossLine = String(format: "Training loss on %@ training examples; contours on a %@ scale %.3g … %.3g", examples,
                              logScale ? "log" : "linear", low, high) + (diverged.isEmpty ? "" : " · diverged, not drawn: " + diverged.joined(separator: ", "))
        panel.drawBackground(on: template, values: LossLandscape.topDown(loss, columns: alpha.count), columns: alpha.count,
                             rows: beta.count, low: low, high: high, logScale: logScale, caption: [planeLine, lossLine])
        panel.drawLegend(walks.map { ($0.label, $0.color) }, row: 2, on: template)
    }

    /// The variants drawn: those that did not diverge.
    static func drawn(_ subject: ComparisonSubject) -> [ComparisonSubject.Member] {
        subject.members.filter { $0.divergedAt == nil }
    }

    /// Why the comparison has no common landscape, or nil when it has one.
    static func problem(with subject: ComparisonSubject) -> String? {
        let members = drawn(subject)
        guard let first = members.first, members.allSatisfy({ $0.store.run.model == .network }) else {
            return "compare_landscape.gif needs variants that stored parameters and did not all diverge; skipping it"
        }
        let (architecture, data) = (first.store.run.architecture, first.store.run.dataset)
        guard members.allSatisfy({ $0.store.run.architecture == architecture && $0.store.run.dataset == data }) else {
            return "the variants differ in their network, loss or data, so they share no loss surface; skipping compare_landscape.gif (each variant's own: flipbook render DIR/VARIANT --views landscape)"
        }
        guard members.allSatisfy({ $0.frames.count >= 2 }), data.isTest.contains(false) else {
            return "compare_landscape.gif needs every variant to record at least two epochs on training examples it keeps; skipping it"
        }
        let grid = Double(subject.pictures.landscapeGrid)
        let work = grid * grid * Double(min(data.isTest.filter { !$0 }.count, LossLandscape.maximumSamples)) * Double(architecture.parameterCount)
        let asked = subject.pictures.views?.contains { $0.rawValue == viewName } ?? false
        if !asked, work > LandscapeView.defaultWork {
            return String(format: "the variants' common loss landscape would take %.2g multiply-adds: it is drawn only when asked for (--views landscape)", work)
        }
        return nil
    }

    static func reasonNotDrawn(for subject: ComparisonSubject, asked: Bool) -> String? {
        problem(with: subject).flatMap { asked || $0.contains("multiply-adds") ? $0 : nil }
    }

    var animation: AnimationShape? { AnimationShape(name: "compare_landscape.gif", width: side, height: side) }
    var keyStillStem: String? { "compare_landscape" }

    func frame(_ drawn: ComparisonFrame) -> Canvas {
        draw(upTo: drawn.frame.epoch, title: "Loss landscape · " + drawn.header.prefix(1).lowercased() + drawn.header.dropFirst())
    }

    /// The panel with each path up to its last frame at or before `epoch` (nil: only the starts).
    private func draw(upTo epoch: Int?, title: String) -> Canvas {
        let canvas = Canvas(width: side, height: side)
        canvas.copyPixels(from: template)
        let paths = walks.map { walk in
            let shown = epoch.map { epoch in walk.epochs.lastIndex { $0 <= epoch }.map { walk.points[...$0] } ?? [] } ?? []
            let points = (walk.start.map { [$0] } ?? []) + shown
            return LandscapePanel.Path(points: points.map { (x: $0.alpha, y: $0.beta) }, color: walk.color)
        }
        panel.drawFrame(on: canvas, paths: paths, title: title)
        return canvas
    }

    /// `compare_landscape.png`: the whole paths.
    func finalStills(of subject: ComparisonSubject, last: ComparisonFrame?) throws -> [Still] {
        let lastEpoch = subject.epochs.last ?? 0
        return [Still(name: "compare_landscape.png", canvas: draw(upTo: lastEpoch, title: "Loss landscape · \(walks.count) variants, epochs 0…\(lastEpoch)"),
                      detail: "\(walks.count) variants' whole paths")]
    }
}
