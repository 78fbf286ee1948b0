import Foundation
import GRDB

/// What a glance at a frame store tells without checking all of it: its schema version and how
/// many epochs it recorded. For deciding what a run directory holds (a store that predates
/// lists of outputs, a failed run that kept epochs), never for drawing.
public struct StoreSummary: Sendable, Equatable {
    /// The schema version (SQLite's `user_version`; 0 for a database that is not a frame store).
    public let version: Int
    /// Rows of the epoch table (epochs' ends and snapshots inside them).
    public let recordedEpochs: Int

    /// The summary of the store at `path`, or nil when there is none or it cannot be read.
    public init?(path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let queue = try? DatabaseQueue(path: FrameStoreReader.connectionName(for: path),
                                             configuration: FrameStoreReader.configuration),
              let read = try? queue.read({ db -> (Int, Int) in
                  let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                  let hasEpochs = try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'epoch'") ?? false
                  return (version, hasEpochs ? try Int.fetchOne(db, sql: "SELECT count(*) FROM epoch") ?? 0 : 0)
              })
        else { return nil }
        (version, recordedEpochs) = read
    }
}
