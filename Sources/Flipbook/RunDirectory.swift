import Foundation

/// The files of one run directory, by name.
public struct RunDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// The run directory at `path`.
    public init(path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// `frames.sqlite`: the frame store.
    public var store: URL { file("frames.sqlite") }
    /// `metrics.csv`: one row per epoch.
    public var metrics: URL { file("metrics.csv") }
    /// `parameters.npz`: the final parameters for NumPy.
    public var parameters: URL { file("parameters.npz") }
    /// `report.md`: every picture and the final metrics, for docs.
    public var report: URL { file("report.md") }

    /// A file in the directory.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Creates the directory if needed and checks that files can be written in it.
    public func prepareForWriting() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError(path: url.relativePath, "exists and is not a directory")
        }
        do {
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: url.relativePath, "cannot create the directory (\(reason(error)))")
        }
        guard manager.isWritableFile(atPath: url.path) else {
            throw OutputError(path: url.relativePath, "the directory is not writable")
        }
        removeAbandonedPartialFiles()
    }

    /// Deletes the temporary `.NAME.XXXXXXXX.partial` files that a killed process left behind
    /// (outputs are written under such names and renamed when complete).
    public func removeAbandonedPartialFiles() {
        removeFiles { $0.hasPrefix(".") && $0.hasSuffix(".partial") }
    }

    /// Deletes the files in the directory whose names satisfy `condition` (best effort).
    public func removeFiles(where condition: (String) -> Bool) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        for name in names where condition(name) {
            try? FileManager.default.removeItem(at: file(name))
        }
    }
}

/// An output that cannot be written, naming the path.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// The file or directory.
    public let path: String
    /// What went wrong.
    public let problem: String

    /// An error about `path`.
    public init(path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "out/run: the directory is not writable".
    public var description: String { "\(path): \(problem)" }
}

/// Writes `data` to `url` atomically (a temporary file, then a rename): it appears whole or not at all.
func writeAtomically(_ data: Data, to url: URL) throws {
    do {
        try data.write(to: url, options: .atomic)
    } catch {
        throw OutputError(path: url.relativePath, "cannot write (\(reason(error)))")
    }
}

/// The operating system's reason for a file error, in words.
func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
}
