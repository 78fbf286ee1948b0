import Foundation
import FrameStore

/// `flipbook compare`: several runs that differ in one or more settings, trained side by side
/// and drawn together.
public enum Comparison {
    /// The most variants one comparison draws.
    public static let maximumVariants = 16

    /// The variants of `base` for every combination of `variations`; each one checked as a
    /// single run would be (settings and data) before anything is written, and given its data
    /// set's defaults for the settings neither `base` nor its variation sets.
    public static func variants(base: RunConfig, variations: [Variation]) throws -> [Variant] {
        guard !variations.isEmpty else { throw SettingError("vary", "", expected: "at least one --vary NAME=V1,V2,…") }
        var seen = Set<String>()
        for variation in variations where !seen.insert(variation.name).inserted {
            throw SettingError("vary", variation.name, expected: "each setting varied once (combine its values in one --vary)")
        }
        let total = variations.reduce(1) { $0 * $1.values.count }
        guard total <= maximumVariants else {
            throw SettingError("vary", variations.map(\.text).joined(separator: " --vary "),
                               expected: "at most \(maximumVariants) variants in one comparison (these make \(total))")
        }
        var combinations: [[(String, String)]] = [[]]
        for variation in variations {
            combinations = combinations.flatMap { prefix in variation.values.map { prefix + [(variation.name, $0)] } }
        }
        var slugs = Set<String>()
        var configs: [(config: RunConfig, label: String)] = []
        return try combinations.map { settings in
            var config = base
            for (name, value) in settings { try config.apply(name, value) }
            config = config.withDatasetDefaults
            let label = settings.map { "\($0.0) \($0.1)" }.joined(separator: " · ")
            if let twin = configs.first(where: { $0.config == config }) {
                throw SettingError("vary", label, expected: "values that make different runs (it is the same run as \(Excerpt.of(twin.label)))")
            }
            configs.append((config, label))
            let record = try Pipeline.storeRecord(of: TrainingRun(config: config), in: RunDirectory(path: "."))
            _ = try DataPlane.resolve(config.pictures.plane, for: record.dataset, pictures: config.pictures, fitting: false)
            var slug = settings.map { "\($0.0)-\(sanitized($0.1))" }.joined(separator: "_")
            while !slugs.insert(slug).inserted { slug += "x" }
            return Variant(config: config, label: label, slug: slug)
        }
    }

    /// Trains every variant into `directory/<slug>/` (as many at once as there are cores), then
    /// draws the comparison pictures and `report.md` into `directory`.
    ///
    /// Every variant's settings and data, the picture settings and every directory are checked
    /// before anything is written; the comparison replaces the one before it as a whole.
    public static func run(base: RunConfig, variations: [Variation], into directory: RunDirectory, force: Bool = false,
                           progress: ProgressReporter) throws {
        let variants = try variants(base: base, variations: variations)
        let members = variants.map { RunDirectory(path: directory.file($0.slug).relativePath) }
        try directory.checkWritable(force: force)
        let previous = Set(directory.listedOutputs())
        for (variant, member) in zip(variants, members) where !previous.contains(variant.slug) {
            try member.checkWritable(force: force)
        }
        try directory.replacingPreviousRun(force: force) {
            // The variants are listed first, so that a comparison killed before its pictures can
            // be run again into the same directory, and a refused one removes them.
            for variant in variants { _ = try directory.claim(variant.slug) }
            let memberLocks = try members.map { try $0.lockForWriting(force: force) }
            defer { withExtendedLifetime(memberLocks) {} }
            try train(variants, into: members, progress: progress)
            let subject = try ComparisonSubject(directory: directory, variants: variants, base: base)
            let pictures = try subject.render(progress: progress)
            for picture in pictures { progress.wrote(picture.name, picture.detail) }
            var planeFile: [String] = []
            if let plane = subject.plane {
                try directory.write(Data(plane.json.utf8), named: DataPlane.fileName)
                progress.wrote(DataPlane.fileName, "the \(plane.kind) plane every variant's pictures slice through (the first variant's)")
                planeFile = [DataPlane.fileName]
            }
            let explorer = pictures.contains { $0.explorer != nil } ? Explorer.fileName : nil
            let report = subject.report(pictures: pictures.map(\.name), explorer: explorer)
            let pages = try Explorer.write(subject.explorerContents(report: report), animations: pictures, into: directory)
            for page in pages { progress.wrote(page.name, page.detail) }
            try directory.write(Data(report.utf8), named: directory.report.lastPathComponent)
            try directory.recordOutputs(pictures.map(\.name) + pages.map(\.name) + planeFile + [directory.report.lastPathComponent] + variants.map(\.slug))
        }
        progress.wrote(directory.report.lastPathComponent, "\(variants.count) variant\(variants.count == 1 ? "" : "s"), best first")
        progress.end(Pipeline.whereEverythingIs(directory, files: directory.listedOutputs().count))
    }

    /// Trains the variants into their locked directories, as many at once as there are cores.
    private static func train(_ variants: [Variant], into members: [RunDirectory], progress: ProgressReporter) throws {
        let failure = FirstError()
        progress.begin("training \(variants.count) variants", total: 0)
        DispatchQueue.concurrentPerform(iterations: variants.count) { index in
            let variant = variants[index]
            do {
                try members[index].startFreshRun()
                let run = try TrainingRun(config: variant.config)
                let record = try Pipeline.storeRecord(of: run, in: members[index])
                let summary = try Pipeline.train(run, record: record, into: members[index], progress: SilentProgress())
                let ending: String
                switch summary.outcome {
                case .completed: ending = String(format: "test %@ %.3f", summary.scoreName, summary.finalTest?.score ?? .nan)
                case .diverged(let epoch): ending = "diverged at epoch \(epoch)"
                }
                progress.end(String(format: "%@: %d epochs in %.2f s, %@", variant.slug, summary.recordedEpochs, summary.seconds, ending))
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }
    }

    private static func sanitized(_ value: String) -> String {
        String(value.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "-" })
    }
}
