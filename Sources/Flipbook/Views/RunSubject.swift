import Foundation
import FrameStore
import Neural
import Render

/// One run as its picture families draw it, from its frame store alone: the scene, the recorded
/// frames, the models they show, and the parts several families share — the data panel
/// (boundary, fitted curve or image predictions), the loss chart, and the inside of the network
/// (its survey and each frame's passes through it).
struct RunSubject: DrawingSubject {
    var directory: RunDirectory
    let store: FrameStoreReader
    let scene: RunScene
    var pictures: PictureSettings
    let keyEpochs: [Int]
    /// The key epochs' places in the scene's timeline, for the charts' annotations.
    let keyIndices: [Int]
    /// The recorded frames' places in the scene's timeline (without snapshots inside epochs,
    /// their epochs), in training order.
    let positions: [Int]
    let font: Font
    let bold: Font
    /// The data panel, when the data has one.
    let panel: PanelView?
    /// The loss chart (and the accuracy chart under it, for images).
    let metrics: MetricsView
    /// The network diagram and the hidden space with what they share, when asked for and applicable.
    let inside: InsideViews?
    /// How far the picture moves between recorded frames, measured once when first needed.
    let movement: MovementCache
    /// What a family computes once per run (the loss landscape), kept when the run is drawn again smaller.
    let computed: RunComputations

    /// The subject of the run in `store` (opened, so checked) drawn as `pictures` asks, with
    /// stills at `keyEpochs` (each recorded: `Pipeline.resolvedKeyEpochs`).
    init(directory: RunDirectory, store: FrameStoreReader, pictures: PictureSettings, keyEpochs: [Int], plane: DataPlane? = nil) throws {
        let scene = RunScene(run: store.run, metrics: store.metrics, timeline: store.timeline, plane: plane)
        try self.init(directory: directory, store: store, scene: scene, pictures: pictures, keyEpochs: keyEpochs,
                      positions: store.frameMoments.compactMap(scene.index(of:)), movement: MovementCache(), computed: RunComputations())
    }

    private init(directory: RunDirectory, store: FrameStoreReader, scene: RunScene, pictures: PictureSettings, keyEpochs: [Int],
                 positions: [Int], movement: MovementCache, computed: RunComputations) throws {
        (self.directory, self.store, self.scene, self.pictures, self.keyEpochs) = (directory, store, scene, pictures, keyEpochs)
        (self.positions, self.movement, self.computed) = (positions, movement, computed)
        keyIndices = keyEpochs.compactMap(scene.index(ofEpoch:))
        font = try Font.locate()
        bold = try Font.locate(Font.boldFileName)
        panel = PanelView(scene: scene, size: pictures.size, font: font, bold: bold)
        metrics = MetricsView(scene: scene, size: pictures.size, font: font, bold: bold)
        inside = try InsideViews(scene: scene, store: store, frames: store.frameEpochs, pictures: pictures, font: font, bold: bold)
    }

    func resized(to size: Int) throws -> RunSubject {
        var pictures = self.pictures
        pictures.size = size
        return try RunSubject(directory: directory, store: store, scene: scene, pictures: pictures, keyEpochs: keyEpochs,
                              positions: positions, movement: movement, computed: computed)
    }

    /// Draws every picture the settings ask for; returns the files written, each said on `progress`.
    func render(progress: ProgressReporter) throws -> [WrittenFile] {
        guard !positions.isEmpty else {
            progress.note("no epoch with parameters was recorded: nothing to draw")
            return []
        }
        let written = try Drawing(subject: self, notes: progress).render(progress: progress)
        for file in written { progress.wrote(file.name, file.detail) }
        return written
    }

    // MARK: Frames

    var recorded: [Frame] { positions.map(frame(at:)) }

    var opening: [Frame] { untrainedNetwork() == nil ? [] : [.beforeTraining] }

    var drawnSize: Int { pictures.size }
    var smallestSize: Int { min(pictures.size, SizeBudget.smallestSize) }

    /// The frame of timeline record `position`.
    func frame(at position: Int) -> Frame {
        .recorded(Moment(epoch: scene.timeline[position].epoch, step: scene.timeline[position].step))
    }

    /// `count` of the recorded frames (all when they are no more), always the first, the key
    /// epochs and the last, spaced by how far the picture moved (`FrameChoice`).
    func chosenFrames(_ count: Int) throws -> [Frame] {
        guard count < positions.count else { return recorded }
        let movement = try self.movement.values {
            store.run.model == .field ? try storedFieldMovement(of: positions)
                : try PictureChange(scene: scene).movement(of: positions, scene: scene, networks: networks(at:))
        }
        let place = Dictionary(positions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let required = Set(keyIndices.compactMap { place[$0] })
        return FrameChoice.indices(count: count, movement: movement, required: required).map { frame(at: positions[$0]) }
    }

    func drawing(_ frame: Frame, clock: ProgressReporter) throws -> RunFrame {
        switch frame {
        case .beforeTraining:
            guard let network = untrainedNetwork() else { throw FrameStoreError(path: store.path, "keeps no untrained network") }
            return RunFrame(subject: self, model: .network(network), position: nil, epoch: 0, title: "Before training", clock: clock)
        case .recorded(let moment):
            guard let position = scene.index(of: moment) else { throw FrameStoreError(path: store.path, "has no record of \(moment)") }
            let model = try clock.timing("frames: the models read from the store") { try self.model(at: position) }
            return RunFrame(subject: self, model: model, position: position, epoch: moment.epoch, title: scene.title(at: position),
                            clock: clock)
        }
    }

    func renderingStage() -> String { "rendering" }

    func renderedSummary(shown: Int, seconds: Double) -> String {
        String(format: "rendered %d of %d recorded epochs in %.2f s", shown, positions.count, seconds)
    }

    func budgetNote(_ name: String, shown: Int, budget: Int) -> String {
        "\(name): \(shown) of \(positions.count) recorded epochs at \(pictures.size) px, within \(SizeBudget.describe(budget))"
    }

    func smallestDrawing(frames: Int) -> String {
        "this run can make (\(frames) frames at \(smallestSize) pixels)"
    }

    // MARK: Models

    /// The network before its first update, when the animations open with it (`--first-frame
    /// untrained`) and the store keeps it (stores of schema 2 on, of runs Flipbook trained).
    func untrainedNetwork() -> Network<Float>? {
        guard pictures.firstFrame == .untrained, store.run.model == .network, !store.run.initialParameters.isEmpty else { return nil }
        return try? RunRecorder.network(store.run.initialParameters, in: store, at: "run.initial_parameters")
    }

    /// The networks of timeline records `indices`, read from the store in one go.
    func networks(at indices: [Int]) throws -> [Network<Float>] {
        try models(at: indices).map { model in
            guard let network = model.network else { throw FrameStoreError(path: store.path, "holds fields, not networks") }
            return network
        }
    }

    /// The model recorded at timeline record `index` (a frame of the checked store): its network, or its field.
    func model(at index: Int) throws -> FrameModel {
        try models(at: [index])[0]
    }

    /// The models recorded at timeline records `indices`, read from the store in one go.
    func models(at indices: [Int]) throws -> [FrameModel] {
        let moments = indices.map { Moment(epoch: scene.timeline[$0].epoch, step: scene.timeline[$0].step) }
        return try zip(moments, store.records(at: moments)).map { moment, record in
            guard let record else { throw FrameStoreError(path: store.path, "\(moment) disappeared while drawing") }
            return try scene.model(of: record, in: store)
        }
    }

    /// For each frame of a field run, how far its stored field moved since the frame before (0
    /// for the first): the mean absolute change on every `PictureChange.gridStep`-th grid point.
    func storedFieldMovement(of positions: [Int]) throws -> [Double] {
        var previous: [Float] = []
        return try positions.map { index in
            guard case .field(let field?, _) = try model(at: index) else { return 0 }
            let step = PictureChange.gridStep, side = field.columns, k = field.channels
            var probe: [Float] = []
            for y in stride(from: 0, to: side, by: step) {
                for x in stride(from: 0, to: side, by: step) {
                    let point = (y * side + x) * k
                    probe += field.values[point..<(point + k)]
                }
            }
            defer { previous = probe }
            return previous.isEmpty ? 0 : PictureChange.distance(previous, probe)
        }
    }

    /// The last recorded frame's place in the timeline.
    var lastPosition: Int { positions.last ?? 0 }
}

/// One frame of a run being drawn: its model and title, and the parts several families use —
/// the passes through the network, the data panel and the loss chart — each drawn once, when
/// a family first asks for it. A frame is drawn by one thread.
final class RunFrame: @unchecked Sendable {
    let subject: RunSubject
    let model: FrameModel
    /// The frame's place in the timeline; nil before training.
    let position: Int?
    let epoch: Int
    let title: String
    /// Where the shared parts' drawing time goes (`--timings`).
    let clock: ProgressReporter

    init(subject: RunSubject, model: FrameModel, position: Int?, epoch: Int, title: String, clock: ProgressReporter) {
        (self.subject, self.model, self.position, self.epoch, self.title, self.clock) = (subject, model, position, epoch, title, clock)
    }

    /// The passes through the network the inside views need (the panel draws from them too).
    private(set) lazy var probes: InsideViews.Probes? = clock.timing("frames: passes through the network (shared)") {
        model.network.flatMap { subject.inside?.probes($0) }
    }

    /// The data panel and the mistakes it rings, when the data has one.
    private(set) lazy var panel: (canvas: Canvas, mistakes: Mistakes)? = subject.panel.map { view in
        let probes = self.probes
        return clock.timing("frames: the data panel (shared)") {
            let canvas = Canvas(width: subject.pictures.size, height: subject.pictures.size)
            let mistakes = if let probes, let network = model.network {
                view.draw(network: network, probes: probes, epoch: epoch, title: title, on: canvas)
            } else {
                view.draw(model: model, epoch: epoch, title: title, on: canvas)
            }
            return (canvas, mistakes)
        }
    }

    /// The loss chart up to this frame (empty before training).
    private(set) lazy var metrics: Canvas = clock.timing("frames: the loss chart (shared)") {
        position.map { subject.metrics.draw(upTo: $0, keySteps: subject.keyIndices) } ?? subject.metrics.template
    }
}

/// How far the picture moves between recorded epochs, measured once by whoever first needs it.
final class MovementCache: @unchecked Sendable {
    private let lock = NSLock()
    private var measured: [Double]?

    /// The movement, measured by `measure` the first time.
    func values(_ measure: () throws -> [Double]) throws -> [Double] {
        try lock.withLock {
            if let measured { return measured }
            let values = try measure()
            measured = values
            return values
        }
    }
}

/// What picture families compute once per run, by name, for every drawing of the run (a byte
/// budget draws it again at a smaller size): made by whoever first asks, under a lock.
final class RunComputations: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]

    /// The value called `name`, made by `make` the first time.
    func value<Value: Sendable>(_ name: String, _ make: () throws -> Value) throws -> Value {
        try lock.withLock {
            if let stored = values[name], let value = stored as? Value { return value }
            let value = try make()
            values[name] = value
            return value
        }
    }
}
