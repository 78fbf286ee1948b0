import Foundation

/// The picture families a kind of subject can have, in the order their files are listed: the
/// one list a new family is added to. Families can also be registered while the program runs
/// (a test's, a plug-in's); `--views`, the drawing and report.md then know them like the others.
final class ViewCatalog<Subject: DrawingSubject>: @unchecked Sendable {
    private let lock = NSLock()
    private var registered: [ViewEntry<Subject>]

    init(_ entries: [ViewEntry<Subject>]) { registered = entries }

    /// The families, in order.
    var entries: [ViewEntry<Subject>] { lock.withLock { registered } }

    /// Adds `family` at the end, unless it is listed already.
    func register<Family: PictureFamily>(_ family: Family.Type) where Family.Subject == Subject {
        lock.withLock {
            if !registered.contains(where: { $0.type == ObjectIdentifier(family) }) { registered.append(ViewEntry(family)) }
        }
    }

    /// Removes `family` (a test's, when it is done).
    func unregister<Family: PictureFamily>(_ family: Family.Type) where Family.Subject == Subject {
        lock.withLock { registered.removeAll { $0.type == ObjectIdentifier(family) } }
    }
}

/// One family of a catalogue, its type erased: how to select it, make it, and describe its pictures.
struct ViewEntry<Subject: DrawingSubject>: Sendable {
    fileprivate let type: ObjectIdentifier
    let viewName: String
    let sentences: [String: String]
    let isSelected: @Sendable (Set<String>?) -> Bool
    let make: @Sendable (Subject) throws -> (any PictureFamily<Subject>)?
    let reasonNotDrawn: @Sendable (Subject, Bool) -> String?

    init<Family: PictureFamily>(_ family: Family.Type) where Family.Subject == Subject {
        type = ObjectIdentifier(family)
        viewName = Family.viewName
        sentences = Family.sentences
        isSelected = { Family.isSelected(by: $0) }
        make = { try Family(subject: $0) }
        reasonNotDrawn = { Family.reasonNotDrawn(for: $0, asked: $1) }
    }
}

// The families of each subject, in the order their files are listed.

extension RunSubject {
    static let catalog = ViewCatalog<RunSubject>([
        ViewEntry(BoundaryView.self),
        ViewEntry(ConfusionMatrixView.self),
        ViewEntry(TrainingView.self),
        ViewEntry(LossView.self),
        ViewEntry(NetworkView.self),
        ViewEntry(HiddenSpaceView.self),
        ViewEntry(WeightsView.self),
        ViewEntry(LandscapeView.self),
    ])
}

extension ComparisonSubject {
    static let catalog = ViewCatalog<ComparisonSubject>([
        ViewEntry(ComparisonGridView.self),
        ViewEntry(NetworkComparison.self),
        ViewEntry(LossComparisonView.self),
        ViewEntry(ComparisonLandscapeView.self),
    ])
}

/// Every family's `--views` name and report sentences, across both kinds of subject.
enum Views {
    /// The names `--views` accepts, in catalogue order.
    static var names: [String] {
        var names: [String] = []
        for name in RunSubject.catalog.entries.map(\.viewName) + ComparisonSubject.catalog.entries.map(\.viewName)
        where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// Every family's sentences for report.md, by file name.
    static var sentences: [String: String] {
        let all = RunSubject.catalog.entries.map(\.sentences) + ComparisonSubject.catalog.entries.map(\.sentences)
        return all.reduce(into: [:]) { result, sentences in result.merge(sentences) { first, _ in first } }
    }
}
