import Foundation

/// A real data set shipped with Flipbook as a small CSV file in the package's `Data/` folder
/// (installed to `share/flipbook/Data`): UCI Machine Learning Repository data sets, as
/// scikit-learn also ships them (see `Data/README.md` for their sources and licence).
public enum BuiltInTable: String, CaseIterable, Sendable {
    case iris
    case wine
    case breastCancer = "breast-cancer"

    /// The file's name.
    public var fileName: String { rawValue + ".csv" }

    /// Samples, features and classes, as `flipbook datasets` lists them.
    public var size: (samples: Int, features: Int, classes: Int) {
        switch self {
        case .iris: (150, 4, 3)
        case .wine: (178, 13, 3)
        case .breastCancer: (569, 30, 2)
        }
    }

    /// What it holds, in a few words.
    public var summary: String {
        switch self {
        case .iris: "Fisher's iris flowers: sepal and petal lengths and widths, 3 species"
        case .wine: "wines of 3 Italian cultivars: 13 chemical measurements"
        case .breastCancer: "Wisconsin diagnostic breast cancer: 30 measurements of cell nuclei, malignant or benign"
        }
    }

    /// The data set, read from its file.
    public func read() throws(DatasetError) -> Dataset {
        var dataset = try CSVReader.read(path: try path())
        dataset.name = rawValue
        return dataset
    }

    /// Where its file is: `$FLIPBOOK_DATA_DIR`, `share/flipbook/Data` beside the executable's
    /// folder, a `Data` folder above the executable, or the package's own.
    func path() throws(DatasetError) -> String {
        var candidates: [String] = []
        if let directory = ProcessInfo.processInfo.environment["FLIPBOOK_DATA_DIR"], !directory.isEmpty {
            candidates.append(directory)
        }
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "."
        var directory = URL(fileURLWithPath: running).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/flipbook/Data").path)
        for _ in 0..<8 {
            candidates.append(directory.appendingPathComponent("Data").path)
            directory = directory.deletingLastPathComponent()
        }
        // Sources/Datasets/BuiltInTable.swift, three levels below the package.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent("Data").path)
        for candidate in candidates {
            let path = (candidate as NSString).appendingPathComponent(fileName)
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        throw DatasetError(file: fileName, "is not installed; looked in \(candidates.joined(separator: ", ")) (set FLIPBOOK_DATA_DIR to the package's Data folder)")
    }
}
