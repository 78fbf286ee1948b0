// Picture regression tests: every view, drawn by `flipbook render` (run in this process) from
// hand-made frame stores (HandMadeRuns.swift: fixed data and parameters, no training), and the
// comparison grids of `flipbook compare`, are compared frame by frame with the committed
// pictures in Tests/PictureTests/References/NAME/ — every PNG still and every frame of every GIF,
// at `--size 160`.
//
// A network's pictures go through BLAS, whose last bits can differ between CPUs, so they are
// compared within `PictureTolerance.blas` (at most 0.02 % of the pixels changed by more than
// 2 levels); a stored field's must match exactly. A picture that
// differs is copied to $TMPDIR/flipbook-picture-regression/NAME/ for a look, and the failure
// names both files.
//
// After a change that is meant to change the pictures, look at the new ones and rewrite the
// references with
//
//     FLIPBOOK_RECORD_REFERENCES=1 swift test --filter PictureRegression
//
// (or `bash scripts/update-reference-images.sh`), then commit them with the change.
import Testing
import Foundation
import TestSupport
import FlipbookCommandLine

/// Every view of a run, drawn from hand-made stores, against the committed references.
@Suite struct PictureRegressionTests {
    @Test(arguments: HandMadeRun.all)
    func renderDrawsTheReferencePictures(of run: HandMadeRun) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stored = directory.appendingPathComponent("run"), out = directory.appendingPathComponent("pictures")
        try run.write(into: stored)
        try flipbook(["render", stored.path, "--out", out.path, "--size", "160", "--quiet"] + run.flags)
        try References(name: run.name, tolerance: run.tolerance).check(out)
    }

    /// `flipbook compare` can only train, so it trains the smallest run that shows every
    /// comparison picture: XOR, 24 samples, 3 epochs, hidden layers of 2 and 3 units. Trained
    /// with BLIS's generic, haswell, zen3 and skx kernels it drew the same bytes.
    @Test func compareDrawsTheReferencePictures() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("comparison")
        try flipbook(["compare", "--out", out.path, "--vary", "hidden=2|3", "--dataset", "xor", "--samples", "24",
                      "--epochs", "3", "--learning-rate", "0.5", "--size", "160", "--quiet"])
        try References(name: "compare", tolerance: .blas).check(out)
    }
}

/// Runs a `flipbook` command in this process, as the executable would (without its exit).
func flipbook(_ arguments: [String]) throws {
    var command = try FlipbookCommand.parseAsRoot(arguments)
    try command.run()
}

/// The committed pictures of one run, `References/NAME/`, and how closely drawings must match them.
struct References {
    var name: String
    var tolerance: PictureTolerance

    /// Where the references live, in the source tree.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")
    /// Set to 1 to rewrite the references from this drawing instead of checking it.
    static let recordVariable = "FLIPBOOK_RECORD_REFERENCES"

    var folder: URL { Self.root.appendingPathComponent(name) }

    /// The PNG and GIF files directly in `directory`, by name.
    static func pictures(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".gif") }.sorted()
    }

    /// Checks every picture drawn into `drawn` against its reference (the same names, sizes,
    /// frame counts and delays, pixels within the tolerance); or, when recording, makes them the
    /// references.
    func check(_ drawn: URL) throws {
        let names = try Self.pictures(in: drawn)
        if ProcessInfo.processInfo.environment[Self.recordVariable] == "1" {
            try record(names, from: drawn)
            return
        }
        let expected = try Self.pictures(in: folder)
        for file in names where !expected.contains(file) {
            Issue.record("\(name)/\(file) was drawn but has no reference (\(Self.recordVariable)=1 records it)")
        }
        for file in expected where !names.contains(file) {
            Issue.record("\(name)/\(file) has a reference but was not drawn")
        }
        for file in names where expected.contains(file) {
            if let problem = try difference(drawn.appendingPathComponent(file), folder.appendingPathComponent(file)) {
                let kept = try keep(drawn.appendingPathComponent(file))
                Issue.record("\(name)/\(file): \(problem)\n  drawn:     \(kept.path)\n  reference: \(folder.appendingPathComponent(file).path)")
            }
        }
    }

    /// What is wrong with `drawn` against `reference`, or nil when it matches. Files of the same
    /// bytes match without being decoded (the usual case on the CPU that drew the references).
    func difference(_ drawn: URL, _ reference: URL) throws -> String? {
        if try Data(contentsOf: drawn) == Data(contentsOf: reference) { return nil }
        let actual = try PictureFile(contentsOf: drawn), expected = try PictureFile(contentsOf: reference)
        guard actual.frames.count == expected.frames.count else {
            return "\(actual.frames.count) frames, the reference \(expected.frames.count)"
        }
        guard actual.delays == expected.delays else { return "delays \(actual.delays), the reference \(expected.delays)" }
        for (index, (frame, want)) in zip(actual.frames, expected.frames).enumerated() {
            let place = actual.frames.count > 1 ? "frame \(index + 1) of \(actual.frames.count): " : ""
            guard frame.width == want.width, frame.height == want.height else {
                return "\(place)\(frame.width) × \(frame.height) pixels, the reference \(want.width) × \(want.height)"
            }
            let difference = PixelDifference(frame, want, tolerance: tolerance)
            if !difference.isWithin(tolerance) {
                return "\(place)\(difference.described); allowed: " + String(format: "%g %% of the pixels beyond %d levels", 100 * tolerance.fraction, tolerance.channel)
            }
        }
        return nil
    }

    /// A copy of a drawn picture that outlives the test's directory, for a human to look at.
    func keep(_ drawn: URL) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flipbook-picture-regression/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent(drawn.lastPathComponent)
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: drawn, to: copy)
        return copy
    }

    /// Makes the pictures drawn the references: a reference whose frames, delays and pixels are
    /// the same as the drawing's is kept as it is (PNG and GIF bytes can differ for the same
    /// pixels, and a rewrite would show as a change in git), the others are replaced, and
    /// references no longer drawn are removed.
    func record(_ names: [String], from drawn: URL) throws {
        let files = FileManager.default
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try Self.pictures(in: folder) where !names.contains(file) {
            try files.removeItem(at: folder.appendingPathComponent(file))
        }
        var rewritten = 0
        for file in names {
            let source = drawn.appendingPathComponent(file), target = folder.appendingPathComponent(file)
            if files.fileExists(atPath: target.path),
               try References(name: name, tolerance: .exact).difference(source, target) == nil { continue }
            try? files.removeItem(at: target)
            try files.copyItem(at: source, to: target)
            rewritten += 1
        }
        print("\(name): \(rewritten) of \(names.count) reference pictures rewritten (the others have the same pixels) in \(folder.path)")
    }
}
