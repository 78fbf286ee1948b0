import Foundation
import FrameStore

/// `flipbook export`: one recorded epoch's parameters as `.npz`.
public enum Exporter {
    /// Exports `epoch` (default: the last with parameters) of the run in `directory`; returns
    /// the file written and the epoch.
    public static func export(_ directory: RunDirectory, epoch: Int?, to destination: URL?) throws -> (url: URL, epoch: Int) {
        let store = try FrameStore.open(at: directory.store.relativePath)
        guard let chosen = epoch ?? store.frameEpochs.last else {
            throw FrameStoreError(path: directory.store.relativePath, "no epoch with parameters was recorded")
        }
        let url = destination ?? directory.file("parameters_epoch_\(chosen).npz")
        guard url.pathExtension == "npz" else {
            throw SettingError("to", url.relativePath, expected: "a file name ending in .npz")
        }
        try Tables.exportParameters(from: store, epoch: chosen, to: url)
        return (url, chosen)
    }
}
