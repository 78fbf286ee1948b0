import Foundation
import FrameStore

/// `flipbook export`: one recorded epoch's parameters, or the initial ones, as `.npz`.
public enum Exporter {
    /// Which parameters to export.
    public enum Choice: Sendable, Equatable {
        /// A recorded epoch; nil for the last with parameters.
        case epoch(Int?)
        /// The parameters before the first update.
        case initial
        /// A snapshot `step` optimizer steps into `epoch` (runs recorded with --record-every-steps).
        case snapshot(epoch: Int, step: Int)
    }

    /// Exports `choice` of the run in `directory`, holding its reader's lock; returns the file
    /// written and a description of what it holds ("parameters after epoch 9"). The
    /// destination's folder must exist and be writable, or nothing is done.
    public static func export(_ directory: RunDirectory, _ choice: Choice, to destination: URL?) throws -> (url: URL, contents: String) {
        let lock = try directory.lockForReading()
        defer { withExtendedLifetime(lock) {} }
        let store = try FrameStore.open(at: directory.store.relativePath)
        switch choice {
        case .initial:
            let url = try checkedDestination(destination ?? directory.file("parameters_initial.npz"))
            try Tables.exportInitialParameters(from: store, to: url)
            return (url, "parameters before the first update")
        case .epoch(let epoch):
            guard let chosen = epoch ?? store.frameEpochs.last else {
                throw FrameStoreError(path: directory.store.relativePath, "no epoch with parameters was recorded")
            }
            let url = try checkedDestination(destination ?? directory.file("parameters_epoch_\(chosen).npz"))
            try Tables.exportParameters(from: store, epoch: chosen, to: url)
            return (url, "parameters after epoch \(chosen)")
        case .snapshot(let epoch, let step):
            let url = try checkedDestination(destination ?? directory.file("parameters_epoch_\(epoch)_step_\(step).npz"))
            try Tables.exportParameters(from: store, at: Moment(epoch: epoch, step: step), to: url)
            return (url, "parameters \(step) steps into epoch \(epoch)")
        }
    }

    /// `url`, if it names a `.npz` file (not a directory) in an existing, writable folder.
    private static func checkedDestination(_ url: URL) throws -> URL {
        guard url.pathExtension == "npz" else {
            throw SettingError("to", url.relativePath, expected: "a file name ending in .npz")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError(path: url.relativePath, "is a directory; name a file to write, e.g. \(Excerpt.of(url.appendingPathComponent("parameters.npz").relativePath))")
        }
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: folder.path) else {
            throw OutputError(path: url.relativePath, "cannot be written: its folder \(Excerpt.of(folder.relativePath)) does not exist or is not a writable directory")
        }
        return url
    }
}
