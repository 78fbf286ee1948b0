import Foundation
import FrameStore

/// `flipbook export`: one recorded epoch's parameters as `.npz`.
public enum Exporter {
    /// Exports `epoch` (default: the last with parameters) of the run in `directory`, holding
    /// its reader's lock; returns the file written and the epoch. The destination's folder must
    /// exist and be writable, or nothing is done.
    public static func export(_ directory: RunDirectory, epoch: Int?, to destination: URL?) throws -> (url: URL, epoch: Int) {
        let lock = try directory.lockForReading()
        defer { withExtendedLifetime(lock) {} }
        let store = try FrameStore.open(at: directory.store.relativePath)
        guard let chosen = epoch ?? store.frameEpochs.last else {
            throw FrameStoreError(path: directory.store.relativePath, "no epoch with parameters was recorded")
        }
        let url = destination ?? directory.file("parameters_epoch_\(chosen).npz")
        guard url.pathExtension == "npz" else {
            throw SettingError("to", url.relativePath, expected: "a file name ending in .npz")
        }
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: folder.path) else {
            throw OutputError(path: url.relativePath, "cannot be written: its folder \(folder.relativePath) does not exist or is not a writable directory")
        }
        try Tables.exportParameters(from: store, epoch: chosen, to: url)
        return (url, chosen)
    }
}
