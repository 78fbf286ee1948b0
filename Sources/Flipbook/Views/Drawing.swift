import Encoding
import Foundation
import Render

/// Draws the picture families of one subject: every frame once, each family's animation frame
/// from it (the parts families share drawn once per frame), the key epochs' stills as their
/// frames go by, then each family's stills at the end. Frames are drawn on every core a chunk
/// at a time and handed in order to each animation's files (`drawInOrder`, `AnimationFile`).
///
/// With a byte budget (`--max-bytes`), a budget that even the smallest drawing exceeds is
/// refused before anything is drawn, and an animation over it is drawn again with the budget's
/// next step (`SizeBudget.next`: fewer frames, then a smaller size, then fewer frames) until it
/// fits. Runs and comparisons keep to a budget by this one loop.
struct Drawing<Subject: DrawingSubject> {
    private(set) var subject: Subject
    /// The families drawn, in catalogue order.
    private(set) var families: [any PictureFamily<Subject>]
    /// The frames shown; nil: chosen for the settings (`--frames`, and every recorded one up to
    /// `PictureSettings.defaultFrameLimit`).
    var shown: [Frame]? = nil
    /// Whether stills are written (a budget's redraw of one animation writes none).
    var writesStills = true

    /// The drawing of every family of `subject`'s catalogue that the settings select and the
    /// subject has; says, on `notes`, why a family asked for is not drawn.
    init(subject: Subject, notes: ProgressReporter?) throws {
        self.subject = subject
        let asked = subject.pictures.views.map { Set($0.map(\.rawValue)) }
        var families: [any PictureFamily<Subject>] = []
        var notDrawn: [ViewEntry<Subject>] = []
        for entry in Subject.catalog.entries where entry.isSelected(asked) {
            if let family = try entry.make(subject) { families.append(family) } else { notDrawn.append(entry) }
        }
        self.families = families
        guard let notes else { return }
        var said = Set<String>()
        for entry in notDrawn {
            if let reason = entry.reasonNotDrawn(subject, asked?.contains(entry.viewName) ?? false), said.insert(reason).inserted {
                notes.note(reason)
            }
        }
    }

    /// Draws everything; returns the files written, animations first.
    func render(progress: ProgressReporter) throws -> [WrittenFile] {
        let animated = families.filter { $0.animation != nil }
        for shape in animated.compactMap(\.animation) {
            try AnimationFile.checkFits(shape.name, width: shape.width, height: shape.height, pictures: subject.pictures)
        }
        let frames = try shown ?? chosenFrames(refusingImpossibleBudget: !animated.isEmpty)
        // Stills are encoded on every core while the drawing goes on, each distinct picture once.
        let pictures = StillFiles(directory: subject.directory)
        defer { pictures.wait() }
        var outputs = try drawAnimations(animated, frames: frames, stills: pictures, progress: progress)
        if writesStills { outputs.written += try progress.timing("stills") { try stills(last: outputs.last, into: pictures) } }
        try progress.timing("stills: the last encodings awaited") { try pictures.finish() }
        return outputs.written
    }

    /// The frames the animations show: `--frames` of the recorded ones, or every one up to the
    /// default limit; with `--duration`, at most what it leaves room for at `--fps`
    /// (`AnimationTiming`, which refuses a duration too short for the frames that must be
    /// shown). With a budget, first checks that the smallest animations fit it.
    private func chosenFrames(refusingImpossibleBudget: Bool) throws -> [Frame] {
        let recorded = subject.recorded.count, limit = PictureSettings.defaultFrameLimit
        var count = subject.pictures.frames ?? (recorded <= limit ? recorded : limit)
        let timing = AnimationTiming(pictures: subject.pictures)
        if let most = timing.mostFrames(held: heldFrames(subject.recorded)) {
            let least = try subject.chosenFrames(2).count, opening = subject.opening.count
            try timing.check(leastFrames: least + opening, held: heldFrames(subject.opening + subject.recorded))
            count = min(count, most - opening)
        }
        if let budget = subject.pictures.maxBytes, refusingImpossibleBudget { try refuseImpossible(budget) }
        return try subject.chosenFrames(count)
    }

    /// How many of `frames` are key epochs, held `--hold` seconds (none without a hold).
    private func heldFrames(_ frames: [Frame]) -> Int {
        subject.pictures.hold > 0 ? frames.filter(isKey).count : 0
    }

    /// Whether `frame` is a key epoch's.
    private func isKey(_ frame: Frame) -> Bool {
        frame.endOfEpoch.map(subject.keyEpochs.contains) ?? false
    }

    /// One frame's animation frames, one per animated family, and the frame's shared parts.
    private struct DrawnFrames: Sendable {
        let canvases: [Canvas]
        let drawn: Subject.DrawnFrame
        /// Seconds the frame is held beyond its time: `--hold` for a key epoch's.
        let hold: Double
    }

    /// Draws the opening frames and `frames` into the animations of `animated`, writing key
    /// stills on the way; finishes each within the budget. Returns the files and the last frame.
    private func drawAnimations(_ animated: [any PictureFamily<Subject>], frames: [Frame], stills: StillFiles,
                                progress: ProgressReporter) throws -> (written: [WrittenFile], last: Subject.DrawnFrame?) {
        let all = subject.opening + frames
        let pace = AnimationTiming(pictures: subject.pictures).pace(frames: all.count, held: heldFrames(all))
        let files = try animated.map { family in
            let shape = family.animation!
            return try AnimationFile(name: shape.name, directory: subject.directory, width: shape.width, height: shape.height,
                                     pace: pace, pictures: subject.pictures)
        }
        progress.begin(subject.renderingStage(), total: all.count)
        let start = monotonicSeconds()
        let names = animated.map { $0.animation!.name }
        let sinks = files.indices.flatMap { index in
            files[index].sinks({ (frame: DrawnFrames) in frame.canvases[index] }, hold: \.hold).map { file, sink in
                { @Sendable (chunk: [DrawnFrames]) in progress.timing("encoding: \(PictureMarkup.lightName(of: file).0)") { sink(chunk) } }
            }
        }
        let last = try drawInOrder(count: all.count, progress: progress, draw: { index in
            let drawn = try subject.drawing(all[index], clock: progress)
            let canvases = try zip(animated, names).map { family, name in try progress.timing("frames: \(name)") { try family.frame(drawn) } }
            // Drawn: checked here while fresh in this core's cache, then encoded on the files' queues.
            for canvas in canvases { canvas.finish() }
            let isKey = isKey(all[index])
            if writesStills, isKey, let epoch = all[index].endOfEpoch {
                // A key epoch's still is the animation's frame there, drawn once for both.
                try progress.timing("frames: key stills written") {
                    for (family, canvas) in zip(animated, canvases) {
                        if let stem = family.keyStillStem { try writeStill(canvas, stem, epoch: epoch, into: stills) }
                    }
                }
            }
            return DrawnFrames(canvases: canvases, drawn: drawn, hold: isKey ? subject.pictures.hold : 0)
        }, sinks: sinks)
        progress.timed("frames, drawn and encoded (wall)", seconds: monotonicSeconds() - start)
        progress.end(subject.renderedSummary(shown: frames.count, seconds: monotonicSeconds() - start))
        var written: [WrittenFile] = []
        for (name, file) in zip(names, files) {
            written += try progress.timing("animations finished, posters") {
                try finishWithinBudget(file, name, shown: frames, stills: stills, progress: progress)
            }
        }
        return (written, last?.drawn)
    }

    /// Hands a key epoch's still of a family to `stills`, in every theme.
    private func writeStill(_ canvas: Canvas, _ stem: String, epoch: Int, into stills: StillFiles) throws {
        for theme in subject.pictures.theme.themes {
            try stills.write(canvas, named: theme.fileName(Self.stillName(stem, epoch: epoch)), theme: theme)
        }
    }

    /// The stills: each family's at the key epochs (written while drawing), then those it draws
    /// at the end (handed to `pictures`), then its data files.
    private func stills(last: Subject.DrawnFrame?, into pictures: StillFiles) throws -> [WrittenFile] {
        let themes = subject.pictures.theme.themes
        var written: [WrittenFile] = []
        for family in families {
            if let stem = family.keyStillStem {
                written += subject.keyEpochs.flatMap { epoch in
                    themes.map { WrittenFile(name: $0.fileName(Self.stillName(stem, epoch: epoch)), detail: "epoch \(epoch)") }
                }
            }
            for still in try family.finalStills(of: subject, last: last) {
                written += try themes.map { theme in
                    let file = theme.fileName(still.name)
                    try pictures.write(still.canvas, named: file, theme: theme)
                    return WrittenFile(name: file, detail: still.detail)
                }
            }
            for file in try family.dataFiles(of: subject) {
                try subject.directory.write(file.bytes, named: file.name)
                written.append(WrittenFile(name: file.name, detail: file.detail))
            }
        }
        return written
    }

    /// The name of a still: `prefix_epoch_007.png`.
    static func stillName(_ prefix: String, epoch: Int) -> String {
        String(format: "%@_epoch_%03d.png", prefix, epoch)
    }
}

extension Drawing {
    /// Finishes `file` (animation `name`); one over the budget is drawn again, alone, with the
    /// budget's next step until it fits. Says in one line what it chose.
    private func finishWithinBudget(_ file: AnimationFile, _ name: String, shown: [Frame], stills: StillFiles,
                                    progress: ProgressReporter) throws -> [WrittenFile] {
        do {
            var written = try file.finish(stills: stills)
            written[0].explorer?.frames = subject.opening + shown
            if let budget = subject.pictures.maxBytes { progress.note(subject.budgetNote(name, shown: shown.count, budget: budget)) }
            return written
        } catch let over as ByteLimitExceeded {
            guard let budget = subject.pictures.maxBytes else { throw over }
            return try redrawWithinBudget(name, shown: shown, over: over, budget: budget, progress: progress)
        }
    }

    /// Draws animation `name` again with the budget's next step that changes what it shows
    /// (fewer frames, or a smaller size); that drawing keeps to the budget the same way in turn.
    private func redrawWithinBudget(_ name: String, shown: [Frame], over: ByteLimitExceeded, budget: Int,
                                    progress: ProgressReporter) throws -> [WrittenFile] {
        var attempt = SizeBudget.Attempt(frames: shown.count, size: subject.drawnSize)
        while let next = SizeBudget.next(after: attempt, bytes: over.bytes, budget: budget, recorded: subject.recorded.count,
                                         smallest: subject.smallestSize) {
            // The key epochs are always shown: fewer frames than they number cannot be chosen.
            let chosen = next.frames < shown.count ? try subject.chosenFrames(next.frames) : shown
            if chosen.count < shown.count || next.size < subject.drawnSize {
                return try redrawn(name, size: next.size, frames: chosen).render(progress: NotesOnly(progress))
            }
            attempt = next
        }
        throw OutputError(path: over.path, "is \(SizeBudget.describe(over.bytes)) at its fewest frames and smallest size, over the budget of \(SizeBudget.describe(budget))")
    }

    /// The drawing of animation `name` alone, at `size`, showing `frames`, without stills, failing
    /// (`ByteLimitExceeded`) when over the budget.
    private func redrawn(_ name: String, size: Int, frames: [Frame]) throws -> Drawing {
        var again = try Drawing(subject: size == subject.drawnSize ? subject : subject.resized(to: size), notes: nil)
        again.families = again.families.filter { $0.animation?.name == name }
        (again.shown, again.writesStills) = (frames, false)
        return again
    }

    /// Refuses a budget under what the smallest animation of this drawing takes: each is drawn
    /// with the fewest frames at the smallest size into a scratch directory and measured.
    private func refuseImpossible(_ budget: Int) throws {
        let fewest = min(SizeBudget.leastFrames, subject.recorded.count)
        var probe = try Drawing(subject: subject.resized(to: subject.smallestSize), notes: nil)
        probe.families = probe.families.filter { $0.animation != nil }
        probe.subject.pictures.maxBytes = nil
        (probe.shown, probe.writesStills) = (try subject.chosenFrames(fewest), false)
        let smallest = try SizeBudget.largestAnimation { scratch in
            probe.subject.directory = scratch
            return try probe.render(progress: SilentProgress())
        }
        guard budget >= smallest else {
            throw SizeBudget.tooSmall(subject.pictures, smallest: smallest, drawing: subject.smallestDrawing(frames: fewest))
        }
    }
}

/// Passes on a reporter's notes only (a budget's redraw says what it chose, not its progress).
struct NotesOnly: ProgressReporter {
    let base: ProgressReporter
    init(_ base: ProgressReporter) { self.base = base }
    func begin(_ stage: String, total: Int) {}
    func advance(_ done: Int) {}
    func end(_ summary: String) {}
    func note(_ message: String) { base.note(message) }
    func timed(_ phase: String, seconds: Double) { base.timed(phase, seconds: seconds) }
}
