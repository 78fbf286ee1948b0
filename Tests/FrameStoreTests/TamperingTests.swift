import Testing
import Foundation
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
        var description: String { "\(table).\(name)" }
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
    ]

    @Test(arguments: columns)
    func everyColumnTamperedEveryWayIsRefusedNamingItOrHarmless(column: Column) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try makeLooseStore(sampleRun(), epochs: sampleEpochs(), in: directory)
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
