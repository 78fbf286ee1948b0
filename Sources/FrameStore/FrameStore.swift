import Foundation
import GRDB

/// The SQLite file of one run: its settings, data, and one row per recorded epoch.
///
/// Written while training runs, one transaction per epoch, in WAL mode with `synchronous=NORMAL`:
/// a process killed at any moment (even by `kill -9`) leaves a store that opens with every
/// epoch it had committed. The schema (see `schemaSQL`) is plain enough to read from Python's
/// `sqlite3` and NumPy's `frombuffer`; its version is SQLite's `user_version`.
public final class FrameStore: Sendable {
    /// The schema version this code writes, and the newest it reads.
    public static let schemaVersion = 1

    /// The schema, version 1. BLOBs are little-endian: float32 (`<f4`), int32 (`<i4`), uint8.
    public static let schemaSQL = """
        CREATE TABLE run (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            created_at  TEXT NOT NULL,      -- ISO 8601
            config_json TEXT NOT NULL,      -- the run's settings as JSON
            layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]
            activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
            loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
            status      TEXT NOT NULL,      -- running | completed | diverged
            diverged_at INTEGER             -- the epoch whose loss became NaN/infinite, if diverged
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
            deviation     BLOB NOT NULL     -- float32 per feature
        );
        CREATE TABLE epoch (
            epoch       INTEGER PRIMARY KEY, -- from 0
            train_loss  REAL,
            test_loss   REAL,
            train_score REAL,               -- accuracy, or R² for regression
            test_score  REAL,
            seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training
            parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                            -- NULL for epochs not drawn (see --frame-every)
            confusion   BLOB                -- int32, K×K test confusion matrix (row = true class,
                                            -- column = predicted); NULL for regression
        );
        """

    /// Where the store lives.
    public let path: String
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.journalMode = readOnly ? .default : .wal
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        return configuration
    }

    /// Creates a new store at `path` for `run`, replacing any store already there.
    public static func create(at path: String, run: StoredRun) throws -> FrameStore {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.removeItem(atPath: path + suffix)
            } catch {
                throw FrameStoreError(path: path, "cannot replace the existing store (\(error.localizedDescription))")
            }
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            try queue.write { db in
                try db.execute(sql: schemaSQL)
                try insert(run, into: db)
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            }
        } catch let error as DatabaseError {
            throw FrameStoreError(path: path, "cannot create the store (\(error.message ?? "\(error)"))")
        }
        return FrameStore(path: path, queue: queue)
    }

    /// Opens an existing store. `writable` is for appending to a run that is still training.
    ///
    /// Throws `FrameStoreError` when there is no file, when it is not a frame store or is
    /// damaged, or when a newer Flipbook wrote it.
    public static func open(at path: String, writable: Bool = false) throws -> FrameStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw FrameStoreError(path: path, "no frame store here (expected the frames.sqlite of a run)")
        }
        do {
            // Opening read-write lets SQLite replay the WAL of a killed writer.
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            let version = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            if version > schemaVersion {
                throw FrameStoreError(path: path, "written by a newer Flipbook (schema \(version); this one reads up to \(schemaVersion))")
            }
            guard version == schemaVersion else {
                throw FrameStoreError(path: path, "not a Flipbook frame store (schema version \(version))")
            }
            let store = FrameStore(path: path, queue: queue)
            _ = try store.run()                                  // the run and data must decode
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM epoch") }
            return store
        } catch let error as DatabaseError {
            throw FrameStoreError(path: path, "damaged or not a frame store (\(error.message ?? "\(error)"))")
        }
    }

    /// Reads in one transaction; SQLite errors (a damaged file) become `FrameStoreError`s.
    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw FrameStoreError(path: path, "damaged frame store (\(error.message ?? "\(error)"))")
        }
    }

    /// Writes in one transaction; SQLite errors (a full disk, a damaged file) become `FrameStoreError`s.
    private func write(_ body: (Database) throws -> Void) throws {
        do {
            try queue.write(body)
        } catch let error as DatabaseError {
            throw FrameStoreError(path: path, "cannot write the frame store (\(error.message ?? "\(error)"))")
        }
    }

    /// Records one epoch, in its own transaction.
    public func append(_ record: EpochRecord) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO epoch (epoch, train_loss, test_loss, train_score, test_score, seconds, parameters, confusion)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.epoch, finite(record.trainLoss), finite(record.testLoss),
                                 finite(record.trainScore), finite(record.testScore), record.seconds,
                                 record.parameters.isEmpty ? nil : blob(record.parameters),
                                 record.testConfusion.isEmpty ? nil : blob(record.testConfusion)])
        }
    }

    /// Records how the run ended.
    public func finish(_ status: RunStatus) throws {
        try write { db in
            switch status {
            case .running: try db.execute(sql: "UPDATE run SET status = 'running', diverged_at = NULL")
            case .completed: try db.execute(sql: "UPDATE run SET status = 'completed', diverged_at = NULL")
            case .diverged(let epoch): try db.execute(sql: "UPDATE run SET status = 'diverged', diverged_at = ?", arguments: [epoch])
            }
        }
    }

    /// The run record.
    public func run() throws -> StoredRun {
        try read { db in
            guard let runRow = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1"),
                  let dataRow = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE id = 1") else {
                throw FrameStoreError(path: path, "the run or its data set is missing")
            }
            let architecture = Architecture(layerSizes: try decodeJSON(runRow["layer_sizes"]),
                                            activations: try decodeJSON(runRow["activations"]),
                                            loss: runRow["loss"])
            let status: RunStatus = switch runRow["status"] as String {
            case "completed": .completed
            case "diverged": .diverged(epoch: runRow["diverged_at"] ?? 0)
            default: .running
            }
            let width: Int? = dataRow["image_width"]
            let height: Int? = dataRow["image_height"]
            let dataset = StoredDataset(
                name: dataRow["name"], kind: dataRow["kind"], featureCount: dataRow["feature_count"],
                imageSize: width.flatMap { w in height.map { (w, $0) } },
                classNames: try decodeJSON(dataRow["class_names"]),
                features: floats(dataRow["features"]), labels: int32s(dataRow["labels"]),
                targets: floats(dataRow["targets"]), isTest: (dataRow["is_test"] as Data? ?? Data()).map { $0 != 0 },
                mean: floats(dataRow["mean"]), deviation: floats(dataRow["deviation"]))
            guard dataset.features.count == dataset.count * dataset.featureCount else {
                throw FrameStoreError(path: path, "the data set is truncated")
            }
            return StoredRun(configJSON: runRow["config_json"], architecture: architecture, dataset: dataset, status: status)
        }
    }

    /// The epochs whose parameters were recorded (the frames), in order.
    public func frameEpochs() throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT epoch FROM epoch WHERE parameters IS NOT NULL ORDER BY epoch")
        }
    }

    /// The metrics of every recorded epoch, in order, without parameters.
    public func metrics() throws -> [EpochRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT epoch, train_loss, test_loss, train_score, test_score, seconds, NULL AS parameters, confusion
                FROM epoch ORDER BY epoch
                """).map(record)
        }
    }

    /// One recorded epoch, or nil if it was not recorded.
    public func epoch(_ number: Int) throws -> EpochRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM epoch WHERE epoch = ?", arguments: [number]).map(record)
        }
    }

    /// Every epoch with parameters (every frame) in order, one at a time: memory stays flat
    /// however many there are.
    public func forEachFrame(_ body: (EpochRecord) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM epoch WHERE parameters IS NOT NULL ORDER BY epoch")
            while let row = try rows.next() { try body(record(row)) }
        }
    }

    private func record(_ row: Row) -> EpochRecord {
        EpochRecord(epoch: row["epoch"], trainLoss: row["train_loss"] ?? .nan, testLoss: row["test_loss"] ?? .nan,
                    trainScore: row["train_score"] ?? .nan, testScore: row["test_score"] ?? .nan,
                    seconds: row["seconds"], parameters: floats(row["parameters"]), testConfusion: int32s(row["confusion"]))
    }

    private static func insert(_ run: StoredRun, into db: Database) throws {
        let encoder = JSONEncoder()
        let formatter = ISO8601DateFormatter()
        let (status, divergedAt): (String, Int?) = switch run.status {
        case .running: ("running", nil)
        case .completed: ("completed", nil)
        case .diverged(let epoch): ("diverged", epoch)
        }
        try db.execute(sql: """
            INSERT INTO run (id, created_at, config_json, layer_sizes, activations, loss, status, diverged_at)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [formatter.string(from: Date()), run.configJSON,
                             String(decoding: try encoder.encode(run.architecture.layerSizes), as: UTF8.self),
                             String(decoding: try encoder.encode(run.architecture.activations), as: UTF8.self),
                             run.architecture.loss, status, divergedAt])
        let data = run.dataset
        try db.execute(sql: """
            INSERT INTO dataset (id, name, kind, sample_count, feature_count, image_width, image_height, class_names,
                                 features, labels, targets, is_test, mean, deviation)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [data.name, data.kind, data.count, data.featureCount, data.imageSize?.width,
                             data.imageSize?.height,
                             String(decoding: try encoder.encode(data.classNames), as: UTF8.self),
                             blob(data.features), data.labels.isEmpty ? nil : blob(data.labels),
                             data.targets.isEmpty ? nil : blob(data.targets),
                             Data(data.isTest.map { $0 ? 1 : 0 }), blob(data.mean), blob(data.deviation)])
    }
}

/// A frame store that cannot be used, naming the file and the problem.
public struct FrameStoreError: Error, CustomStringConvertible, Sendable {
    /// The store's path.
    public let path: String
    /// What is wrong.
    public let problem: String

    /// An error about the store at `path`.
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "run/frames.sqlite: no frame store here (…)".
    public var description: String { "\(path): \(problem)" }
}

// Little-endian BLOB encoding (the machines Flipbook runs on are little-endian).

private func blob<T: FixedWidthInteger>(_ values: [T]) -> Data {
    values.map(\.littleEndian).withUnsafeBytes { Data($0) }
}

private func blob(_ values: [Float]) -> Data {
    blob(values.map(\.bitPattern))
}

private func floats(_ data: Data?) -> [Float] {
    guard let data else { return [] }
    return data.withUnsafeBytes { raw in
        (0..<data.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
    }
}

private func int32s(_ data: Data?) -> [Int32] {
    guard let data else { return [] }
    return data.withUnsafeBytes { raw in
        (0..<data.count / 4).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
    }
}

private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

private func decodeJSON<T: Decodable>(_ text: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(text.utf8))
}
