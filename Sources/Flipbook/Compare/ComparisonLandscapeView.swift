import Foundation
import FrameStore
import Neural
import Render

/// `compare_landscape.gif`: the variants of a comparison on loss surfaces. Variants of the same
/// network, loss and data (learning rates, optimizers, batch sizes, schedules) share one
/// surface: the plane of the first two principal components of all their paths together,
/// centred on the first one's final parameters, each path in its own colour, in step. Variants
/// of other shapes (`--vary hidden=4,16`) get a panel of their own, side by side. Its stills at
/// the key epochs and `compare_landscape.png` with the whole paths.
struct ComparisonLandscapeView: PictureFamily {
    static let viewName = "landscape"
    static let sentences = [
        "compare_landscape.gif": "Every variant's path on a loss surface (the training loss over the plane of the first two principal components of the paths of the variants sharing its network, through the first one's final parameters), in step, each in its own colour; variants of another network on a panel of their own.",
        "compare_landscape_epoch_EPOCH.png": "The variants' paths on their loss surfaces up to epoch EPOCH.",
        "compare_landscape.png": "The variants' whole paths on their loss surfaces.",
    ]

    /// One variant's path on its surface's plane.
    struct Walk: Sendable {
        let label: String
        let color: UInt8
        let start: (alpha: Double, beta: Double)?
        /// Its recorded frames' epochs and their points.
        let epochs: [Int]
        let points: [(alpha: Double, beta: Double)]
    }

    /// The variants of one network, loss and data on one plane: their walks, and the panel with its surface drawn.
    struct Surface: Sendable {
        let walks: [Walk]
        let panel: LandscapePanel
        let template: Canvas
        /// What the panel's title names when there are several surfaces: the network.
        let name: String
    }

    let surfaces: [Surface]
    /// Each panel's side, and the panels per row.
    let side: Int
    let columns: Int

    /// Every variant's walks, in the order of the variants.
    var walks: [Walk] { surfaces.flatMap(\.walks) }

    init?(subject: ComparisonSubject) throws {
        guard Self.problem(with: subject) == nil else { return nil }
        let groups = Self.groups(Self.drawn(subject))
        columns = groups.count <= 3 ? groups.count : groups.count == 4 ? 2 : 3
        side = groups.count <= 2 ? subject.panelSide * 3 / 2 : subject.panelSide
        var surfaces: [Surface] = []
        for group in groups {
            // Each panel's paths take the colours in the same order: with two settings varied,
            // the variants that differ only in shape have the same colour in every panel.
            let colours = group.indices.map(Self.pathColor)
            guard let surface = try Self.surface(of: group, colours: colours, subject: subject, side: side, named: groups.count > 1) else { continue }
            surfaces.append(surface)
        }
        guard !surfaces.isEmpty else { return nil }
        self.surfaces = surfaces
    }

    /// The colour of the `index`th variant's path: Petroff's colours but blue (the surface's)
    /// and red (the single run's marker of the current point), so that no path looks like either.
    static func pathColor(_ index: Int) -> UInt8 {
        let order = [1, 4, 5, 8, 7, 6, 3, 9]
        return Palette.classColor(order[index % order.count])
    }

    /// The surface of `members` (one network, loss and data): the plane of all their paths,
    /// read a block at a time, centred on the first one's final parameters, in a panel of `side`.
    static func surface(of members: [ComparisonSubject.Member], colours: [UInt8], subject: ComparisonSubject, side: Int,
                        named: Bool) throws -> Surface? {
        let first = members[0]
        let firstStore = first.store
        guard let lastEpoch = first.frames.last, let lastRecord = try firstStore.epoch(lastEpoch) else { return nil }
        let final = try RunRecorder.network(of: lastRecord, in: firstStore)
        let center = final.parameters.flatMap(\.elements)
        var points: [ParameterPath.Point] = []
        var ranges: [(start: Int?, frames: Range<Int>)] = []
        for member in members {
            let store = member.store
            let start = store.run.initialParameters.isEmpty ? nil : points.count
            if start != nil { points.append(.initial(store)) }
            let from = points.count
            points += member.frames.map { .frame(store, Moment(epoch: $0)) }
            ranges.append((start, from..<points.count))
        }
        let path = ParameterPath(points: points)
        let kind = subject.pictures.landscapePlane
        let planeOrNil = kind == .trajectory ? try LandscapePlane.trajectory(path, center: center)
            : LandscapePlane.random(at: center, layerSizes: final.sizes)
        guard let plane = planeOrNil else { return nil }
        let coordinates = try plane.coordinates(along: path)
        let walks = members.indices.map { index in
            Walk(label: members[index].variant.label, color: colours[index], start: ranges[index].start.map { coordinates[$0] },
                 epochs: members[index].frames, points: Array(coordinates[ranges[index].frames]))
        }
        let (rows, evaluator) = LossLandscape.trainingLoss(of: final, data: firstStore.run.dataset, scene: first.scene)
        let (alpha, beta) = LossLandscape.extent(of: coordinates, kind: kind, gridSize: subject.pictures.landscapeGrid)
        let loss = LossLandscape.surface(plane, alpha: alpha, beta: beta, evaluator: evaluator)
        let panel = LandscapePanel(frame: Rect(x: 0, y: 0, width: side, height: side), domain: LossLandscape.domain(alpha: alpha, beta: beta),
                                   axisNames: kind == .trajectory ? ("α: PC 1", "β") : ("α", "β"), font: subject.font, bold: subject.bold,
                                   captionRows: 3)
        let (low, high, logScale) = LossLandscape.colourScale(of: loss)
        let template = Canvas(width: side, height: side)
        let planeLine = switch kind {
        case .trajectory:
            String(format: "PCA of %@: α %.1f %%, β %.1f %% of the variance",
                   walks.count == 1 ? "the path, centred on its end" : "the \(walks.count) paths, centred on the first's end",
                   100 * (plane.explainedVarianceRatio?[0] ?? 0), 100 * (plane.explainedVarianceRatio?[1] ?? 0))
        case .random:
            "Two random directions (seed \(LandscapePlane.seed)), filter-normalised, through the first's final parameters"
        }
        let data = firstStore.run.dataset
        let examples = rows.count < data.trainedOn ? "a stratified sample of \(rows.count) of \(data.trainedOn)" : "all \(data.trainedOn)"
        let architecture = firstStore.run.architecture
        let diverged = subject.members.filter { $0.divergedAt != nil && $0.store.run.architecture == architecture }.map(\.variant.label)
        let lossLine = String(format: "Training loss on %@ training examples · %@ scale %.3g … %.3g", examples,
                              logScale ? "log" : "linear", low, high) + (diverged.isEmpty ? "" : " · diverged, not drawn: " + diverged.joined(separator: ", "))
        panel.drawBackground(on: template, values: LossLandscape.topDown(loss, columns: alpha.count), columns: alpha.count,
                             rows: beta.count, low: low, high: high, logScale: logScale, caption: [planeLine, lossLine])
        panel.drawLegend(walks.map { ($0.label, $0.color) }, row: 2, on: template)
        return Surface(walks: walks, panel: panel, template: template, name: named ? "Network \(architecture)" : "")
    }

    /// The variants drawn: those that did not diverge.
    static func drawn(_ subject: ComparisonSubject) -> [ComparisonSubject.Member] {
        subject.members.filter { $0.divergedAt == nil }
    }

    /// `members` grouped by network, loss and data, in the order each group first appears.
    static func groups(_ members: [ComparisonSubject.Member]) -> [[ComparisonSubject.Member]] {
        var groups: [[ComparisonSubject.Member]] = []
        for member in members {
            let run = member.store.run
            if let index = groups.firstIndex(where: { $0[0].store.run.architecture == run.architecture && $0[0].store.run.dataset == run.dataset }) {
                groups[index].append(member)
            } else {
                groups.append([member])
            }
        }
        return groups
    }

    /// Why the comparison has no landscape, or nil when it has one.
    static func problem(with subject: ComparisonSubject) -> String? {
        let members = drawn(subject)
        guard !members.isEmpty, members.allSatisfy({ $0.store.run.model == .network }) else {
            return "compare_landscape.gif needs variants that stored parameters and did not all diverge; skipping it"
        }
        guard members.allSatisfy({ $0.frames.count >= 2 && $0.store.run.dataset.isTest.contains(false) }) else {
            return "compare_landscape.gif needs every variant to record at least two epochs on training examples it keeps; skipping it"
        }
        let grid = Double(subject.pictures.landscapeGrid)
        let work = groups(members).reduce(0.0) { total, group in
            let run = group[0].store.run
            return total + grid * grid * Double(min(run.dataset.trainingRows.count, LossLandscape.maximumSamples)) * Double(run.architecture.parameterCount)
        }
        let asked = subject.pictures.views?.contains { $0.rawValue == viewName } ?? false
        if !asked, work > LandscapeView.defaultWork {
            return String(format: "the variants' loss landscapes would take %.2g multiply-adds: they are drawn only when asked for (--views landscape)", work)
        }
        return nil
    }

    static func reasonNotDrawn(for subject: ComparisonSubject, asked: Bool) -> String? {
        problem(with: subject).flatMap { asked || $0.contains("multiply-adds") ? $0 : nil }
    }

    var animation: AnimationShape? {
        AnimationShape(name: "compare_landscape.gif", width: columns * side, height: (surfaces.count + columns - 1) / columns * side)
    }
    var keyStillStem: String? { "compare_landscape" }

    func frame(_ drawn: ComparisonFrame) -> Canvas {
        draw(upTo: drawn.frame.epoch, title: drawn.header.prefix(1).lowercased() + drawn.header.dropFirst())
    }

    /// The panels with each path up to its last frame at or before `epoch` (nil: only the
    /// starts), each titled with its network (when there are several) and `title`.
    private func draw(upTo epoch: Int?, title: String) -> Canvas {
        let canvas = Canvas(width: columns * side, height: (surfaces.count + columns - 1) / columns * side)
        canvas.fill(canvas.bounds, Palette.background)
        for (index, surface) in surfaces.enumerated() {
            let panel = Canvas(width: side, height: side)
            panel.copyPixels(from: surface.template)
            let paths = surface.walks.map { walk in
                let shown = epoch.map { epoch in walk.epochs.lastIndex { $0 <= epoch }.map { walk.points[...$0] } ?? [] } ?? []
                let points = (walk.start.map { [$0] } ?? []) + shown
                return LandscapePanel.Path(points: points.map { (x: $0.alpha, y: $0.beta) }, color: walk.color)
            }
            surface.panel.drawFrame(on: panel, paths: paths, title: (surface.name.isEmpty ? "Loss landscape" : surface.name) + " · " + title)
            canvas.paste(panel, at: index % columns * side, index / columns * side)
        }
        return canvas
    }

    /// `compare_landscape.png`: the whole paths.
    func finalStills(of subject: ComparisonSubject, last: ComparisonFrame?) throws -> [Still] {
        let lastEpoch = subject.epochs.last ?? 0
        let count = walks.count
        let title = (surfaces.count == 1 ? "\(count) variants, " : "") + "epochs 0…\(lastEpoch)"
        return [Still(name: "compare_landscape.png", canvas: draw(upTo: lastEpoch, title: title),
                      detail: "\(count) variants' whole paths" + (surfaces.count > 1 ? " on \(surfaces.count) surfaces" : ""))]
    }
}
