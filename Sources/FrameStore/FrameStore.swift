import Foundation
import GRDB

/// The SQLite file of one run: its settings, data, and one row per recorded epoch. A `FrameStore`
/// is its writer; `FrameStore.open(at:)` returns a checked, read-only `FrameStoreReader`.
///
/// Written while training runs, one transaction per epoch, in WAL mode with `synchronous=NORMAL`:
/// a process killed at any moment (even by `kill -9`) leaves a store that opens with every
/// epoch it had committed. The schema (see `schemaSQL`) is plain enough to read from Python's
/// `sqlite3` and NumPy's `frombuffer`; its version is SQLite's `user_version`. The writer holds
/// what it records to the rules the reader checks (`StoreRules`, `FrameStoreLimits`), so a store
/// it wrote always opens.
public final class FrameStore: Sendable {
    /// The schema version this code writes, and the newest it reads.
    public static let schemaVersion = 4
    /// The oldest schema version it reads (version 1 has no initial parameters).
    public static let oldestReadableVersion = 1

    /// The schema, version 4. BLOBs are little-endian: float32 (`<f4`), int32 (`<i4`), uint8.
    /// Version 3 had no `dataset.training_count`, `dataset.feature_names`, `dataset.target_name` or `run.plane`.
    /// Version 2 had no `run.model`, `field_extent`, `field_size`, `recorded_by`,
    /// `steps_per_epoch`, `epoch.step`, `epoch.field` or `epoch.predicted` (and its `epoch` was the primary key);
    /// version 1 no `run.initial_parameters` either.
    public static let schemaSQL = """
        CREATE TABLE run (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            created_at  TEXT NOT NULL,      -- ISO 8601
            config_json TEXT NOT NULL,      -- the run's settings as JSON
            layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]; a field run: [inputs, outputs]
            activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
            loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
            status      TEXT NOT NULL,      -- running | completed | diverged
            diverged_at INTEGER,            -- the epoch whose loss became NaN/infinite, if diverged
            initial_parameters BLOB,        -- float32 as epoch.parameters: the network before the first
                                            -- update (version 2; NULL for a field run)
            model       TEXT NOT NULL,      -- network (frames hold parameters) | field (frames hold fields)
            field_extent TEXT,              -- JSON [min_x, max_x, min_y, max_y] of the field grid, data units
            field_size  INTEGER,            -- grid points across and down (2…1024)
            recorded_by TEXT NOT NULL,      -- flipbook, or the recorder that wrote the store
            steps_per_epoch INTEGER,        -- optimizer steps per epoch when snapshots are taken inside epochs
            plane       TEXT                -- JSON {"kind", "origin", "axes"}: the plane a field run's grid lies on
                                            -- (standardised space), for data of more than two features (version 4)
        );
        CREATE TABLE dataset (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            name          TEXT NOT NULL,
            kind          TEXT NOT NULL,    -- points2D | image | regression1D | table
            sample_count  INTEGER NOT NULL,
            feature_count INTEGER NOT NULL,
            image_width   INTEGER,
            image_height  INTEGER,
            class_names   TEXT NOT NULL,    -- JSON array; [] for regression
            features      BLOB NOT NULL,    -- float32, sample_count × feature_count, row-major, unstandardised
            labels        BLOB,             -- int32 per sample (classification)
            targets       BLOB,             -- float32 per sample (regression)
            is_test       BLOB NOT NULL,    -- uint8 per sample: 1 = test part
            mean          BLOB NOT NULL,    -- float32 per feature: standardisation fitted on the training part
            deviation     BLOB NOT NULL,    -- float32 per feature
            training_count INTEGER,         -- the training examples the run trained on, when the rows with
                                            -- is_test = 0 are a sample of them (image data; version 4);
                                            -- NULL: those rows are all of them
            feature_names TEXT,             -- JSON array, one name per feature; NULL: x1 … xd (version 4)
            target_name   TEXT              -- what is predicted (a CSV's label column header), or NULL (version 4)
        );
        CREATE TABLE epoch (
            epoch       INTEGER NOT NULL,   -- from 0
            step        INTEGER,            -- NULL: the end of the epoch; k: a snapshot k optimizer steps
                                            -- into it (1 … steps_per_epoch − 1)
            train_loss  REAL,
            test_loss   REAL,
            train_score REAL,               -- accuracy, or R² for regression
            test_score  REAL,
            seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training (so far)
            parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                            -- NULL for records that are no frame, and in a field run
            confusion   BLOB,               -- int32, K×K test confusion matrix (row = true class,
                                            -- column = predicted); NULL for regression
            field       BLOB,               -- a field run's frame: the outputs on the grid, rows from the
                                            -- top (max y), each point's outputs together; uint8
                                            -- probability × 255 (classification) or float32 (regression)
            predicted   BLOB                -- with a classifying field: uint16 per sample, the class the
                                            -- model predicts (mistakes are marked by it); or NULL
        );
        CREATE UNIQUE INDEX epoch_order ON epoch (epoch, ifnull(step, -1));
        """

    /// Where the store lives.
    public let path: String
    /// The run being recorded (its data set emptied): every record is checked against it.
    private let run: StoredRun
    private var architecture: Architecture { run.architecture }
    /// The run's classes (0 for regression): every confusion matrix is this square.
    private let classCount: Int
    private let queue: DatabaseQueue
    /// Where the run stands (epochs ended, the last step inside the epoch in progress), read from
    /// the file once and then kept as records are committed: the one writer knows what it wrote
    /// (counting the rows at every record made a long run's writes quadratic).
    private let position = Position()

    /// The epochs ended and the last step of the epoch in progress; nil until read.
    private final class Position: @unchecked Sendable {     // touched only inside `queue`'s writes
        var known: (ended: Int, lastStep: Int?)?
    }

    private init(path: String, run: StoredRun, queue: DatabaseQueue) {
        self.path = path
        var header = run
        classCount = run.dataset.classNames.count
        // Only the sample count (predicted classes) and the classes are checked against later.
        header.dataset = StoredDataset(name: "", kind: run.dataset.kind, featureCount: run.dataset.featureCount,
                                       classNames: run.dataset.classNames, features: [], labels: [], targets: [],
                                       isTest: run.dataset.isTest, mean: [], deviation: [])
        self.run = header
        self.queue = queue
    }

    private static var writingConfiguration: Configuration {
        var configuration = Configuration()
        configuration.journalMode = .wal
        // NORMAL: no fsync per commit in WAL mode (a killed process, even by `kill -9`, loses
        // nothing the OS was handed), and a power cut loses at most the last epochs but never
        // corrupts the store: a store recorded from a long run is not always remade by running
        // again. OFF would save the few fsyncs of creating the file and the last checkpoint.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        return configuration
    }

    /// Checks that `run` obeys every rule of the store (the reader would accept it), without
    /// writing anything: a caller checks this before it touches a run directory.
    public static func check(_ run: StoredRun, path: String) throws {
        do throws(StoreProblem) {
            try StoreRules.check(run.architecture)
            try StoreRules.check(run.dataset, for: run.architecture)
            try StoreRules.check(run.status, epochCount: 0)
            try StoreRules.check(parameters: run.initialParameters, at: StoreRules.initialParametersPlace, architecture: run.architecture)
            try StoreRules.check(schema3: run)
        } catch {
            throw FrameStoreError(path: path, "cannot record this run: \(error.message)")
        }
    }

    /// Creates a new store at `path` for `run`, replacing any store already there.
    ///
    /// Throws `FrameStoreError` when `run` breaks a rule of the store (the reader would refuse it)
    /// or the file cannot be written.
    public static func create(at path: String, run: StoredRun) throws -> FrameStore {
        try check(run, path: path)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.removeItem(atPath: path + suffix)
            } catch {
                throw FrameStoreError(path: path, "cannot replace the existing store (\(error.localizedDescription))")
            }
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: writingConfiguration)
            try queue.write { db in
                try db.execute(sql: schemaSQL)
                try insert(run, into: db)
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            }
        } catch let error as DatabaseError {
            throw FrameStoreError(path: path, "cannot create the store (\(error.message ?? "\(error)"))")
        }
        return FrameStore(path: path, run: run, queue: queue)
    }

    /// Opens an existing store read-only, and checks all of it (see `FrameStoreReader`).
    ///
    /// Throws `FrameStoreError` when there is no file, when it is not a frame store, when a newer
    /// Flipbook wrote it, when another process holds it locked, or when any column of any table
    /// breaks a rule of the store (the message names the table, the epoch and the column).
    public static func open(at path: String) throws -> FrameStoreReader {
        try FrameStoreReader(path: path)
    }

    /// Writes in one transaction; SQLite errors (a full disk, a damaged file) become `FrameStoreError`s.
    private func write(_ body: (Database) throws -> Void) throws {
        do {
            try queue.write(body)
        } catch let problem as StoreProblem {
            throw FrameStoreError(path: path, "cannot record this epoch: \(problem.message)")
        } catch let error as DatabaseError {
            throw FrameStoreError(path: path, "cannot write the frame store (\(error.message ?? "\(error)"))")
        }
    }

    /// Records one epoch's end, or a snapshot inside an epoch (`record.step`), in its own
    /// transaction. Records come in training order from epoch 0; throws `FrameStoreError` for a
    /// record the reader would refuse.
    public func append(_ record: EpochRecord) throws {
        try append(contentsOf: [record])
    }

    /// Records several epochs' ends or snapshots, in order, in one transaction (a writer that
    /// fell behind training catches up in one commit): all of them, or none when one is refused.
    public func append(contentsOf records: [EpochRecord]) throws {
        let position = position
        do {
            try write { db in
                var now = try position.known ?? (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM epoch WHERE step IS NULL") ?? 0,
                    nil as Int?)
                if position.known == nil {
                    now.lastStep = try Int.fetchOne(db, sql: "SELECT max(step) FROM epoch WHERE epoch = ?", arguments: [now.ended])
                }
                for record in records {
                    try insert(record, endedEpochs: now.ended, lastStep: now.lastStep, into: db)
                    now = record.step == nil ? (now.ended + 1, nil) : (now.ended, record.step)
                }
                position.known = now
            }
        } catch {
            position.known = nil        // the transaction was rolled back: read it again
            throw error
        }
    }

    /// Checks `record` against where the store stands and every rule, and inserts it.
    private func insert(_ record: EpochRecord, endedEpochs ended: Int, lastStep: Int?, into db: Database) throws {
        let run = run, classCount = classCount
        let moment = Moment(epoch: record.epoch, step: record.step)
        try StoreRules.check(next: moment, endedEpochs: ended, lastStep: lastStep)
        guard record.epoch < FrameStoreLimits.maximumEpochCount else {
            throw StoreProblem("epoch \(record.epoch): a store records at most \(FrameStoreLimits.maximumEpochCount) epochs")
        }
        // Metrics that are not finite are stored as NULL (not measured).
        var stored = record
        for metric in [\EpochRecord.trainLoss, \.testLoss, \.trainScore, \.testScore] where !stored[keyPath: metric].isFinite {
            stored[keyPath: metric] = .nan
        }
        try Self.check(stored, at: moment, run: run, classes: classCount)
        // One statement, compiled once per connection (SQLite's parser is most of a small insert).
        try db.cachedStatement(sql: """
            INSERT INTO epoch (epoch, step, train_loss, test_loss, train_score, test_score, seconds, parameters, confusion, field, predicted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [record.epoch, record.step, finite(record.trainLoss), finite(record.testLoss),
                             finite(record.trainScore), finite(record.testScore), record.seconds,
                             record.parameters.isEmpty ? nil : blob(record.parameters),
                             record.testConfusion.isEmpty ? nil : blob(record.testConfusion),
                             record.field.isEmpty ? nil : fieldBlob(record.field, classification: run.architecture.loss.isClassification),
                             record.predicted.isEmpty ? nil : blob(record.predicted.map { UInt16(clamping: $0) })])
    }

    /// Every rule a record obeys (its order apart).
    private static func check(_ record: EpochRecord, at moment: Moment, run: StoredRun, classes: Int) throws(StoreProblem) {
        try StoreRules.check(step: record.step, epoch: record.epoch, stepsPerEpoch: run.stepsPerEpoch)
        try StoreRules.check(metrics: record, loss: run.architecture.loss)
        if run.model == .field, !record.parameters.isEmpty {
            throw StoreProblem("\(moment): parameters are set, but run.model is field (its frames hold fields)")
        }
        try StoreRules.check(parameters: record.parameters, at: StoreRules.parametersPlace(epoch: record.epoch),
                             architecture: run.architecture)
        try StoreRules.check(confusion: record.testConfusion, epoch: record.epoch, classes: classes)
        try StoreRules.check(field: record.field, at: moment, run: run)
        try StoreRules.check(predicted: record.predicted, hasField: !record.field.isEmpty, at: moment, run: run)
    }

    /// Records how the run ended; a divergence at the epoch after the last one recorded.
    public func finish(_ status: RunStatus) throws {
        try write { db in
            switch status {
            case .running: try db.execute(sql: "UPDATE run SET status = 'running', diverged_at = NULL")
            case .completed: try db.execute(sql: "UPDATE run SET status = 'completed', diverged_at = NULL")
            case .diverged(let epoch):
                let recorded = try Int.fetchOne(db, sql: "SELECT count(*) FROM epoch WHERE step IS NULL") ?? 0
                try StoreRules.check(status, epochCount: recorded)
                try db.execute(sql: "UPDATE run SET status = 'diverged', diverged_at = ?", arguments: [epoch])
            }
        }
    }

    private static func insert(_ run: StoredRun, into db: Database) throws {
        let encoder = JSONEncoder()
        let formatter = ISO8601DateFormatter()
        let divergedAt: Int? = if case .diverged(let epoch) = run.status { epoch } else { nil }
        try db.execute(sql: """
            INSERT INTO run (id, created_at, config_json, layer_sizes, activations, loss, status, diverged_at, initial_parameters,
                             model, field_extent, field_size, recorded_by, steps_per_epoch, plane)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [formatter.string(from: Date()), run.configJSON,
                             String(decoding: try encoder.encode(run.architecture.layerSizes), as: UTF8.self),
                             String(decoding: try encoder.encode(run.architecture.activations.map(\.rawValue)), as: UTF8.self),
                             run.architecture.loss.rawValue, run.status.name, divergedAt,
                             run.initialParameters.isEmpty ? nil : blob(run.initialParameters),
                             run.model.rawValue,
                             run.fieldGrid.map { String(decoding: (try? encoder.encode([$0.minX, $0.maxX, $0.minY, $0.maxY])) ?? Data(), as: UTF8.self) },
                             run.fieldGrid?.size, run.recordedBy, run.stepsPerEpoch,
                             try run.plane.map { String(decoding: try encoder.encode($0), as: UTF8.self) }])
        let data = run.dataset
        try db.execute(sql: """
            INSERT INTO dataset (id, name, kind, sample_count, feature_count, image_width, image_height, class_names,
                                 features, labels, targets, is_test, mean, deviation, training_count, feature_names, target_name)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [data.name, data.kind.rawValue, data.count, data.featureCount, data.imageSize?.width,
                             data.imageSize?.height,
                             String(decoding: try encoder.encode(data.classNames), as: UTF8.self),
                             blob(data.features), data.labels.isEmpty ? nil : blob(data.labels),
                             data.targets.isEmpty ? nil : blob(data.targets),
                             Data(data.isTest.map { $0 ? 1 : 0 }), blob(data.mean), blob(data.deviation), data.trainingCount,
                             try data.featureNames.map { String(decoding: try encoder.encode($0), as: UTF8.self) }, data.targetName])
    }
}

// Little-endian BLOB encoding (the machines Flipbook runs on are little-endian).

private func blob<T: FixedWidthInteger>(_ values: [T]) -> Data {
    values.map(\.littleEndian).withUnsafeBytes { Data($0) }
}

private func blob(_ values: [Float]) -> Data {
    blob(values.map(\.bitPattern))
}

private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

/// A field as stored: probabilities as bytes (p × 255, rounded), regression values as float32.
private func fieldBlob(_ values: [Float], classification: Bool) -> Data {
    classification ? Data(values.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }) : blob(values)
}
