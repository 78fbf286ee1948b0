import Datasets
import Foundation
import FrameStore
import LinearAlgebra
import Neural
import Render

/// What every frame of a run shares, read from its frame store: the data in plane coordinates,
/// the network inputs for the samples and for the field grid, the loss series, and the view.
/// Pure data: it knows nothing of pixels.
struct RunScene: Sendable {
    /// How the data is drawn.
    enum Kind: Sendable, Equatable {
        /// Two features and classes: decision-boundary pictures.
        case boundary
        /// One feature, real targets: fitted-curve pictures.
        case curve
        /// Images with classes: a grid of test images with their predictions.
        case images
        /// Anything else: loss pictures only.
        case lossOnly
    }

    let kind: Kind
    let architecture: Architecture
    let classNames: [String]
    /// Samples in data units, with their class (or 0) and split flag.
    let points: [ScatterPoint]
    /// Class labels, for misclassification marks.
    let labels: [Int]
    /// Sample inputs as the network sees them (standardised). For image data, `labels` and
    /// `inputs` are the stored test images' only (the training images are the loss landscape's).
    let inputs: Matrix<Float>
    /// The points the pictures draw (all, or a fixed sample of many: `PointSample`).
    let sample: PointSample
    /// The drawn points' rows of `inputs` (the passes of each frame go over these alone).
    let shownInputs: Matrix<Float>
    /// The plane shown.
    let domain: PlaneRect
    /// Grid points of the field, standardised, for the boundary view.
    let gridInputs: Matrix<Float>
    /// x positions of the fitted curve (data units) and their standardised inputs, for the curve view.
    let curveX: [Double]
    let curveInputs: Matrix<Float>
    /// Every recorded epoch's metrics (the ends of epochs).
    let metrics: [EpochRecord]
    /// Every record in training order: the ends of epochs and, in a run recording every K steps,
    /// the snapshots between them. The loss charts and the frames count along it; without
    /// snapshots inside epochs it is `metrics`, and an index in it is an epoch.
    let timeline: [EpochRecord]
    /// Each timeline record's place in it, by the moment it was recorded at.
    let timelineIndex: [Moment: Int]
    /// The images the grid of predictions shows (image data), and their rows among the samples.
    let images: [GreyImage]
    let shownImageRows: [Int]
    /// The shown images' rows of `inputs` (the grid's predictions need no other row).
    let shownImageInputs: Matrix<Float>
    /// Regression reports R² instead of accuracy.
    var isRegression: Bool { !architecture.loss.isClassification }
    /// Rows the network evaluates at once: a stored layer may be 2²⁰ units wide, and a forward
    /// pass over all of the grid at that width would need tens of gigabytes.
    let rowsPerPass: Int

    /// Grid points across (and down) the field Flipbook evaluates a network on.
    static let gridSize = 96
    /// Grid points across (and down) this run's field: the stored grid's, or `gridSize`.
    let fieldSize: Int
    /// Outputs per grid point of a stored field (a field run), else 0.
    let storedFieldOutputs: Int
    /// True for a run recorded by another trainer (`flipbook_record`).
    let isRecordedElsewhere: Bool
    /// Optimizer steps per epoch of a run with snapshots inside epochs, else nil.
    let stepsPerEpoch: Int?
    /// The plane data of more than two features is drawn on (nil: the data's own two features).
    let plane: DataPlane?
    /// The features' names (`x1 … xd` when the data names none).
    let featureNames: [String]
    /// The boundary panel's axes: the two features' names, or the plane's axes.
    var axisNames: (String, String) {
        plane?.axisNames ?? (DataPlane.shownName(featureNames.first ?? "x1"), DataPlane.shownName(featureNames.dropFirst().first ?? "x2"))
    }

    /// The scene of `run`, drawn on `plane` when its data has more than two features (see
    /// `DataPlane.resolve`; nil leaves such data to its loss pictures), over `domain` when given
    /// (a comparison's panels share one; a stored field's grid keeps its own).
    init(run: StoredRun, metrics: [EpochRecord], timeline: [EpochRecord]? = nil, plane: DataPlane? = nil, domain shared: PlaneRect? = nil) {
        let storedKind = Self.kind(of: run.dataset, regression: !run.architecture.loss.isClassification, model: run.model)
        // Image pictures show test images only; the training images a store keeps are the loss landscape's.
        let data = storedKind == .images ? run.dataset.rows(run.dataset.testRows) : run.dataset
        architecture = run.architecture
        classNames = data.classNames
        self.metrics = metrics
        self.timeline = timeline ?? metrics
        timelineIndex = Dictionary(self.timeline.enumerated().map { (Moment(epoch: $1.epoch, step: $1.step), $0) }) { first, _ in first }
        let features = Matrix(rows: data.count, columns: data.featureCount, elements: data.features)
        let standardization = Standardization(mean: data.mean, deviation: data.deviation)
        inputs = standardization.apply(features)
        labels = data.labels.map(Int.init)
        rowsPerPass = max(1, (1 << 22) / max(1, run.architecture.layerSizes.max() ?? 1))
        let plane = data.featureCount == 2 ? nil : plane
        let drawsPlane = plane != nil && run.architecture.loss.isClassification && !(data.kind == .image && data.imageSize != nil)
        kind = drawsPlane ? .boundary : storedKind
        shownImageRows = kind == .images ? Self.shownImageRows(of: data) : []
        images = Self.images(of: data, rows: shownImageRows)
        shownImageInputs = inputs.gatheringRows(shownImageRows)
        fieldSize = run.fieldGrid?.size ?? Self.gridSize
        storedFieldOutputs = run.model == .field ? run.architecture.outputSize : 0
        isRecordedElsewhere = run.recordedBy != StoredRun.flipbook
        stepsPerEpoch = run.stepsPerEpoch
        featureNames = data.featureNames ?? Dataset.featureNames(count: data.featureCount)
        self.plane = drawsPlane ? plane : nil
        (points, domain, gridInputs, curveX, curveInputs) = if drawsPlane, let plane {
            Self.planeGeometry(of: data, inputs: inputs, plane: plane, grid: run.fieldGrid, domain: shared)
        } else {
            switch kind {
            case .boundary: Self.boundaryGeometry(of: data, standardization, grid: run.fieldGrid, domain: shared)
            case .curve: Self.curveGeometry(of: data, standardization)
            case .images, .lossOnly:
                ([], PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1), Matrix(rows: 0, columns: 2), [], Matrix(rows: 0, columns: 1))
            }
        }
        sample = PointSample(points: kind == .boundary ? points : [])
        shownInputs = kind == .boundary && !sample.isEverything ? inputs.gatheringRows(sample.rows) : inputs
    }

    /// How `data` is drawn: images, a boundary (two features, classes), a curve (one feature,
    /// real targets), or only its loss.
    static func kind(of data: StoredDataset, regression: Bool, model: StoredRun.Model = .network) -> Kind {
        if model == .field { return data.featureCount == 2 && !regression ? .boundary : .lossOnly }
        if data.kind == .image, data.imageSize != nil { return .images }
        if data.featureCount == 2, !regression { return .boundary }
        if data.featureCount == 1, regression { return .curve }
        return .lossOnly
    }

    /// The images the grid shows, as places among the stored test images: the first
    /// `RunRecorder.imagesPerClass` of each class, in stored order (a store keeps them first).
    static func shownImageRows(of data: StoredDataset) -> [Int] {
        var counts: [Int: Int] = [:]
        let labels = data.testRows.map { data.labels[$0] }
        return labels.indices.filter { row in
            let label = Int(labels[row])
            counts[label, default: 0] += 1
            return counts[label, default: 0] <= RunRecorder.imagesPerClass
        }
    }

    /// The stored images of `rows`.
    static func images(of data: StoredDataset, rows: [Int]) -> [GreyImage] {
        guard let size = data.imageSize else { return [] }
        return rows.map { i in
            GreyImage(width: size.width, height: size.height,
                      values: Array(data.features[(i * data.featureCount)..<((i + 1) * data.featureCount)]))
        }
    }

    /// What the drawing of a run's plane needs: its points, the rectangle shown, the field's grid
    /// inputs (boundary view) and the curve's x positions with their inputs (curve view).
    typealias Geometry = (points: [ScatterPoint], domain: PlaneRect, gridInputs: Matrix<Float>, curveX: [Double], curveInputs: Matrix<Float>)

    /// The boundary view: the points by class, the stored grid's rectangle (or a square around
    /// the points), and the field's grid.
    static func boundaryGeometry(of data: StoredDataset, _ standardization: Standardization, grid stored: FieldGrid? = nil,
                                 domain shared: PlaneRect? = nil) -> Geometry {
        let points = (0..<data.count).map { i in
            ScatterPoint(x: Double(data.features[2 * i]), y: Double(data.features[2 * i + 1]),
                         classIndex: Int(data.labels[i]), isTest: data.isTest[i])
        }
        let domain = stored.map { visible(PlaneRect(minX: $0.minX, maxX: $0.maxX, minY: $0.minY, maxY: $0.maxY), square: false) }
            ?? shared ?? visible(PlaneRect.around(points.map { ($0.x, $0.y) }))
        let size = stored?.size ?? gridSize
        let grid = ValueField.gridPoints(columns: size, rows: size, domain: domain)
        let gridInputs = Matrix(rows: grid.count, columns: 2, elements: grid.flatMap { standardization.apply([Float($0.x), Float($0.y)]) })
        return (points, domain, gridInputs, [], Matrix(rows: 0, columns: 1))
    }

    /// The boundary view through `plane`: each sample at its projection, fainter the farther it
    /// lies from the plane; the stored grid's rectangle (in the plane's coordinates) or a square
    /// around the projections; the grid's points mapped to the standardised inputs they stand for.
    static func planeGeometry(of data: StoredDataset, inputs: Matrix<Float>, plane: DataPlane, grid stored: FieldGrid? = nil,
                              domain shared: PlaneRect? = nil) -> Geometry {
        let d = data.featureCount
        let points = (0..<data.count).map { i in
            let place = plane.project(inputs.elements[(i * d)..<((i + 1) * d)])
            return ScatterPoint(x: place.x, y: place.y, classIndex: Int(data.labels[i]), isTest: data.isTest[i],
                                opacity: DataPlane.opacity(distance: place.distance))
        }
        let domain = stored.map { visible(PlaneRect(minX: plane.shown($0.minX, axis: 0), maxX: plane.shown($0.maxX, axis: 0),
                                                    minY: plane.shown($0.minY, axis: 1), maxY: plane.shown($0.maxY, axis: 1)), square: false) }
            ?? shared ?? (plane.isSquare ? visible(PlaneRect.around(points.map { ($0.x, $0.y) }))
                                          : visible(aroundEachAxis(points.map { ($0.x, $0.y) }), square: false))
        let size = stored?.size ?? gridSize
        let grid = ValueField.gridPoints(columns: size, rows: size, domain: domain)
        let gridInputs = Matrix(rows: grid.count, columns: d, elements: grid.flatMap { plane.input(x: $0.x, y: $0.y) })
        return (points, domain, gridInputs, [], Matrix(rows: 0, columns: 1))
    }

    /// The rectangle around `points` with each axis spanning its own points, padded as
    /// `PlaneRect.around` pads (for a plane whose axes spread the data very differently).
    static func aroundEachAxis(_ points: [(x: Double, y: Double)], padding: Double = 0.08) -> PlaneRect {
        guard let first = points.first else { return PlaneRect(minX: -1, maxX: 1, minY: -1, maxY: 1) }
        var bounds = PlaneRect(minX: first.x, maxX: first.x, minY: first.y, maxY: first.y)
        for p in points {
            (bounds.minX, bounds.maxX) = (min(bounds.minX, p.x), max(bounds.maxX, p.x))
            (bounds.minY, bounds.maxY) = (min(bounds.minY, p.y), max(bounds.maxY, p.y))
        }
        let padX = max(bounds.maxX - bounds.minX, 1e-9) * padding, padY = max(bounds.maxY - bounds.minY, 1e-9) * padding
        return PlaneRect(minX: bounds.minX - padX, maxX: bounds.maxX + padX, minY: bounds.minY - padY, maxY: bounds.maxY + padY)
    }

    /// The curve view: the samples as (x, target), padded bounds, and 240 x positions across them.
    static func curveGeometry(of data: StoredDataset, _ standardization: Standardization) -> Geometry {
        let points = (0..<data.count).map { i in
            ScatterPoint(x: Double(data.features[i]), y: Double(data.targets[i]), classIndex: 0, isTest: data.isTest[i])
        }
        let xs = points.map(\.x), ys = points.map(\.y)
        let (minX, maxX, minY, maxY) = (xs.min() ?? -1, xs.max() ?? 1, ys.min() ?? -1, ys.max() ?? 1)
        let xPad = max(maxX - minX, 1e-6) * 0.04, yPad = max(maxY - minY, 1e-6) * 0.12
        let domain = visible(PlaneRect(minX: minX - xPad, maxX: maxX + xPad, minY: minY - yPad, maxY: maxY + yPad), square: false)
        let curveX = (0..<240).map { domain.minX + (domain.maxX - domain.minX) * Double($0) / 239 }
        let curveInputs = Matrix(rows: curveX.count, columns: 1, elements: curveX.map { standardization.apply([Float($0)])[0] })
        return (points, domain, Matrix(rows: 0, columns: 2), curveX, curveInputs)
    }

    /// The metrics of `epoch`, if recorded.
    func metrics(at epoch: Int) -> EpochRecord? {
        metrics.first { $0.epoch == epoch }
    }

    /// A plane rectangle the pictures can draw: each side at least a millionth of the coordinates'
    /// size (points far from 0 that all but coincide would otherwise leave no distinct pixel or
    /// tick), `square` keeping both sides equal.
    static func visible(_ rect: PlaneRect, square: Bool = true) -> PlaneRect {
        func least(_ low: Double, _ high: Double) -> Double { max(1e-9, 1e-6 * max(abs(low), abs(high))) }
        var width = max(rect.maxX - rect.minX, least(rect.minX, rect.maxX))
        var height = max(rect.maxY - rect.minY, least(rect.minY, rect.maxY))
        if square { (width, height) = (max(width, height), max(width, height)) }
        let cx = rect.minX / 2 + rect.maxX / 2, cy = rect.minY / 2 + rect.maxY / 2
        return PlaneRect(minX: cx - width / 2, maxX: cx + width / 2, minY: cy - height / 2, maxY: cy + height / 2)
    }

    /// The network's outputs for `inputs` (`predict`: its probabilities), at most `rowsPerPass` rows at a time.
    func outputs(of network: Network<Float>, for inputs: Matrix<Float>, predict: Bool = false) -> Matrix<Float> {
        let pass = { (x: Matrix<Float>) in predict ? network.predict(x) : network(x) }
        guard inputs.rows > rowsPerPass else { return pass(inputs) }
        var elements: [Float] = []
        elements.reserveCapacity(inputs.rows * network.outputSize)
        for start in stride(from: 0, to: inputs.rows, by: rowsPerPass) {
            let end = min(start + rowsPerPass, inputs.rows)
            let rows = Array(inputs.elements[(start * inputs.columns)..<(end * inputs.columns)])
            elements += pass(Matrix(rows: end - start, columns: inputs.columns, elements: rows)).elements
        }
        return Matrix(rows: inputs.rows, columns: network.outputSize, elements: elements)
    }

    /// The field of the network over the grid: P(class 1) for two classes, all class probabilities
    /// otherwise. A value that overflowed to NaN (huge parameters) shows as "unsure".
    func field(of network: Network<Float>) -> ValueField {
        field(probabilities: outputs(of: network, for: gridInputs, predict: true))
    }

    /// The field of the grid's class probabilities (rows as `gridInputs`), as `field(of:)` draws it.
    func field(probabilities: Matrix<Float>) -> ValueField {
        let unsure = 1 / Float(max(probabilities.columns, 2))
        return field(probabilities.elements.map { $0.isFinite ? min(max($0, 0), 1) : unsure }, outputs: probabilities.columns)
    }

    /// A field of `outputs` probabilities per grid point over the run's grid.
    func field(_ values: [Float], outputs: Int) -> ValueField {
        ValueField(columns: fieldSize, rows: fieldSize, domain: domain, kind: outputs == 1 ? .binary : .classes(outputs), values: values)
    }

    /// The field a frame shows: the network's, evaluated now, or the stored one.
    func field(of model: FrameModel) -> ValueField {
        switch model {
        case .network(let network): field(of: network)
        case .field(let field?, _): field
        case .field(nil, _): self.field(Array(repeating: 0.5, count: fieldSize * fieldSize), outputs: 1)
        }
    }

    /// The model a frame of `store` holds: its network, or its stored field (of a boundary run).
    func model(of record: EpochRecord, in store: FrameStoreReader) throws -> FrameModel {
        guard store.run.model == .field else { return .network(try RunRecorder.network(of: record, in: store)) }
        guard kind == .boundary else { return .field(nil, predicted: []) }
        guard record.field.count == fieldSize * fieldSize * storedFieldOutputs else {
            throw FrameStoreError(path: store.path, "\(Moment(epoch: record.epoch, step: record.step)): field does not fit the run's grid")
        }
        let predicted = record.predicted.count == points.count ? record.predicted : []
        return .field(field(record.field, outputs: storedFieldOutputs), predicted: predicted)
    }

    /// The class a field predicts at plane point (x, y): its values interpolated bilinearly
    /// there, then the likeliest class (P(class 1) ≥ ½ for one output).
    static func predictedClass(in field: ValueField, x: Double, y: Double) -> Int {
        let d = field.domain
        let u = min(max((x - d.minX) / (d.maxX - d.minX), 0), 1) * Double(field.columns - 1)
        let v = min(max((d.maxY - y) / (d.maxY - d.minY), 0), 1) * Double(field.rows - 1)
        guard u.isFinite, v.isFinite else { return 0 }
        let c0 = min(Int(u), field.columns - 2), r0 = min(Int(v), field.rows - 2)
        let fu = Float(u - Double(c0)), fv = Float(v - Double(r0))
        let k = field.channels
        func value(_ channel: Int) -> Float {
            func at(_ r: Int, _ c: Int) -> Float { field.values[(r * field.columns + c) * k + channel] }
            let top = at(r0, c0) * (1 - fu) + at(r0, c0 + 1) * fu
            let bottom = at(r0 + 1, c0) * (1 - fu) + at(r0 + 1, c0 + 1) * fu
            return top * (1 - fv) + bottom * fv
        }
        if k == 1 { return value(0) >= 0.5 ? 1 : 0 }
        return (0..<k).max { value($0) < value($1) } ?? 0
    }

    /// The drawn points (`sample`) with this frame's mistakes ringed (by the classes a field run
    /// stored, or else its field's prediction read where each point lies); also the drawn
    /// points' mistakes counted.
    func markedPoints(for model: FrameModel) -> (points: [ScatterPoint], mistakes: Mistakes) {
        marked(predictedClasses(of: model, rows: sample.rows))
    }

    /// The drawn points with this network's mistakes ringed; also their mistakes counted.
    func markedPoints(for network: Network<Float>) -> (points: [ScatterPoint], mistakes: Mistakes) {
        marked(network.predictedClasses(fromOutput: outputs(of: network, for: shownInputs)))
    }

    /// The drawn points with the mistakes of the `predicted` classes (one per drawn point, as
    /// `shownInputs`) ringed; also their mistakes counted.
    func markedPoints(predicted: [Int]) -> (points: [ScatterPoint], mistakes: Mistakes) {
        marked(predicted)
    }

    /// Every point's mistakes (not only the drawn ones') in the frame of `model`.
    func allMistakes(of model: FrameModel) -> Mistakes {
        let predicted = predictedClasses(of: model, rows: Array(points.indices))
        var mistakes = Mistakes()
        for i in points.indices where i < predicted.count && predicted[i] != labels[i] {
            if points[i].isTest { mistakes.test += 1 } else { mistakes.training += 1 }
        }
        return mistakes
    }

    /// The classes `model` predicts for the points of `rows` (empty for a field run that stored
    /// neither classes nor a field).
    private func predictedClasses(of model: FrameModel, rows: [Int]) -> [Int] {
        switch model {
        case .network(let network):
            let x = rows.count == inputs.rows ? inputs : rows == sample.rows ? shownInputs : inputs.gatheringRows(rows)
            return network.predictedClasses(fromOutput: outputs(of: network, for: x))
        case .field(_, let predicted) where predicted.count == points.count:
            return rows.map { Int(predicted[$0]) }
        case .field(let field?, _):
            return rows.map { Self.predictedClass(in: field, x: points[$0].x, y: points[$0].y) }
        case .field(nil, _):
            return []
        }
    }

    /// The drawn points, those whose `predicted` class is not their label ringed (at most
    /// `PointSample.mostRinged` of a sample); the drawn points' mistakes counted. Without
    /// predictions, the points unmarked.
    private func marked(_ predicted: [Int]) -> (points: [ScatterPoint], mistakes: Mistakes) {
        var marked = sample.rows.map { points[$0] }
        guard predicted.count == marked.count else { return (marked, Mistakes()) }
        let wrong = marked.indices.map { predicted[$0] != labels[sample.rows[$0]] }
        var mistakes = Mistakes()
        for (i, ringed) in sample.ringed(wrong).enumerated() where ringed { marked[i].isMisclassified = true }
        for i in marked.indices where wrong[i] {
            if marked[i].isTest { mistakes.test += 1 } else { mistakes.training += 1 }
        }
        return (marked, mistakes)
    }

    /// The shown test images with this network's predictions; also the count of mistakes among them.
    func labelledImages(for network: Network<Float>) -> [LabelledImage] {
        let predicted = network.predictedClasses(fromOutput: outputs(of: network, for: shownImageInputs))
        return zip(images, zip(predicted, shownImageRows)).map { image, prediction in
            let (guess, row) = prediction
            let name = guess < classNames.count ? classNames[guess] : "\(guess)"
            return LabelledImage(image: image, caption: name, isWrong: guess != labels[row])
        }
    }

    /// The fitted curve of the network, in data units; values that overflowed are left out, and
    /// values far outside the view are held a few view heights away (lines still leave the panel).
    func curve(of network: Network<Float>) -> [(x: Double, y: Double)] {
        let y = outputs(of: network, for: curveInputs)
        let reach = 4 * (domain.maxY - domain.minY)
        return zip(curveX, y.elements).compactMap { x, value in
            value.isFinite ? (x, min(max(Double(value), domain.minY - reach), domain.maxY + reach)) : nil
        }
    }

    /// Where timeline record `index` lies on the epoch axis (its epoch, or a fraction between two
    /// epochs' ends for a snapshot inside an epoch).
    func position(at index: Int) -> Double {
        timeline.indices.contains(index) ? timeline[index].position(stepsPerEpoch: stepsPerEpoch) : Double(index)
    }

    /// The epoch axis position of every timeline record, or nil when they are the epochs 0, 1, 2, ….
    var positions: [Double]? {
        stepsPerEpoch == nil ? nil : timeline.indices.map(position(at:))
    }

    /// Record `index`'s epoch as titles show it: "240", or "2.4" for a snapshot inside an epoch,
    /// with as many decimals as tell consecutive snapshots apart. The first epoch's snapshots come
    /// before "0" (its end) on the epoch axis: they are named by their step, "0 (step 40/469)",
    /// never by a negative epoch.
    func epochLabel(at index: Int) -> String {
        guard timeline.indices.contains(index), let step = timeline[index].step, let steps = stepsPerEpoch else {
            return timeline.indices.contains(index) ? "\(timeline[index].epoch)" : "\(index)"
        }
        guard position(at: index) >= 0 else { return "0 (step \(step)/\(steps))" }
        let gap = timeline.indices.contains(index - 1) ? position(at: index) - position(at: index - 1) : 1 / Double(steps)
        let decimals = min(4, max(1, Int((-log10(max(gap, 1e-4))).rounded(.up))))
        return String(format: "%.*f", decimals, position(at: index))
    }

    /// The timeline index of epoch `epoch`'s end, or nil.
    func index(ofEpoch epoch: Int) -> Int? {
        stepsPerEpoch == nil ? (timeline.indices.contains(epoch) ? epoch : nil)
            : timeline.firstIndex { $0.epoch == epoch && $0.step == nil }
    }

    /// The timeline index of the record recorded at `moment`, or nil when the timeline has none.
    func index(of moment: Moment) -> Int? { timelineIndex[moment] }

    /// The title of timeline record `index`: "Epoch 2.4 · train loss 0.087 · test accuracy 98.5 %".
    func title(at index: Int) -> String {
        guard timeline.indices.contains(index), timeline[index].step != nil else {
            return title(epoch: timeline.indices.contains(index) ? timeline[index].epoch : index)
        }
        return title(label: epochLabel(at: index), timeline[index])
    }

    /// "Epoch 240 · train loss 0.087 · test accuracy 98.5 %".
    func title(epoch: Int) -> String {
        guard let m = metrics(at: epoch) else { return "Epoch \(epoch)" }
        return title(label: "\(epoch)", m)
    }

    /// The title with the metrics `m` holds; those not measured (a recorder not given them) are left out.
    private func title(label: String, _ m: EpochRecord) -> String {
        var parts = ["Epoch \(label)"]
        if !m.trainLoss.isNaN { parts.append("train loss " + NumberText.decimal(m.trainLoss)) }
        if !m.testScore.isNaN {
            parts.append(isRegression ? "test R² " + NumberText.decimal(m.testScore) : "test accuracy " + NumberText.decimal(100 * m.testScore, decimals: 1) + " %")
        }
        return parts.joined(separator: " · ")
    }
}
