import Foundation
import GRDB

/// A frame store opened for reading, decoded and checked once when it opens.
///
/// `FrameStore.open(at:)` reads every table in one transaction and checks every column against the
/// schema's rules and `FrameStoreLimits` before it returns: the run, the data set, and every
/// epoch's metrics, confusion matrix and parameters (those in one pass, one epoch at a time, so
/// memory stays flat). What it returns is typed and consistent; code behind it never re-checks.
/// The connection is read-only and never writes: a store on a read-only disk, or one the user may
/// not write, opens, and its bytes never change.
public final class FrameStoreReader: Sendable {
    /// Where the store lives, as given to `open`.
    public let path: String
    /// The run record: settings, network shape, data and status.
    public let run: StoredRun
    /// Every recorded epoch's metrics and confusion matrix, epochs 0, 1, … in order (no
    /// parameters, no fields; the ends of epochs only).
    public let metrics: [EpochRecord]
    /// Every record in training order, snapshots inside epochs included (no parameters, no fields).
    public let timeline: [EpochRecord]
    /// The epochs whose end holds a frame (parameters, or a field), in order.
    public let frameEpochs: [Int]
    /// Every frame in training order, snapshots inside epochs included.
    public let frameMoments: [Moment]
    /// The store's schema version (1…`FrameStore.schemaVersion`).
    public let version: Int
    private let frames: Set<Moment>
    /// Where each moment's record is in `timeline`.
    private let timelineIndex: [Moment: Int]
    private let queue: DatabaseQueue

    /// Opens the store at `path` read-only and checks all of it; throws `FrameStoreError` naming
    /// the first problem (the table, the epoch, the column). See `FrameStore.open(at:)`.
    init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FrameStoreError(path: path, "no frame store here (expected the frames.sqlite of a run)")
        }
        guard !isDirectory.boolValue else {
            throw FrameStoreError(path: path, "is a directory, not a frame store")
        }
        do {
            queue = try DatabaseQueue(path: Self.connectionName(for: path), configuration: Self.configuration)
            let contents = try queue.read { db in try Self.decode(db) }
            (run, timeline, frameMoments, version) = (contents.run, contents.timeline, contents.frames, contents.version)
            metrics = timeline.filter { $0.step == nil }
            frameEpochs = frameMoments.compactMap { $0.step == nil ? $0.epoch : nil }
            frames = Set(frameMoments)
            timelineIndex = Dictionary(timeline.enumerated().map { (Moment(epoch: $1.epoch, step: $1.step), $0) },
                                       uniquingKeysWith: { first, _ in first })
        } catch {
            throw FrameStoreError.reading(error, at: path)
        }
    }

    /// The record of `epoch`'s end with its parameters or field (empty when it is not a frame),
    /// or nil when no such epoch was recorded. The payload is checked again as it is read: if the
    /// file changed since it was opened, this throws instead of handing over bad numbers.
    public func epoch(_ epoch: Int) throws -> EpochRecord? {
        guard metrics.indices.contains(epoch) else { return nil }
        return try record(at: Moment(epoch: epoch))
    }

    /// The record at `moment` with its parameters or field, or nil when none was recorded there.
    public func record(at moment: Moment) throws -> EpochRecord? {
        try records(at: [moment])[0]
    }

    /// The records at `moments` with their parameters or fields (nil where none was recorded),
    /// read in one transaction: many frames are read at the cost of one.
    public func records(at moments: [Moment]) throws -> [EpochRecord?] {
        do {
            return try queue.read { db in try moments.map { moment in try record(at: moment, in: db) } }
        } catch {
            throw FrameStoreError.reading(error, at: path)
        }
    }

    /// Every frame (a record with parameters or a field) in training order, one at a time:
    /// memory stays flat however many there are.
    public func forEachFrame(_ body: (EpochRecord) throws -> Void) throws {
        for moment in frameMoments {
            guard let record = try self.record(at: moment) else { continue }
            try body(record)
        }
    }

    private func record(at moment: Moment, in db: Database) throws -> EpochRecord? {
        guard let index = timelineIndex[moment] else { return nil }
        var record = timeline[index]
        if frames.contains(moment) {
            switch run.model {
            case .network: record.parameters = try payload(of: moment, column: "parameters", in: db)
            case .field:
                record.field = try payload(of: moment, column: "field", in: db)
                record.predicted = try payload(of: moment, column: "predicted", optional: true, in: db).map { Int32($0) }
            }
        }
        return record
    }

    /// The parameters, field or predicted classes of frame `moment`, read now and checked again
    /// (predicted classes as floats; `optional`: none may be stored).
    private func payload(of moment: Moment, column: String, optional: Bool = false, in db: Database) throws -> [Float] {
        let run = run
        let place = { (name: String) in "\(moment): \(name)" }
        let condition = version >= 3 ? (moment.step == nil ? "epoch = ? AND step IS NULL" : "epoch = ? AND step = ?") : "epoch = ?"
        let arguments: StatementArguments = moment.step.map { [moment.epoch, $0] } ?? [moment.epoch]
        let statement = try db.cachedStatement(sql: "SELECT \(CheckedRow.selection([column])) FROM epoch WHERE \(condition)")
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        guard let found = try rows.next() else {
            throw StoreProblem("\(moment) is gone: the file changed after it was opened")
        }
        let row = CheckedRow(found, columns: [column], place: place)
        guard let values = try row.blob(column, { raw throws(StoreProblem) in
            try Self.decodePayload(raw, column: column, at: moment, run: run)
        }) else {
            if optional { return [] }
            throw StoreProblem("\(moment): \(column) is gone: the file changed after it was opened")
        }
        return values
    }

    /// A frame's parameters or field, decoded and checked.
    static func decodePayload(_ raw: UnsafeRawBufferPointer, column: String, at moment: Moment, run: StoredRun) throws(StoreProblem) -> [Float] {
        if column == "field" { return try decodeField(raw, at: moment, run: run) }
        if column == "predicted" { return try decodePredicted(raw, at: moment, run: run).map(Float.init) }
        try checkParameters(raw, at: StoreRules.parametersPlace(epoch: moment.epoch), architecture: run.architecture)
        return decodeFloats(raw)
    }

    /// A predicted-classes BLOB: uint16 per sample, each one of the run's classes.
    static func decodePredicted(_ raw: UnsafeRawBufferPointer, at moment: Moment, run: StoredRun) throws(StoreProblem) -> [Int32] {
        guard raw.count == 2 * run.dataset.count else {
            throw StoreProblem("\(StoreRules.predictedPlace(moment)) holds \(bytes(raw.count)); dataset.sample_count \(run.dataset.count) samples need \(2 * run.dataset.count) (uint16)")
        }
        let classes = (0..<raw.count / 2).map { Int32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) }
        try StoreRules.check(predicted: classes, hasField: true, at: moment, run: run)
        return classes
    }

    /// A field BLOB: one byte per value (probability × 255) for classification, float32 for
    /// regression, grid points × outputs values.
    static func decodeField(_ raw: UnsafeRawBufferPointer, at moment: Moment, run: StoredRun) throws(StoreProblem) -> [Float] {
        let place = StoreRules.fieldPlace(moment)
        guard run.model == .field, let grid = run.fieldGrid else {
            throw StoreProblem("\(place) is set, but run.model is network (its frames hold parameters)")
        }
        let values = grid.valueCount(outputs: run.architecture.outputSize)
        let classification = run.architecture.loss.isClassification
        let width = classification ? 1 : 4
        guard raw.count == width * values else {
            throw StoreProblem("\(place) holds \(bytes(raw.count)); \(grid.size) × \(grid.size) grid points × \(run.architecture.outputSize) outputs need \(width * values) (\(classification ? "one byte per probability" : "float32"))")
        }
        let field = classification ? raw.map { Float($0) / 255 } : decodeFloats(raw)
        try StoreRules.check(field: field, at: moment, run: run)
        return field
    }

    // MARK: Opening

    /// Read-only; a short wait when another process holds a lock, then "being written by another process".
    static let configuration: Configuration = {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        configuration.label = "FrameStoreReader"
        return configuration
    }()

    /// Whether this SQLite reads `file:` URIs (Debian's is built with SQLITE_USE_URI).
    private static let readsURIs: Bool = {
        guard let queue = try? DatabaseQueue(),
              let options = try? queue.read({ db in try String.fetchAll(db, sql: "PRAGMA compile_options") }) else { return false }
        return options.contains("USE_URI")
    }()

    /// The name to open `path` by. A WAL store that was closed cleanly (no `-wal`, no `-shm`)
    /// opens as `immutable`: read-only SQLite would otherwise create both files beside it, and
    /// fail where it cannot (a read-only directory). Any other store opens with `mode=ro`, which
    /// reads a killed writer's `-wal` and locks against a live one.
    static func connectionName(for path: String) -> String {
        guard readsURIs else { return path }
        let manager = FileManager.default
        let closedCleanly = isWALStore(path) && !manager.fileExists(atPath: path + "-wal") && !manager.fileExists(atPath: path + "-shm")
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var escaped = ""
        for byte in absolute.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                escaped += String(format: "%%%02X", byte)
            }
        }
        return "file:" + escaped + (closedCleanly ? "?mode=ro&immutable=1" : "?mode=ro")
    }

    /// True when the file's header says WAL journal mode (file format versions 2 and 2).
    private static func isWALStore(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        let bytes = [UInt8](header)
        return bytes.starts(with: Array("SQLite format 3\0".utf8)) && bytes[18] == 2 && bytes[19] == 2
    }

    // MARK: Decoding

    /// "1 byte", "12 bytes".
    private static func bytes(_ count: Int) -> String { count == 1 ? "1 byte" : "\(count) bytes" }

    /// The columns of schema `version`, by table.
    static func schemaColumns(version: Int) -> [(table: String, columns: [String])] {
        switch version {
        case ...1: schemaColumns
        case 2: [("run", runColumns + ["initial_parameters"])] + schemaColumns.dropFirst()
        case 3: [("run", runColumns + ["initial_parameters"] + schema3RunColumns), schemaColumns[1],
                 ("epoch", schemaColumns[2].columns + schema3EpochColumns)]
        default: [("run", runColumns + ["initial_parameters"] + schema3RunColumns + schema4RunColumns),
                  ("dataset", schemaColumns[1].columns + ["training_count"] + schema4DatasetColumns),
                  ("epoch", schemaColumns[2].columns + schema3EpochColumns)]
        }
    }

    /// The columns schema 4 adds to the run table.
    static let schema4RunColumns = ["plane"]
    /// The columns schema 4 adds to the dataset table.
    static let schema4DatasetColumns = ["feature_names", "target_name"]

    /// The columns schema 3 adds to the run table.
    static let schema3RunColumns = ["model", "field_extent", "field_size", "recorded_by", "steps_per_epoch"]
    /// The columns schema 3 adds to the epoch table.
    static let schema3EpochColumns = ["step", "field", "predicted"]

    /// The run table's columns in every version.
    private static let runColumns = ["id", "created_at", "config_json", "layer_sizes", "activations", "loss", "status", "diverged_at"]

    /// The columns of schema version 1, by table.
    static let schemaColumns: [(table: String, columns: [String])] = [
        ("run", runColumns),
        ("dataset", ["id", "name", "kind", "sample_count", "feature_count", "image_width", "image_height", "class_names",
                     "features", "labels", "targets", "is_test", "mean", "deviation"]),
        ("epoch", ["epoch", "train_loss", "test_loss", "train_score", "test_score", "seconds", "parameters", "confusion"]),
    ]

    /// Everything in the store, checked.
    private static func decode(_ db: Database) throws -> (run: StoredRun, timeline: [EpochRecord], frames: [Moment], version: Int) {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version > FrameStore.schemaVersion {
            throw StoreProblem("written by a newer Flipbook (schema \(version); this one reads up to \(FrameStore.schemaVersion))")
        }
        guard version >= FrameStore.oldestReadableVersion else {
            throw StoreProblem("not a Flipbook frame store (schema version \(version))")
        }
        for (table, columns) in schemaColumns(version: version) {
            let present = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").compactMap { $0["name"] as String? })
            guard !present.isEmpty else { throw StoreProblem("has no table \(table) (damaged, or not a frame store)") }
            if let missing = columns.first(where: { !present.contains($0) }) {
                throw StoreProblem("table \(table) has no column \(missing) (damaged, or not a frame store)")
            }
        }
        let (configJSON, architecture, status) = try decodeRun(db)
        let initial = version >= 2 ? try decodeInitialParameters(db, architecture: architecture) : []
        var dataset = try decodeDataset(db, architecture: architecture, version: version)
        if version >= 4 { try decodeNames(db, into: &dataset) }
        var run = StoredRun(configJSON: configJSON, architecture: architecture, dataset: dataset, status: status,
                            initialParameters: initial)
        if version >= 4 { try decodePlane(db, into: &run) }
        if version >= 3 { try decodeSchema3(db, into: &run) }
        let (timeline, frames) = try decodeEpochs(db, run: run, version: version)
        try StoreRules.check(status, epochCount: timeline.count(where: { $0.step == nil }))
        return (run, timeline, frames, version)
    }

    /// The data set's names (schema 4): the features' and the target's, each NULL or set.
    private static func decodeNames(_ db: Database, into dataset: inout StoredDataset) throws {
        try withSingleRow(db, "dataset", columns: schema4DatasetColumns) { row in
            dataset.featureNames = row.type("feature_names") == "null" ? nil
                : try row.json("feature_names", as: [String].self, expected: "a JSON array of feature names")
            dataset.targetName = row.type("target_name") == "null" ? nil
                : try row.text("target_name", maximumBytes: FrameStoreLimits.maximumClassNameBytes)
            try StoreRules.check(names: dataset)
        }
    }

    /// The plane of a field run's grid (schema 4), or none.
    private static func decodePlane(_ db: Database, into run: inout StoredRun) throws {
        try withSingleRow(db, "run", columns: schema4RunColumns) { row in
            run.plane = row.type("plane") == "null" ? nil
                : try row.json("plane", as: StoredPlane.self, expected: "a JSON object {\"kind\", \"origin\", \"axes\"}")
        }
    }

    /// The run columns of schema 3: the model, the field grid, the recorder and the steps per epoch.
    private static func decodeSchema3(_ db: Database, into run: inout StoredRun) throws {
        try withSingleRow(db, "run", columns: schema3RunColumns) { row in
            let modelName = try row.text("model", maximumBytes: FrameStoreLimits.maximumNameBytes)
            guard let model = StoredRun.Model(rawValue: modelName) else {
                throw StoreProblem("run.model '\(modelName.prefix(40))' is not one of \(StoredRun.Model.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            run.model = model
            let size = try row.optionalInteger("field_size", in: 0...FrameStoreLimits.maximumFieldSize)
            let extent: [Double]? = row.type("field_extent") == "null" ? nil
                : try row.json("field_extent", as: [Double].self, expected: "a JSON array [min_x, max_x, min_y, max_y]")
            switch (extent, size) {
            case (nil, nil): run.fieldGrid = nil
            case let (edges?, size?):
                guard edges.count == 4 else { throw StoreProblem("run.field_extent holds \(edges.count) numbers; expected [min_x, max_x, min_y, max_y]") }
                run.fieldGrid = FieldGrid(minX: edges[0], maxX: edges[1], minY: edges[2], maxY: edges[3], size: size)
            default:
                throw StoreProblem("run.field_extent and run.field_size are set together or not at all (one of them is NULL)")
            }
            run.recordedBy = try row.text("recorded_by", maximumBytes: FrameStoreLimits.maximumNameBytes)
            run.stepsPerEpoch = try row.optionalInteger("steps_per_epoch", in: 0...FrameStoreLimits.maximumStepsPerEpoch)
            try StoreRules.check(schema3: run)
        }
    }

    /// The parameters before the first update (schema 2), or none.
    private static func decodeInitialParameters(_ db: Database, architecture: Architecture) throws -> [Float] {
        try withSingleRow(db, "run", columns: ["initial_parameters"]) { row in
            try row.blob("initial_parameters") { raw throws(StoreProblem) in
                try checkParameters(raw, at: StoreRules.initialParametersPlace, architecture: architecture)
                return decodeFloats(raw)
            } ?? []
        }
    }

    /// Hands the single row of `table` to `body`, read in place from a cursor (no copy of its
    /// BLOBs, no lossy decoding of its text); valid only during the call.
    private static func withSingleRow<T>(_ db: Database, _ table: String, columns: [String], _ body: (CheckedRow) throws -> T) throws -> T {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        guard count == 1 else {
            throw StoreProblem("table \(table) holds \(count) rows; a frame store has exactly one")
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT \(CheckedRow.selection(columns)) FROM \(table)")
        guard let row = try rows.next() else {
            throw StoreProblem("table \(table) holds no row")
        }
        return try body(CheckedRow(row, columns: columns, place: { "\(table).\($0)" }))
    }

    private static func decodeRun(_ db: Database) throws -> (String, Architecture, RunStatus) {
        try withSingleRow(db, "run", columns: ["created_at", "config_json", "layer_sizes", "activations", "loss", "status", "diverged_at"]) { row in
            _ = try row.text("created_at", maximumBytes: FrameStoreLimits.maximumNameBytes)
            let configJSON = try row.text("config_json", maximumBytes: FrameStoreLimits.maximumJSONBytes)
            guard (try? JSONSerialization.jsonObject(with: Data(configJSON.utf8))) is [String: Any] else {
                throw StoreProblem("run.config_json is not a JSON object: \(configJSON.prefix(60))\(configJSON.count > 60 ? "…" : "")")
            }
            let sizes = try row.json("layer_sizes", as: [Int].self, expected: "a JSON array of layer sizes")
            try StoreRules.check(layerSizes: sizes)
            let activations = try row.json("activations", as: [String].self, expected: "a JSON array of activation names").map { name in
                guard let activation = Architecture.Activation(rawValue: name) else {
                    throw StoreProblem("run.activations: '\(name.prefix(40))' is not one of \(Architecture.Activation.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return activation
            }
            try StoreRules.check(activations: activations, layerSizes: sizes)
            let lossName = try row.text("loss", maximumBytes: FrameStoreLimits.maximumNameBytes)
            guard let loss = Architecture.Loss(rawValue: lossName) else {
                throw StoreProblem("run.loss '\(lossName.prefix(40))' is not one of \(Architecture.Loss.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let statusName = try row.text("status", maximumBytes: FrameStoreLimits.maximumNameBytes)
            let divergedAt = try row.optionalInteger("diverged_at", in: 0...FrameStoreLimits.maximumEpochCount)
            let status: RunStatus
            switch statusName {
            case "running", "completed":
                if let divergedAt {
                    throw StoreProblem("run.diverged_at is \(divergedAt), but the run is \(statusName) (only a diverged run has one)")
                }
                status = statusName == "running" ? .running : .completed
            case "diverged":
                guard let divergedAt else { throw StoreProblem("run.diverged_at is NULL, but run.status is diverged") }
                status = .diverged(epoch: divergedAt)
            default:
                throw StoreProblem("run.status '\(statusName.prefix(40))' is not one of \(RunStatus.names.joined(separator: ", "))")
            }
            return (configJSON, Architecture(layerSizes: sizes, activations: activations, loss: loss), status)
        }
    }

    private static func decodeDataset(_ db: Database, architecture: Architecture, version: Int) throws -> StoredDataset {
        let columns = ["name", "kind", "sample_count", "feature_count", "image_width", "image_height", "class_names", "features", "labels",
                       "targets", "is_test", "mean", "deviation"] + (version >= 4 ? ["training_count"] : [])
        return try withSingleRow(db, "dataset", columns: columns) { row in
            let name = try row.text("name", maximumBytes: FrameStoreLimits.maximumNameBytes)
            let kindName = try row.text("kind", maximumBytes: FrameStoreLimits.maximumNameBytes)
            guard let kind = StoredDataset.Kind(rawValue: kindName) else {
                throw StoreProblem("dataset.kind '\(kindName.prefix(40))' is not one of \(StoredDataset.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let n = try row.integer("sample_count", in: 0...FrameStoreLimits.maximumSampleCount)
            let d = try row.integer("feature_count", in: 1...FrameStoreLimits.maximumLayerWidth)
            guard d == architecture.inputSize else {
                throw StoreProblem("dataset.feature_count \(d) differs from the \(architecture.inputSize) inputs of the network \(architecture) (run.layer_sizes)")
            }
            guard let values = StoreRules.featureValues(samples: n, features: d) else {
                throw StoreProblem("dataset.sample_count \(n) × dataset.feature_count \(d) is more than \(FrameStoreLimits.maximumFeatureValues) values")
            }
            let width = try row.optionalInteger("image_width", in: 1...FrameStoreLimits.maximumLayerWidth)
            let height = try row.optionalInteger("image_height", in: 1...FrameStoreLimits.maximumLayerWidth)
            if (width == nil) != (height == nil) {
                throw StoreProblem("dataset.image_width is \(width.map(String.init) ?? "NULL") but dataset.image_height is \(height.map(String.init) ?? "NULL"); an image size needs both")
            }
            let imageSize = width.flatMap { w in height.map { (width: w, height: $0) } }
            try StoreRules.check(kind: kind, featureCount: d, imageSize: imageSize, architecture: architecture)
            let classNames = try row.json("class_names", as: [String].self, expected: "a JSON array of class names")
            try StoreRules.check(classNames: classNames, architecture: architecture)

            /// The BLOB `column` as `count` float32 values.
            func floats(_ column: String, count: Int, of what: String) throws(StoreProblem) -> [Float]? {
                try row.blob(column) { raw throws(StoreProblem) in
                    guard raw.count == 4 * count else {
                        throw StoreProblem("dataset.\(column) holds \(bytes(raw.count)); \(what) \(count == 1 ? "needs" : "need") \(4 * count) (float32)")
                    }
                    return decodeFloats(raw)
                }
            }
            func required<T>(_ column: String, _ value: T?) throws(StoreProblem) -> T {
                guard let value else { throw StoreProblem("dataset.\(column) is NULL, expected a BLOB") }
                return value
            }
            let features = try required("features", floats("features", count: values, of: "dataset.sample_count \(n) × feature_count \(d) values"))
            let labels = try row.blob("labels") { raw throws(StoreProblem) in
                guard raw.count == 4 * n else { throw StoreProblem("dataset.labels holds \(bytes(raw.count)); dataset.sample_count \(n) labels need \(4 * n) (int32)") }
                return decodeInt32s(raw)
            }
            let targets = try floats("targets", count: n, of: "dataset.sample_count \(n) targets")
            let isTest = try row.requiredBlob("is_test") { raw throws(StoreProblem) in
                guard raw.count == n else { throw StoreProblem("dataset.is_test holds \(bytes(raw.count)); dataset.sample_count \(n) samples need \(n) (one byte each)") }
                if let i = raw.firstIndex(where: { $0 > 1 }) {
                    throw StoreProblem("dataset.is_test: the byte of sample \(i) is \(raw[i]), expected 0 (training) or 1 (test)")
                }
                return raw.map { $0 == 1 }
            }
            let mean = try required("mean", floats("mean", count: d, of: "dataset.feature_count \(d) means"))
            let deviation = try required("deviation", floats("deviation", count: d, of: "dataset.feature_count \(d) deviations"))
            if architecture.loss.isClassification, labels == nil {
                throw StoreProblem("dataset.labels is NULL, but \(architecture.loss.rawValue) is classification (a label per sample)")
            }
            if !architecture.loss.isClassification, targets == nil {
                throw StoreProblem("dataset.targets is NULL, but mean-squared-error is regression (a target per sample)")
            }
            let trainingCount = version >= 4 ? try row.optionalInteger("training_count", in: 0...FrameStoreLimits.maximumTrainingCount) : nil
            let dataset = StoredDataset(name: name, kind: kind, featureCount: d, imageSize: imageSize,
                                        classNames: classNames, features: features, labels: labels ?? [], targets: targets ?? [],
                                        isTest: isTest, mean: mean, deviation: deviation, trainingCount: trainingCount)
            try StoreRules.check(dataset, for: architecture)
            return dataset
        }
    }

    /// Checks a parameters BLOB in place: `parameterCount` finite float32 values.
    static func checkParameters(_ raw: UnsafeRawBufferPointer, at place: String, architecture: Architecture) throws(StoreProblem) {
        let needed = architecture.parameterCount
        guard raw.count == 4 * needed else {
            if raw.count % 4 != 0 {
                throw StoreProblem("\(place) hold \(bytes(raw.count)), not a whole number of float32 values; the network \(architecture) needs \(needed) (\(4 * needed) bytes)")
            }
            throw StoreRules.wrongParameterCount(raw.count / 4, at: place, architecture: architecture)
        }
        if let i = firstNonFiniteFloat(raw) {
            throw StoreRules.nonFiniteParameter(i, value: floatAt(raw, i), at: place, architecture: architecture)
        }
    }

    /// Every epoch row, in one pass, in training order: epochs' ends 0, 1, 2, … without gaps,
    /// snapshots inside an epoch before its end, metrics in range, parameters, fields and
    /// confusion matrices of the right size.
    private static func decodeEpochs(_ db: Database, run: StoredRun, version: Int) throws -> ([EpochRecord], [Moment]) {
        let columns = ["epoch", "step", "train_loss", "test_loss", "train_score", "test_score", "seconds", "parameters", "confusion", "field", "predicted"]
        let absent: Set<String> = version >= 3 ? [] : Set(schema3EpochColumns)
        let order = version >= 3 ? "epoch, step IS NULL, step" : "epoch"
        let rows = try Row.fetchCursor(db, sql: "SELECT \(CheckedRow.selection(columns, absent: absent)) FROM epoch ORDER BY \(order)")
        var timeline: [EpochRecord] = []
        var frames: [Moment] = []
        var ended = 0
        var lastStep: Int? = nil
        while let found = try rows.next() {
            let position = timeline.count
            let located = CheckedRow(found, columns: columns, place: { "epoch table, row \(position) in epoch order: \($0)" })
            guard position < FrameStoreLimits.maximumEpochCount else {
                throw StoreProblem("epoch table holds more than \(FrameStoreLimits.maximumEpochCount) rows")
            }
            let epoch = try located.integer("epoch", in: 0...(FrameStoreLimits.maximumEpochCount - 1))
            let step = try CheckedRow(found, columns: columns, place: { "epoch \(epoch): \($0)" })
                .optionalInteger("step", in: 0...FrameStoreLimits.maximumStepsPerEpoch)
            let moment = Moment(epoch: epoch, step: step)
            try StoreRules.check(next: moment, endedEpochs: ended, lastStep: lastStep)
            let row = CheckedRow(found, columns: columns, place: { "\(moment): \($0)" })
            let (record, isFrame) = try decodeRecord(row, at: moment, run: run)
            if isFrame { frames.append(moment) }
            timeline.append(record)
            if step == nil { ended += 1; lastStep = nil } else { lastStep = step }
        }
        return (timeline, frames)
    }

    /// One row of the epoch table, checked; whether it is a frame (its payload is checked here,
    /// in place, and read again when drawn).
    private static func decodeRecord(_ row: CheckedRow, at moment: Moment, run: StoredRun) throws(StoreProblem) -> (EpochRecord, Bool) {
        let epoch = moment.epoch, classes = run.dataset.classNames.count
        let record = EpochRecord(epoch: epoch, trainLoss: try row.number("train_loss") ?? .nan, testLoss: try row.number("test_loss") ?? .nan,
                                 trainScore: try row.number("train_score") ?? .nan, testScore: try row.number("test_score") ?? .nan,
                                 seconds: try row.number("seconds") ?? .nan, parameters: [],
                                 testConfusion: try row.blob("confusion") { raw throws(StoreProblem) in
                                     guard classes > 0 else { throw StoreProblem("epoch \(epoch): confusion is set, but regression has no classes") }
                                     guard raw.count == 4 * classes * classes else {
                                         throw StoreProblem("epoch \(epoch): confusion holds \(bytes(raw.count)); \(classes) classes need \(classes) × \(classes) int32 (\(4 * classes * classes) bytes)")
                                     }
                                     return decodeInt32s(raw)
                                 } ?? [], step: moment.step)
        if row.type("seconds") == "null" { throw StoreProblem("epoch \(epoch): seconds is NULL, expected a number") }
        try StoreRules.check(step: moment.step, epoch: epoch, stepsPerEpoch: run.stepsPerEpoch)
        try StoreRules.check(metrics: record, loss: run.architecture.loss)
        try StoreRules.check(confusion: record.testConfusion, epoch: epoch, classes: classes)
        let hasParameters = try row.blob("parameters", { raw throws(StoreProblem) -> Bool in
            guard run.model == .network else { throw StoreProblem("\(moment): parameters are set, but run.model is field (its frames hold fields)") }
            try checkParameters(raw, at: StoreRules.parametersPlace(epoch: epoch), architecture: run.architecture)
            return true
        }) ?? false
        let hasField = try row.blob("field", { raw throws(StoreProblem) -> Bool in
            _ = try decodeField(raw, at: moment, run: run)
            return true
        }) ?? false
        if try row.blob("predicted", { raw throws(StoreProblem) in _ = try decodePredicted(raw, at: moment, run: run) }) != nil, !hasField {
            throw StoreProblem("\(StoreRules.predictedPlace(moment)) is set, but only a classifying field run's frame (one with a field) holds predicted classes")
        }
        return (record, hasParameters || hasField)
    }
}
