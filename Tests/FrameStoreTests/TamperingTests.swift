import Testing
import Foundation
import TestSupport
import GRDB
@testable import FrameStore

/// A valid store, tampered with plain SQL in every column in every way we could think of: opening
/// it must either succeed (the change is harmless) or throw a `FrameStoreError` naming the
/// column — never trap.
@Suite struct TamperingTests {
    /// One way to spoil a value; `{c}` stands for the column's current value.
    struct Tampering: Sendable, CustomStringConvertible {
        let name: String
        let sql: String
        var description: String { name }
    }

    static let tamperings: [Tampering] = [
        .init(name: "NULL", sql: "NULL"),
        .init(name: "text", sql: "'tampered'"),
        .init(name: "real", sql: "12.5"),
        .init(name: "negative", sql: "-1"),
        .init(name: "zero", sql: "0"),
        .init(name: "huge", sql: "4611686018427387904"),
        .init(name: "int32 overflow", sql: "2147483648"),
        .init(name: "huge real", sql: "1e308"),
        .init(name: "empty blob", sql: "X''"),
        .init(name: "one-byte blob", sql: "X'01'"),
        .init(name: "big blob", sql: "zeroblob(4096)"),
        .init(name: "one value short", sql: "substr({c}, 1, length({c}) - 4)"),
        .init(name: "one value long", sql: "CAST({c} || X'00000000' AS BLOB)"),
        .init(name: "NaN first", sql: "CAST(X'0000c07f' || substr({c}, 5) AS BLOB)"),
        .init(name: "infinity first", sql: "CAST(X'0000807f' || substr({c}, 5) AS BLOB)"),
        .init(name: "empty JSON array", sql: "'[]'"),
        .init(name: "JSON object", sql: "'{\"a\": 1}'"),
        .init(name: "not JSON", sql: "'[1, 2'"),
        .init(name: "deep JSON", sql: "replace(hex(zeroblob(3000)), '0', '[')"),
    ]

    /// A column, with the tamperings that must be refused and those that must be accepted; the
    /// rest may go either way.
    struct Column: Sendable, CustomStringConvertible {
        let table: String
        let name: String
        var refused: Set<String> = []
        var accepted: Set<String> = []
        /// Tampered in the field run (`fieldRun()`) rather than the binary network run.
        var inFieldRun = false
        var description: String { "\(inFieldRun ? "field run " : "")\(table).\(name)" }
    }

    static let all = Set(tamperings.map(\.name))
    static let blobs: Set<String> = ["empty blob", "one-byte blob", "big blob", "one value long", "NaN first", "infinity first"]
    static let numbers: Set<String> = ["real", "negative", "zero", "huge", "int32 overflow", "huge real"]
    /// The tamperings computed from the current value: nothing changes where it is NULL.
    static let derived: Set<String> = ["one value short", "one value long", "NaN first", "infinity first"]

    /// The columns of the binary sample store (`sampleRun`), epoch 2 tampered in the epoch table.
    static let columns: [Column] = [
        Column(table: "run", name: "id"),
        Column(table: "run", name: "created_at", refused: blobs.union(["NULL"]), accepted: ["text"]),
        Column(table: "run", name: "config_json", refused: all.subtracting(["JSON object"]), accepted: ["JSON object"]),
        Column(table: "run", name: "layer_sizes", refused: all),
        Column(table: "run", name: "activations", refused: all),
        Column(table: "run", name: "loss", refused: all),
        Column(table: "run", name: "status", refused: all),
        Column(table: "run", name: "diverged_at", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "dataset", name: "id"),
        Column(table: "dataset", name: "name", refused: blobs.union(["NULL"]), accepted: ["text", "real"]),
        Column(table: "dataset", name: "kind", refused: all),
        Column(table: "dataset", name: "sample_count", refused: all),
        Column(table: "dataset", name: "feature_count", refused: all),
        Column(table: "dataset", name: "image_width", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "dataset", name: "image_height", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "dataset", name: "class_names", refused: all),
        Column(table: "dataset", name: "features", refused: all),
        Column(table: "dataset", name: "labels", refused: all),
        Column(table: "dataset", name: "targets", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "dataset", name: "is_test", refused: all),
        Column(table: "dataset", name: "mean", refused: all),
        Column(table: "dataset", name: "deviation", refused: all),
        Column(table: "epoch", name: "epoch", refused: all),
        Column(table: "epoch", name: "train_loss", refused: blobs.union(["text", "negative", "empty JSON array", "JSON object", "not JSON", "deep JSON"]),
               accepted: ["NULL", "real", "zero", "huge", "int32 overflow", "huge real"]),
        Column(table: "epoch", name: "test_loss", refused: blobs.union(["text", "negative"]), accepted: ["NULL", "real", "zero", "huge real"]),
        Column(table: "epoch", name: "train_score", refused: blobs.union(["text", "real", "negative", "huge", "huge real"]), accepted: ["NULL", "zero"]),
        Column(table: "epoch", name: "test_score", refused: blobs.union(["text", "real", "negative", "huge", "huge real"]), accepted: ["NULL", "zero"]),
        Column(table: "epoch", name: "seconds", refused: blobs.union(["NULL", "text", "negative"]), accepted: ["real", "zero", "huge real"]),
        Column(table: "epoch", name: "parameters", refused: all.subtracting(["NULL"]), accepted: ["NULL"]),
        Column(table: "epoch", name: "confusion", refused: all.subtracting(["NULL", "NaN first", "infinity first"]),
               accepted: ["NULL", "NaN first", "infinity first"]),
        // Schema 3, in a network run: where they are NULL, only NULL is harmless.
        Column(table: "run", name: "model", refused: all),
        Column(table: "run", name: "field_extent", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "run", name: "field_size", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "run", name: "recorded_by", refused: blobs.union(["NULL", "deep JSON"]), accepted: ["text", "real"]),
        Column(table: "run", name: "steps_per_epoch", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "epoch", name: "step", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "epoch", name: "field", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        Column(table: "epoch", name: "predicted", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"])),
        // Schema 3, in a field run.
        Column(table: "run", name: "model", refused: all, inFieldRun: true),
        Column(table: "run", name: "field_extent", refused: all, inFieldRun: true),
        Column(table: "run", name: "field_size", refused: all, inFieldRun: true),
        Column(table: "run", name: "layer_sizes", refused: all, inFieldRun: true),
        Column(table: "run", name: "initial_parameters", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"]), inFieldRun: true),
        Column(table: "epoch", name: "parameters", refused: all.subtracting(derived.union(["NULL"])), accepted: derived.union(["NULL"]), inFieldRun: true),
        // (A frame without its field keeps no predicted classes: NULL is refused here too.)
        Column(table: "epoch", name: "field", refused: all.subtracting(["NaN first", "infinity first"]),
               accepted: ["NaN first", "infinity first"], inFieldRun: true),
        Column(table: "epoch", name: "predicted", refused: all.subtracting(["NULL"]), accepted: ["NULL"], inFieldRun: true),
    ]

    @Test(arguments: columns)
    func everyColumnTamperedEveryWayIsRefusedNamingItOrHarmless(column: Column) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = column.inFieldRun ? try makeLooseStore(fieldRun(), epochs: fieldEpochs(), in: directory)
            : try makeLooseStore(sampleRun(), epochs: sampleEpochs(), in: directory)
        for tampering in Self.tamperings {
            let path = directory.appendingPathComponent("\(tampering.name).sqlite").path
            try FileManager.default.copyItem(atPath: base, toPath: path)
            let value = tampering.sql.replacingOccurrences(of: "{c}", with: column.name)
            let filter = column.table == "epoch" ? " WHERE epoch = 2" : ""
            try execute("UPDATE \(column.table) SET \(column.name) = \(value)\(filter)", on: path)
            do {
                _ = try FrameStore.open(at: path)
                #expect(!column.refused.contains(tampering.name), "\(column) \(tampering): accepted")
            } catch let error as FrameStoreError {
                #expect(!column.accepted.contains(tampering.name), "\(column) \(tampering): refused: \(error)")
                #expect(error.description.contains(column.name), "\(column) \(tampering): \(error)")
                #expect(error.description.hasPrefix(path + ": "), "\(column) \(tampering): \(error)")
                if column.table == "epoch", column.name != "epoch" {
                    #expect(error.description.contains("epoch 2"), "\(column) \(tampering): \(error)")
                }
                #expect(!error.description.contains("\n"), "\(column) \(tampering): \(error)")
            }
        }
    }

    /// Which valid store a targeted case starts from.
    enum Base: Sendable {
        /// `sampleRun()`: circles, 2 → 3 → 1, binary cross-entropy, 5 epochs (3 without parameters).
        case binary
        /// `regressionRun()`: sine, 1 → 2 → 1, mean squared error, 3 epochs.
        case regression
        /// `imageRun()`: 2×2 images of 3 classes, 4 → 2 → 3 softmax, 3 epochs.
        case image
        /// `fieldRun()`: circles as a field run on a 4 × 4 grid, 5 epochs (epoch 3 without a field).
        case field
    }

    /// Rows, tables and values spoiled on purpose, with what the refusal must say (nil: the
    /// change is harmless and the store must open).
    struct Case: Sendable, CustomStringConvertible {
        let base: Base
        let sql: String
        let expected: String?
        init(_ base: Base, _ sql: String, _ expected: String?) {
            self.base = base
            self.sql = sql
            self.expected = expected
        }
        init(_ sql: String, _ expected: String?) {
            self.init(.binary, sql, expected)
        }
        var description: String { "\(base): \(sql)" }
    }

    static let cases: [Case] = [
        Case("DELETE FROM run", "table run holds 0 rows; a frame store has exactly one"),
        Case("INSERT INTO run SELECT * FROM run", "table run holds 2 rows; a frame store has exactly one"),
        Case("DELETE FROM dataset", "table dataset holds 0 rows"),
        Case("DROP TABLE epoch", "has no table epoch"),
        Case("ALTER TABLE dataset DROP COLUMN labels", "table dataset has no column labels"),
        Case("ALTER TABLE epoch RENAME COLUMN confusion TO matrix", "table epoch has no column confusion"),
        Case("PRAGMA user_version = 0", "not a Flipbook frame store (schema version 0)"),
        Case("DELETE FROM epoch WHERE epoch = 2", "epoch 2 is missing: the epoch column jumps from 1 to 3"),
        Case("DELETE FROM epoch WHERE epoch = 0", "epoch 0 is missing"),
        Case("INSERT INTO epoch SELECT * FROM epoch WHERE epoch = 1", "epoch 1 is recorded twice"),
        Case("UPDATE epoch SET epoch = 16777216 WHERE epoch = 4", "epoch is 16777216, outside 0…16777215"),
        Case("DELETE FROM epoch", nil),
        Case("UPDATE run SET layer_sizes = '[2, 1048577, 1]'", "run.layer_sizes: size 1048577 (position 1) is outside 1…1048576"),
        Case(#"UPDATE run SET layer_sizes = '[2, 65536, 65536, 1]', activations = '["relu","relu","identity"]'"#,
             "run.layer_sizes: the network 2 → 65536 → 65536 → 1 has more than 268435456 parameters"),
        Case("UPDATE run SET layer_sizes = '[2]'", "run.layer_sizes holds 1 size; a network needs at least 2"),
        Case("UPDATE run SET layer_sizes = '[' || replace(hex(zeroblob(300)), '00', '2,') || '1]'", "run.layer_sizes holds 301 sizes; a store holds at most 256 layers"),
        Case("UPDATE run SET layer_sizes = '[2, 3, 1, 1]'", "run.activations holds 2 activations for the 3 layers of run.layer_sizes"),
        Case(#"UPDATE run SET activations = '["relu","relu"]'"#, "run.activations: the output layer's activation is relu; it must be identity"),
        Case(#"UPDATE run SET activations = '["linear","identity"]'"#, "run.activations: 'linear' is not one of identity, relu, leaky-relu, sigmoid, tanh, softmax"),
        Case(#"UPDATE run SET activations = '["leaky-relu","identity"]'"#, nil),
        Case("UPDATE run SET layer_sizes = '[2, 4, 1]'", "epoch 0: parameters hold 13 values; the network 2 → 4 → 1 needs 17"),
        Case("UPDATE run SET layer_sizes = '[3, 3, 1]'", "dataset.feature_count 2 differs from the 3 inputs of the network 3 → 3 → 1"),
        Case("UPDATE run SET loss = 'softmax-cross-entropy'", "dataset.class_names holds 2 classes, but the network has 1 output (softmax-cross-entropy needs one per class)"),
        Case("UPDATE run SET loss = 'mean-squared-error'", "dataset.class_names holds 2 classes, but mean-squared-error is regression"),
        Case("UPDATE run SET status = 'diverged', diverged_at = 5", nil),
        Case("UPDATE run SET status = 'diverged', diverged_at = 3", "run.diverged_at is 3, but the store holds 5 epochs"),
        Case("UPDATE run SET status = 'diverged'", "run.diverged_at is NULL, but run.status is diverged"),
        Case("UPDATE run SET status = 'running', diverged_at = 2", "run.diverged_at is 2, but the run is running"),
        Case(#"UPDATE run SET config_json = '{"dataset": "circles", "extra": [1, 2]}'"#, nil),
        Case("UPDATE dataset SET kind = 'table'", nil),
        Case("UPDATE dataset SET kind = 'image'", "dataset.kind is image, but dataset.image_width and image_height are not set"),
        Case("UPDATE dataset SET kind = 'regression1D'", "dataset.kind is regression1D, but dataset.feature_count is 2, not 1"),
        Case("UPDATE dataset SET image_width = 2", "dataset.image_width is 2 but dataset.image_height is NULL; an image size needs both"),
        Case("UPDATE dataset SET labels = X'000000000700000001000000'", "dataset.labels: label 7 of sample 1 is outside the 2 classes"),
        Case("UPDATE dataset SET labels = X'00000000ffffffff01000000'", "dataset.labels: label -1 of sample 1 is outside the 2 classes"),
        Case("UPDATE dataset SET is_test = X'000201'", "dataset.is_test: the byte of sample 1 is 2, expected 0 (training) or 1 (test)"),
        Case(#"UPDATE dataset SET class_names = '["a", 5]'"#, "dataset.class_names is not a JSON array of class names"),
        Case(#"UPDATE dataset SET class_names = '["a", "' || hex(zeroblob(200)) || '"]'"#, "dataset.class_names: the name of class 1 is 400 bytes long; at most 256"),
        Case("UPDATE dataset SET deviation = CAST(X'00000000' || substr(deviation, 5) AS BLOB)", "dataset.deviation: the deviation of feature 0 is 0.0; it must be positive and finite"),
        Case("UPDATE dataset SET name = CAST(X'ff' AS TEXT)", "dataset.name is not valid UTF-8 text"),
        Case("UPDATE epoch SET confusion = X'ffffffff000000000000000001000000' WHERE epoch = 1", "epoch 1: confusion: the count of true class 0, predicted 0 is -1"),
        Case("UPDATE epoch SET train_loss = 1e999 WHERE epoch = 1", "epoch 1: train_loss is inf, expected a finite number"),
        Case("UPDATE epoch SET seconds = -0.0 WHERE epoch = 1", nil),
        Case("UPDATE epoch SET parameters = CAST(substr(parameters, 1, 16) || X'0000807f' || substr(parameters, 21) AS BLOB) WHERE epoch = 4",
             "epoch 4: parameters: value 4 of 13 is inf"),
        Case(.regression, "UPDATE dataset SET targets = CAST(X'0000c07f' || substr(targets, 5) AS BLOB)", "dataset.targets: the target of sample 0 is nan"),
        Case(.regression, "UPDATE dataset SET targets = NULL", "dataset.targets is NULL, but mean-squared-error is regression"),
        Case(.regression, "UPDATE dataset SET labels = X'000000000000000000000000'", "dataset.labels is set, but mean-squared-error is regression"),
        Case(.regression, #"UPDATE dataset SET class_names = '["a", "b"]'"#, "dataset.class_names holds 2 classes, but mean-squared-error is regression"),
        Case(.regression, "UPDATE epoch SET confusion = X'00000000' WHERE epoch = 1", "epoch 1: confusion is set, but regression has no classes"),
        Case(.regression, "UPDATE epoch SET train_score = -50 WHERE epoch = 1", nil),
        Case(.regression, "UPDATE epoch SET test_score = 1.5 WHERE epoch = 1", "epoch 1: test_score is 1.5; R² is finite and at most 1"),
        Case(.regression, "UPDATE dataset SET kind = 'points2D'", "dataset.kind is points2D, but dataset.feature_count is 1, not 2"),
        Case(.regression, "UPDATE run SET loss = 'binary-cross-entropy'", "dataset.kind is regression1D, but run.loss is binary-cross-entropy"),
        Case(.regression, #"UPDATE run SET layer_sizes = '[1, 2, 2]'"#, "run.layer_sizes ends in 2 outputs; mean-squared-error regression has 1"),
        Case(.image, "UPDATE dataset SET image_width = 3", "dataset.image_width × image_height is 3 × 2, but dataset.feature_count is 4"),
        Case(.image, "UPDATE dataset SET image_width = NULL, image_height = NULL", "dataset.kind is image, but dataset.image_width and image_height are not set"),
        Case(.image, "UPDATE dataset SET image_width = 0", "dataset.image_width is 0, outside 1…1048576"),
        Case(.image, "UPDATE dataset SET kind = 'table'", "dataset.image_width and image_height are 2 × 2, but dataset.kind table has no image size"),
        Case(.image, "UPDATE run SET loss = 'binary-cross-entropy'", nil),
        Case(.image, "UPDATE run SET loss = 'mean-squared-error'", "dataset.kind is image, but run.loss is mean-squared-error"),
        Case(.image, "UPDATE run SET layer_sizes = '[4, 2, 1]', loss = 'binary-cross-entropy'",
             "dataset.class_names holds 3 classes, but the network's 1 output with binary-cross-entropy separates 2"),
        Case(.image, "UPDATE epoch SET confusion = zeroblob(16) WHERE epoch = 2", "epoch 2: confusion holds 16 bytes; 3 classes need 3 × 3 int32 (36 bytes)"),
        // Schema 3: fields.
        Case(.field, "UPDATE run SET model = 'network'", "epoch 0: field is set, but run.model is network"),
        Case(.field, "UPDATE run SET field_size = 5", "epoch 0: field holds 16 bytes; 5 × 5 grid points × 1 outputs need 25"),
        Case(.field, "UPDATE run SET field_size = 1025", "run.field_size is 1025, outside 0…1024"),
        Case(.field, "UPDATE run SET field_size = 1", "run.field_size is 1, outside 2…1024"),
        Case(.field, "UPDATE run SET field_size = NULL", "run.field_extent and run.field_size are set together"),
        Case(.field, "UPDATE run SET field_extent = '[1, -1, -1, 1]'", "run.field_extent is [1.0, -1.0, -1.0, 1.0]; expected [min_x, max_x, min_y, max_y]"),
        Case(.field, "UPDATE run SET field_extent = '[0, 1e300, 0, 1]'", "within ±1e+15"),
        Case(.field, "UPDATE run SET field_extent = '[0, 1, 0]'", "run.field_extent holds 3 numbers"),
        Case(.field, "UPDATE run SET field_extent = '[0, 1e999, 0, 1]'", "run.field_extent is not a JSON array"),
        Case(.field, "UPDATE run SET field_extent = '[-1e-300, 1e-300, 5, 5.000000001]'", nil),
        Case(.field, #"UPDATE run SET layer_sizes = '[2, 3, 1]', activations = '["relu","identity"]'"#, "a field run states only [inputs, outputs]"),
        Case(.field, "UPDATE run SET layer_sizes = '[2, 3]', loss = 'softmax-cross-entropy'", "dataset.class_names holds 2 classes, but the network has 3 outputs"),
        Case(.field, "UPDATE run SET layer_sizes = '[2, 2]', loss = 'softmax-cross-entropy'", "epoch 0: field holds 16 bytes; 4 × 4 grid points × 2 outputs need 32"),
        Case(.field, "UPDATE run SET initial_parameters = zeroblob(12)", "run.initial_parameters is set, but run.model is field"),
        Case(.field, "UPDATE epoch SET parameters = zeroblob(12) WHERE epoch = 1", "epoch 1: parameters are set, but run.model is field"),
        Case(.field, "UPDATE run SET loss = 'mean-squared-error'", "dataset.class_names holds 2 classes, but mean-squared-error is regression"),
        Case(.field, "UPDATE dataset SET kind = 'table'", nil),
        Case(.field, "UPDATE epoch SET field = NULL", "epoch 0: predicted is set, but only a classifying field run's frame (one with a field) holds predicted classes"),
        Case(.field, "UPDATE epoch SET field = NULL, predicted = NULL", nil),
        Case(.field, "UPDATE epoch SET predicted = X'000001000200' WHERE epoch = 1", "epoch 1: predicted: the class of sample 2 is 2, outside the 2 classes"),
        Case(.field, "UPDATE epoch SET predicted = X'00000100' WHERE epoch = 1", "epoch 1: predicted holds 4 bytes; dataset.sample_count 3 samples need 6 (uint16)"),
        Case("UPDATE run SET model = 'field'", "run.model is field, but run.field_extent and run.field_size are NULL"),
        Case("UPDATE run SET model = 'fields'", "run.model 'fields' is not one of network, field"),
        Case("UPDATE run SET field_extent = '[-2, 2, -2, 2]', field_size = 8", nil),
        Case("UPDATE run SET recorded_by = ''", "run.recorded_by is 0 bytes long"),
        Case(.regression, "UPDATE run SET model = 'field', field_extent = '[0, 1, 0, 1]', field_size = 4", "a field run states only [inputs, outputs]"),
        // Schema 3: snapshots inside epochs.
        Case("UPDATE run SET steps_per_epoch = 10; INSERT INTO epoch (epoch, step, seconds) VALUES (2, 5, 0), (2, 3, 0.5)", nil),
        Case("UPDATE run SET steps_per_epoch = 10; INSERT INTO epoch (epoch, step, seconds) VALUES (5, 3, 0)", nil),
        Case("UPDATE run SET steps_per_epoch = 10; INSERT INTO epoch (epoch, step, seconds) VALUES (2, 3, 0), (2, 3, 0)", "epoch 2, step 3 comes after step 3 of the same epoch"),
        Case("UPDATE run SET steps_per_epoch = 10; INSERT INTO epoch (epoch, step, seconds) VALUES (2, 10, 0)", "epoch 2: step is 10, outside 1…9"),
        Case("UPDATE run SET steps_per_epoch = 10; INSERT INTO epoch (epoch, step, seconds) VALUES (6, 1, 0)", "epoch 5 is missing: the epoch column jumps from 4 to 6"),
        Case("UPDATE run SET steps_per_epoch = 10; UPDATE epoch SET step = 4 WHERE epoch = 2", "epoch 2 is missing"),
        Case("INSERT INTO epoch (epoch, step, seconds) VALUES (2, 3, 0)", "epoch 2: step is 3, but run.steps_per_epoch is NULL"),
        Case("UPDATE run SET steps_per_epoch = 1", "run.steps_per_epoch is 1, outside 2…16777216"),
        Case("UPDATE run SET steps_per_epoch = 10, status = 'diverged', diverged_at = 5; INSERT INTO epoch (epoch, step, seconds) VALUES (5, 3, 0)", nil),
        Case("ALTER TABLE epoch DROP COLUMN step", "table epoch has no column step"),
        Case("ALTER TABLE run DROP COLUMN model", "table run has no column model"),
    ]

    @Test(arguments: cases)
    func spoiledRowsTablesAndValuesAreRefusedSayingWhat(_ spoiled: Case) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = switch spoiled.base {
        case .binary: try makeLooseStore(sampleRun(), epochs: sampleEpochs(), in: directory)
        case .regression: try makeLooseStore(regressionRun(), epochs: regressionEpochs(), in: directory)
        case .image: try makeLooseStore(imageRun(), epochs: imageEpochs(), in: directory)
        case .field: try makeLooseStore(fieldRun(), epochs: fieldEpochs(), in: directory)
        }
        try execute(spoiled.sql, on: path)
        do {
            _ = try FrameStore.open(at: path)
            #expect(spoiled.expected == nil, "accepted")
        } catch let error as FrameStoreError {
            guard let expected = spoiled.expected else {
                Issue.record("refused: \(error)")
                return
            }
            #expect(error.description.hasPrefix(path + ": "), "\(error)")
            #expect(error.description.contains(expected), "\(error)")
            #expect(!error.description.contains("\n"), "\(error)")
        }
    }
}

/// Writes `run` and `epochs` with the store's writer, then rebuilds every table without its
/// constraints (NOT NULL, CHECK, keys) but with the same column affinities, so that tests can put
/// anything anywhere. Returns the path.
func makeLooseStore(_ run: StoredRun, epochs: [EpochRecord], status: RunStatus = .completed, in directory: URL) throws -> String {
    let path = directory.appendingPathComponent("base.sqlite").path
    do {
        let store = try FrameStore.create(at: path, run: run)
        for epoch in epochs { try store.append(epoch) }
        try store.finish(status)
    }
    try execute("""
        CREATE TABLE loose_run AS SELECT * FROM run; DROP TABLE run; ALTER TABLE loose_run RENAME TO run;
        CREATE TABLE loose_dataset AS SELECT * FROM dataset; DROP TABLE dataset; ALTER TABLE loose_dataset RENAME TO dataset;
        CREATE TABLE loose_epoch AS SELECT * FROM epoch; DROP TABLE epoch; ALTER TABLE loose_epoch RENAME TO epoch;
        """, on: path)
    return path
}

/// Runs `sql` on the file at `path` with a plain read-write connection.
func execute(_ sql: String, on path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: sql) }
    try queue.close()
}

/// Five epochs of the binary sample run, each with a 2×2 confusion matrix; epoch 3 without parameters.
func sampleEpochs() -> [EpochRecord] {
    (0..<5).map { epoch in
        var record = sampleEpoch(epoch)
        record.testConfusion = [1, 0, Int32(epoch % 2), 1]
        if epoch == 3 { record.parameters = [] }
        return record
    }
}

/// A valid regression run: sine, 1 → 2 tanh → 1, mean squared error.
func regressionRun() -> StoredRun {
    StoredRun(configJSON: #"{"dataset":"sine"}"#,
              architecture: Architecture(layerSizes: [1, 2, 1], activations: [.tanh, .identity], loss: .meanSquaredError),
              dataset: StoredDataset(name: "sine", kind: .regression1D, featureCount: 1, classNames: [], features: [0.5, -1, 2],
                                     labels: [], targets: [0.1, -0.4, 0.9], isTest: [false, true, false], mean: [0.2], deviation: [1.5]))
}

/// Three epochs of `regressionRun()`, R² below zero at first.
func regressionEpochs() -> [EpochRecord] {
    (0..<3).map { epoch in
        EpochRecord(epoch: epoch, trainLoss: 0.5 / Double(epoch + 1), testLoss: 0.6, trainScore: -0.5 + 0.4 * Double(epoch), testScore: 0.1,
                    seconds: 0.002, parameters: (0..<7).map { Float($0) * 0.25 - Float(epoch) })
    }
}

/// A valid image run: three 2×2 test images of classes a, b, c; 4 → 2 relu → 3 softmax.
func imageRun() -> StoredRun {
    StoredRun(configJSON: #"{"dataset":"mnist:tiny"}"#,
              architecture: Architecture(layerSizes: [4, 2, 3], activations: [.relu, .identity], loss: .softmaxCrossEntropy),
              dataset: StoredDataset(name: "tiny", kind: .image, featureCount: 4, imageSize: (width: 2, height: 2), classNames: ["a", "b", "c"],
                                     features: [0, 1, 0.5, 0.25, 1, 1, 0, 0, 0.75, 0, 0, 1], labels: [0, 1, 2], targets: [],
                                     isTest: [true, true, true], mean: [0, 0, 0, 0], deviation: [1, 1, 1, 1]))
}

/// Three epochs of `imageRun()`, each with a 3×3 confusion matrix.
func imageEpochs() -> [EpochRecord] {
    (0..<3).map { epoch in
        EpochRecord(epoch: epoch, trainLoss: 1.1, testLoss: 1.2, trainScore: 0.4, testScore: 1.0 / 3, seconds: 0.01,
                    parameters: (0..<19).map { Float($0 % 5) * 0.1 - Float(epoch) }, testConfusion: [1, 0, 0, 0, 1, 0, 1, 0, 0])
    }
}

/// A valid field run: the binary sample's data, its model's P(class 1) on a 4 × 4 grid over
/// [−1, 1]², as another trainer records it.
func fieldRun() -> StoredRun {
    var run = sampleRun()
    run.architecture = Architecture(layerSizes: [2, 1], activations: [.identity], loss: .binaryCrossEntropy)
    run.model = .field
    run.fieldGrid = FieldGrid(minX: -1, maxX: 1, minY: -1, maxY: 1, size: 4)
    run.recordedBy = "flipbook_record 0.1.0 (Python 3.11.2)"
    return run
}

/// Five epochs of `fieldRun()`, each field exact in bytes (k / 255) with the samples' predicted
/// classes; epoch 3 without either.
func fieldEpochs() -> [EpochRecord] {
    (0..<5).map { (epoch: Int) -> EpochRecord in
        let field: [Float] = epoch == 3 ? [] : (0..<16).map { (i: Int) -> Float in Float((i * 16 + epoch) % 256) / 255 }
        let predicted: [Int32] = epoch == 3 ? [] : [0, 1, Int32(epoch % 2)]
        return EpochRecord(epoch: epoch, trainLoss: 0.6, testLoss: 0.7, trainScore: 0.5, testScore: 0.5, seconds: 0.001, parameters: [],
                           field: field, predicted: predicted)
    }
}
