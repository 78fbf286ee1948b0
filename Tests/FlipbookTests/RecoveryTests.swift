import Foundation
import Testing
import TestSupport

/// Nothing of the user's is ever lost: a run killed at any step (through the `KillPoint` test
/// hook, which kills the process at a named moment), a full disk, or an interrupted probe leaves
/// a directory from which the next run, render or `restore` loses nothing it should keep.
@Suite struct RecoveryTests {
    static let small = ["--epochs", "12", "--samples", "80", "--size", "160"]
    /// The user's own files in a `--force` directory, named as Flipbook names outputs that these
    /// runs do not write (a run writing its own `fit.gif` replaces the user's: that is `--force`).
    static let userFiles = ["fit.gif": "my fit", "weights.gif": "my weights", "predictions_epoch_000.png": "mine", "notes.txt": "notes"]

    let directory: URL
    init() throws { directory = try temporaryDirectory() }

    func path(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// `flipbook` killed (SIGKILL, or `signal`) at the moment `point` names.
    func killed(_ arguments: [String], at point: String, signal: Int32? = nil) throws -> CommandResult {
        var environment = ["FLIPBOOK_TEST_KILL_AT": point]
        if let signal { environment["FLIPBOOK_TEST_KILL_SIGNAL"] = String(signal) }
        return try run(productsDirectory.appendingPathComponent("flipbook").path, arguments, in: directory, environment: environment)
    }

    func writeUserFiles(in folder: String) throws {
        try FileManager.default.createDirectory(at: path(folder), withIntermediateDirectories: true)
        for (name, text) in Self.userFiles { try Data(text.utf8).write(to: path("\(folder)/\(name)")) }
    }

    func expectUserFilesIntact(in folder: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in Self.userFiles {
            #expect((try? String(contentsOf: path("\(folder)/\(name)"), encoding: .utf8)) == text, "\(name)", sourceLocation: sourceLocation)
        }
    }

    func entries(_ folder: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: path(folder).path)) ?? [])
    }

    func listed(_ folder: String) -> Set<String> {
        let text = (try? String(contentsOf: path("\(folder)/.flipbook-files"), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").map(String.init))
    }

    /// Every visible file in `folder` is the user's, the store's, or in the list.
    func expectEveryFileListed(in folder: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let unlisted = entries(folder).filter { !$0.hasPrefix(".") && !$0.hasPrefix("frames.sqlite") }
            .subtracting(Self.userFiles.keys).subtracting(listed(folder))
        #expect(unlisted.isEmpty, "not in the list: \(unlisted.sorted())", sourceLocation: sourceLocation)
    }

    @Test func aRunKilledBeforeDrawingNeverCostsTheUserAFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeUserFiles(in: "d")
        #expect(try flipbook(["run", "--out", "d", "--force", "--views", "loss"] + Self.small, in: directory).status == 0)
        let killed = try killed(["run", "--out", "d", "--force", "--views", "loss"] + Self.small, at: "before-drawing")
        #expect(killed.signaled && killed.status == SIGKILL)
        #expect(entries("d/.flipbook-previous").contains("loss.gif"))
        #expect(listed("d").isEmpty)
        let next = try flipbook(["run", "--out", "d", "--force", "--views", "loss"] + Self.small, in: directory)
        #expect(next.status == 0, "\(next.stderr)")
        expectUserFilesIntact(in: "d")
        #expect(!entries("d").contains(".flipbook-previous"))
    }

    @Test func aRunKilledWhileDrawingListsEveryFileItMade() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeUserFiles(in: "d")
        let both = ["--theme", "both", "--format", "both", "--views", "boundary,loss"]
        let killed = try killed(["run", "--out", "d", "--force"] + both + Self.small, at: "claim:loss_curve.dark.png")
        #expect(killed.signaled)
        #expect(entries("d").contains("decision_boundary.dark.webp"))
        expectEveryFileListed(in: "d")
        expectUserFilesIntact(in: "d")
        // Drawn again in place: every file of the killed drawing is listed or replaced.
        let render = try flipbook(["render", "d", "--views", "boundary"], in: directory)
        #expect(render.status == 0, "\(render.stderr)")
        expectEveryFileListed(in: "d")
        // A new run with fewer pictures leaves none of the killed run's behind.
        let next = try flipbook(["run", "--out", "d", "--force", "--views", "loss"] + Self.small, in: directory)
        #expect(next.status == 0, "\(next.stderr)")
        expectUserFilesIntact(in: "d")
        let left = entries("d").filter { $0.contains("decision_boundary") || $0.contains("dark") || $0.contains("network") }
        #expect(left.isEmpty, "\(left.sorted())")
        #expect(entries("d").filter { $0.hasSuffix(".partial") }.isEmpty)
    }

    @Test func aRunKilledAfterDrawingKeepsItsPicturesAndTheNextOneDiscardsTheOld() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeUserFiles(in: "d")
        #expect(try flipbook(["run", "--out", "d", "--force", "--views", "boundary"] + Self.small, in: directory).status == 0)
        let killed = try killed(["run", "--out", "d", "--force", "--views", "loss"] + Self.small, at: "before-discarding")
        #expect(killed.signaled)
        #expect(entries("d").contains("loss.gif"))
        #expect(entries("d/.flipbook-previous").contains("decision_boundary.gif"))
        let next = try flipbook(["run", "--out", "d", "--force", "--views", "loss"] + Self.small, in: directory)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!entries("d").contains(".flipbook-previous"))
        #expect(!entries("d").contains("decision_boundary.gif"))
        expectUserFilesIntact(in: "d")
    }

    @Test func aKilledRenderOutIsReplacedByTheNextOne() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r", "--views", "boundary,loss"] + Self.small, in: directory).status == 0)
        let killed = try killed(["render", "r", "--out", "o", "--theme", "both"], at: "claim:loss_curve.png")
        #expect(killed.signaled)
        expectEveryFileListed(in: "o")
        let again = try flipbook(["render", "r", "--out", "o"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(entries("o").filter { $0.contains(".dark.") }.isEmpty)
        #expect(!entries("o").contains(".flipbook-previous"))
        #expect(entries("o").contains("loss_curve.png"))
    }

    @Test func anInterruptedDrawingRemovesItsHalfWrittenFiles() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // loss.gif's writer is open (a .partial file) when loss.dark.gif is claimed.
        let interrupted = try killed(["run", "--out", "d", "--theme", "both", "--views", "loss"] + Self.small,
                                     at: "claim:loss.dark.gif", signal: SIGTERM)
        #expect(interrupted.signaled && interrupted.status == SIGTERM)
        #expect(entries("d").contains("frames.sqlite"))
        #expect(entries("d").filter { $0.hasSuffix(".partial") }.isEmpty, "\(entries("d").sorted())")
    }

    @Test func restoreWithNothingSetAsideIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r", "--views", "loss"] + Self.small, in: directory).status == 0)
        let before = entries("r")
        let refused = try flipbook(["restore", "r"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("flipbook: r: holds no run to restore"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(entries("r") == before)
        // An empty set-aside folder (older Flipbooks left one) holds nothing to put back: the run stays.
        try FileManager.default.createDirectory(at: path("r/.flipbook-previous"), withIntermediateDirectories: false)
        let empty = try flipbook(["restore", "r"], in: directory)
        #expect(empty.status == 2 && empty.stderr.hasPrefix("flipbook: r: holds no run to restore"), "\(empty.stderr)")
        #expect(entries("r") == before.union([".flipbook-previous"]))
    }

    @Test func onlyStoresFromBeforeListsLoseFilesByTheirNames() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // A schema-1 store without a list: its outputs are known by name.
        try StoreFixture.allCases[0].materialize(in: path("old"))
        try Data("old picture".utf8).write(to: path("old/fit.gif"))
        try Data("notes".utf8).write(to: path("old/notes.txt"))
        #expect(try flipbook(["run", "--out", "old", "--views", "loss"] + Self.small, in: directory).status == 0)
        #expect(!entries("old").contains("fit.gif"))
        #expect(entries("old").contains("notes.txt"))
        // A newer store without a list (written by an older Flipbook, killed): nothing by name.
        try writeUserFiles(in: "new")
        #expect(try flipbook(["run", "--out", "new", "--force", "--views", "loss"] + Self.small, in: directory).status == 0)
        try FileManager.default.removeItem(at: path("new/.flipbook-files"))
        #expect(try flipbook(["run", "--out", "new", "--force", "--views", "loss"] + Self.small, in: directory).status == 0)
        expectUserFilesIntact(in: "new")
    }

    @Test func abandonedBudgetProbesAreRemovedByTheNextFlipbook() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let temporary = path("tmp")
        for name in ["flipbook-budget-dead", "flipbook-budget-alive", "flipbook-other-dead"] {
            try FileManager.default.createDirectory(at: temporary.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data().write(to: temporary.appendingPathComponent("\(name)/.flipbook.lock"))
        }
        let alive = open(temporary.appendingPathComponent("flipbook-budget-alive/.flipbook.lock").path, O_RDWR)
        defer { close(alive) }
        #expect(flock(alive, LOCK_EX | LOCK_NB) == 0)
        // A budgeted run makes (and removes) a probe folder of its own; any command sweeps.
        for arguments in [["run", "--out", "r", "--views", "loss", "--max-bytes", "5MB"] + Self.small, ["datasets"]] {
            let result = try run(productsDirectory.appendingPathComponent("flipbook").path, arguments, in: directory,
                                 environment: ["TMPDIR": temporary.path])
            #expect(result.status == 0, "\(result.stderr)")
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: temporary.path))
            #expect(left == ["flipbook-budget-alive", "flipbook-other-dead"], "\(arguments[0])")
            try FileManager.default.createDirectory(at: temporary.appendingPathComponent("flipbook-budget-dead"), withIntermediateDirectories: true)
            try Data().write(to: temporary.appendingPathComponent("flipbook-budget-dead/.flipbook.lock"))
        }
    }

    /// Runs `arguments` where writes fail: on a 1 MB tmpfs mounted at `disk` when this process
    /// may mount one (the directory must then be under `disk`), or else with a file-size limit of
    /// `kilobytes` (`ulimit -f`: a write past it fails with EFBIG, as a full disk fails it).
    func withFailingWrites(_ arguments: [String], kilobytes: Int, onDisk mounted: Bool) throws -> CommandResult {
        if mounted { return try flipbook(arguments, in: directory) }
        return try run("/bin/bash", ["-c", "ulimit -f \(kilobytes) && exec \"$F\" \"$@\"", "flipbook"] + arguments, in: directory,
                       environment: ["F": productsDirectory.appendingPathComponent("flipbook").path])
    }

    /// Mounts a 1 MB tmpfs at `disk`; false where this process may not mount one.
    func mountSmallDisk(at disk: URL) throws -> Bool {
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        return try run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.path], in: directory).status == 0
    }

    @Test func aFullDiskKeepsThePreviousRunRecoverable() throws {
        let disk = path("disk")
        let mounted = try mountSmallDisk(at: disk)
        defer {
            if mounted { _ = try? run("/bin/umount", [disk.path], in: directory) }
            try? FileManager.default.removeItem(at: directory)
        }
        #expect(try flipbook(["run", "--out", "disk/r", "--views", "loss"] + Self.small, in: directory).status == 0)
        let report = try Data(contentsOf: path("disk/r/report.md"))
        let store = try Data(contentsOf: path("disk/r/frames.sqlite"))
        let large = ["run", "--out", "disk/r", "--views", "loss", "--hidden", "64,64", "--epochs", "400", "--samples", "80"]
        let full = try withFailingWrites(large, kilobytes: 600, onDisk: mounted)
        #expect(full.status == 5, "\(full.stderr)")
        #expect(full.stderr.split(separator: "\n").count == 1)
        #expect(full.stderr.contains("flipbook restore disk/r puts it back"), "\(full.stderr)")
        #expect(try Data(contentsOf: path("disk/r/.flipbook-previous/report.md")) == report)
        // The failed run's store keeps what it committed.
        #expect(try FrameStoreProbe.frameCount(path("disk/r/frames.sqlite").path) > 0)
        let restored = try flipbook(["restore", "disk/r"], in: directory)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Data(contentsOf: path("disk/r/report.md")) == report)
        #expect(try Data(contentsOf: path("disk/r/frames.sqlite")) == store)
        #expect(!entries("disk/r").contains(".flipbook-previous"))
    }

    @Test func aWriteFailureBeforeAnyEpochPutsThePreviousRunBack() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try flipbook(["run", "--out", "r", "--views", "loss"] + Self.small, in: directory).status == 0)
        let before = try entries("r").map { ($0, try Data(contentsOf: path("r/\($0)"))) }.sorted { $0.0 < $1.0 }
        // One kilobyte: the list and the lock fit, the new store's first page does not.
        let failed = try withFailingWrites(["run", "--out", "r", "--views", "loss"] + Self.small, kilobytes: 1, onDisk: false)
        #expect(failed.status == 5, "\(failed.stderr)")
        let after = try entries("r").map { ($0, try Data(contentsOf: path("r/\($0)"))) }.sorted { $0.0 < $1.0 }
        #expect(after.map(\.0) == before.map(\.0))
        #expect(after.map(\.1) == before.map(\.1))
    }

    /// A damaged list that names Flipbook's own bookkeeping (the lock, the set-aside run, the list)
    /// or paths outside the directory removes none of them.
    @Test func aDamagedListNeverCostsTheSetAsideRunOrTheLock() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeUserFiles(in: "outside")
        #expect(try flipbook(["run", "--out", "d", "--views", "loss"] + Self.small, in: directory).status == 0)
        try FileManager.default.createDirectory(at: path("d/.flipbook-previous"), withIntermediateDirectories: false)
        try Data("the last complete run".utf8).write(to: path("d/.flipbook-previous/report.md"))
        try Data(".flipbook-previous\n.flipbook.lock\n.flipbook-files\n../outside/notes.txt\n..\n\(path("outside").path)\nloss.gif\n".utf8)
            .write(to: path("d/.flipbook-files"))
        let next = try killed(["run", "--out", "d", "--views", "loss"] + Self.small, at: "before-drawing")
        #expect(next.signaled)
        #expect(entries("d").contains(".flipbook.lock"), "the lock file stays while a writer holds it")
        #expect((try? String(contentsOf: path("d/.flipbook-previous/report.md"), encoding: .utf8)) == "the last complete run")
        expectUserFilesIntact(in: "outside")
    }
}
