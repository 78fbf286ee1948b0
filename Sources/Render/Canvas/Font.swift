import Foundation

/// A TrueType font file, found in the package's `Fonts/` folder.
public struct Font: Sendable {
    /// The font file's path.
    public let path: String

    /// The file name of the regular face the renderer uses.
    public static let regularFileName = "DejaVuSans.ttf"
    /// The file name of the bold face.
    public static let boldFileName = "DejaVuSans-Bold.ttf"

    /// A font at an explicit path; throws `FontError` if the file is missing.
    public init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw FontError(message: "font file \(path) is missing or unreadable")
        }
        self.path = path
    }

    /// Finds `fileName` in `$FLIPBOOK_FONT_DIR`, then in `../share/flipbook/Fonts` beside an
    /// installed binary (`scripts/install.sh`), then in a `Fonts/` folder above the running
    /// executable (a build inside the package), then in the package this source file belongs to.
    public static func locate(_ fileName: String = regularFileName) throws -> Font {
        var candidates: [String] = []
        if let directory = ProcessInfo.processInfo.environment["FLIPBOOK_FONT_DIR"], !directory.isEmpty {
            candidates.append(directory)
        }
        // The executable itself, wherever the command was found (argv[0] is a bare name when the
        // shell found it on PATH).
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "."
        let executable = URL(fileURLWithPath: running).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/flipbook/Fonts").path)
        for _ in 0..<8 {
            candidates.append(directory.appendingPathComponent("Fonts").path)
            directory = directory.deletingLastPathComponent()
        }
        // Sources/Render/Canvas/Font.swift, four levels below the package.
        let sourcePackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sourcePackage.appendingPathComponent("Fonts").path)
        for candidate in candidates {
            let path = (candidate as NSString).appendingPathComponent(fileName)
            if FileManager.default.isReadableFile(atPath: path) { return try Font(path: path) }
        }
        throw FontError(message: "cannot find the font \(fileName); looked in \(candidates.joined(separator: ", ")) (set FLIPBOOK_FONT_DIR to the package's Fonts folder)")
    }
}

/// A font that cannot be found or used.
public struct FontError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and where the renderer looked.
    public let message: String
    /// The message.
    public var description: String { message }
}
