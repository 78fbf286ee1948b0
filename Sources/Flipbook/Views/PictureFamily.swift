import Foundation
import Render

/// A family of pictures — the decision boundary, the loss, the inside of the network, a
/// comparison's grid — drawn from the frames of one subject (a run, or the variants of a
/// comparison): an animation, stills at the key epochs, and stills drawn once at the end.
///
/// `Drawing` draws every family that the settings ask for and the subject allows, frame by
/// frame, and keeps each animation to the byte budget; report.md takes each picture's sentence
/// from the family that drew it. A new picture is one type conforming to this protocol and one
/// line in its subject's catalogue (`ViewCatalog.swift`).
protocol PictureFamily<Subject>: Sendable {
    /// What the family is drawn from: `RunSubject` or `ComparisonSubject`.
    associatedtype Subject: DrawingSubject

    /// The name `--views` selects it by (several families may share one: `network` draws the
    /// network diagram for 2-D data and the first layer's weights for images).
    static var viewName: String { get }
    /// Whether it is drawn when `--views` is not given.
    static var isDrawnByDefault: Bool { get }
    /// The sentence report.md gives each of its pictures, by file name (`decision_boundary.gif`),
    /// stills at key epochs as `STEM_epoch_EPOCH.png` with `EPOCH` in the sentence for the epoch.
    static var sentences: [String: String] { get }

    /// Whether `views` (the names `--views` gave, nil when it was not given) selects it.
    static func isSelected(by views: Set<String>?) -> Bool
    /// Why it is not drawn for `subject` (its data or model has none of its pictures), said once
    /// when it was `asked` for by name; nil to say nothing.
    static func reasonNotDrawn(for subject: Subject, asked: Bool) -> String?

    /// The family for `subject` at the subject's size, or nil when the subject has none of its pictures.
    init?(subject: Subject) throws

    /// Its animation's name (`decision_boundary.gif`) and frame size; nil for stills only.
    var animation: AnimationShape? { get }
    /// The stem of its stills at the key epochs (`decision_boundary` for
    /// `decision_boundary_epoch_240.png`, each the animation's frame at that epoch); nil for none.
    var keyStillStem: String? { get }
    /// Its animation's frame at the frame `drawn` is drawing (whose shared parts it may use).
    func frame(_ drawn: Subject.DrawnFrame) throws -> Canvas
    /// The stills drawn once after the frames; `last` is the last frame drawn, if any.
    func finalStills(of subject: Subject, last: Subject.DrawnFrame?) throws -> [Still]
    /// The data files written once beside its pictures, in no theme (`landscape.npz`).
    func dataFiles(of subject: Subject) throws -> [DataFile]
}

extension PictureFamily {
    static var isDrawnByDefault: Bool { true }

    static func isSelected(by views: Set<String>?) -> Bool {
        views.map { $0.contains(viewName) } ?? isDrawnByDefault
    }

    static func reasonNotDrawn(for subject: Subject, asked: Bool) -> String? { nil }

    var keyStillStem: String? { nil }

    /// A family of stills only draws no frame.
    func frame(_ drawn: Subject.DrawnFrame) throws -> Canvas { Canvas(width: 1, height: 1) }

    func finalStills(of subject: Subject, last: Subject.DrawnFrame?) throws -> [Still] { [] }

    func dataFiles(of subject: Subject) throws -> [DataFile] { [] }
}

/// An animation's light GIF name (the other themes and formats are named after it) and its frames' size.
struct AnimationShape: Sendable {
    let name: String
    let width: Int
    let height: Int
}

/// A picture drawn once: its light PNG name (`final_predictions.png`), the canvas, and what it shows.
struct Still {
    let name: String
    let canvas: Canvas
    let detail: String
}

/// A file of data written once beside the pictures: its name, its bytes, and what it holds.
struct DataFile {
    let name: String
    let bytes: Data
    let detail: String
}

/// A file written, for summaries and the report: its name and what it holds.
struct WrittenFile: Sendable {
    var name: String
    var detail: String
    /// For an animation's first file, how explorer.html shows the animation.
    var explorer: ExplorerAnimation? = nil
}

/// What picture families are drawn from: a run, or the variants of a comparison. It knows its
/// frames, draws the parts of a frame its families share, and can be drawn again smaller.
protocol DrawingSubject: Sendable {
    /// One frame being drawn: what it shows, and the parts every family of it shares (drawn
    /// once, when a family first asks for them).
    associatedtype DrawnFrame: Sendable

    /// The families this kind of subject can have, in the order their files are listed.
    static var catalog: ViewCatalog<Self> { get }

    /// Where the pictures go.
    var directory: RunDirectory { get set }
    /// The drawing's settings: panel size, frame rate, themes, formats, frames, budget, views.
    var pictures: PictureSettings { get set }
    /// The key epochs, each one of `recorded`.
    var keyEpochs: [Int] { get }
    /// Every recorded frame, in training order.
    var recorded: [Frame] { get }
    /// The frames every animation opens with (the untrained network, when asked for and stored).
    var opening: [Frame] { get }
    /// The side a budget shrinks (a run's panel, a comparison's panels), and the least it goes to.
    var drawnSize: Int { get }
    var smallestSize: Int { get }

    /// `count` of the recorded frames (all when they are no more), always the first, the key
    /// epochs and the last.
    func chosenFrames(_ count: Int) throws -> [Frame]
    /// This subject drawn at `size` (a budget's smaller pictures).
    func resized(to size: Int) throws -> Self
    /// Starts drawing `frame`; the parts families share are timed on `clock` as they are drawn.
    func drawing(_ frame: Frame, clock: ProgressReporter) throws -> DrawnFrame

    /// What a drawing of `shown` frames is called while it runs, and its one-line summary.
    func renderingStage() -> String
    func renderedSummary(shown: Int, seconds: Double) -> String
    /// The line saying what an animation kept to the budget: frames of how many, at what size.
    func budgetNote(_ name: String, shown: Int, budget: Int) -> String
    /// What the smallest drawing is, for a refused budget: "this run can make (12 frames at 240 pixels)".
    func smallestDrawing(frames: Int) -> String
}
