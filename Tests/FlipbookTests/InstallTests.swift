import Testing
import Foundation
import TestSupport

/// `scripts/install.sh` puts `flipbook` on a PATH with the fonts it draws with, and the installed
/// executable, found through PATH from another directory, says its version and commit, finds those
/// fonts and draws a run. The script's build step (a release build, with the commit) is left out
/// here: it installs this build's executable with `--from`, as a user who built one can.
@Suite struct InstallTests {
    /// The package's root folder (this file is Tests/FlipbookTests/InstallTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theInstalledFlipbookRunsFromPATHWithItsFonts() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.appendingPathComponent("tools/bin")
        let install = try run("/bin/bash", [Self.root.appendingPathComponent("scripts/install.sh").path, "--prefix", prefix.path,
                                            "--from", productsDirectory.path], in: directory)
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        let fonts = directory.appendingPathComponent("tools/share/flipbook/Fonts")
        #expect(FileManager.default.fileExists(atPath: fonts.appendingPathComponent("DejaVuSans.ttf").path))
        #expect(FileManager.default.fileExists(atPath: fonts.appendingPathComponent("DejaVuSans-Bold.ttf").path))

        let elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let path = ["PATH": prefix.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "FLIPBOOK_FONT_DIR": ""]
        let version = try run("/usr/bin/env", ["flipbook", "--version"], in: elsewhere, environment: path)
        #expect(version.status == 0, "\(version.stderr)")
        let lines = version.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.wholeMatch(of: try Regex("flipbook [0-9]+\\.[0-9]+\\.[0-9]+ \\((commit [0-9a-f]{7,}(-dirty)?|unknown commit)\\)")) != nil,
                "\(version.stdout)")
        #expect(lines.dropFirst().first == "fonts: " + fonts.resolvingSymlinksInPath().path, "\(version.stdout)")

        let drawn = try run("/usr/bin/env", ["flipbook", "run", "--out", "r", "--epochs", "3", "--samples", "60", "--size", "160",
                                             "--views", "boundary"], in: elsewhere, environment: path)
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("r/decision_boundary_epoch_002.png").path))

        let refused = try run("/bin/bash", [Self.root.appendingPathComponent("scripts/install.sh").path, "--prefx", prefix.path], in: directory)
        #expect(refused.status == 2 && refused.stderr == "install.sh: unknown argument '--prefx' (expected --prefix DIR or --from BUILD_DIR)\n",
                "\(refused.stderr)")
    }
}
