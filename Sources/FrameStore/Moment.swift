/// A point of a run's training a record belongs to: the end of an epoch, or a number of optimizer
/// steps into one (runs recording every K steps).
public struct Moment: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The epoch, from 0.
    public var epoch: Int
    /// Steps into the epoch; nil for its end.
    public var step: Int?

    /// The end of `epoch`, or `step` steps into it.
    public init(epoch: Int, step: Int? = nil) {
        self.epoch = epoch
        self.step = step
    }

    /// Training order: an epoch's snapshots by step, then its end.
    public static func < (a: Moment, b: Moment) -> Bool {
        if a.epoch != b.epoch { return a.epoch < b.epoch }
        switch (a.step, b.step) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        default: return false
        }
    }

    /// "epoch 3", "epoch 3, step 40".
    public var description: String { step.map { "epoch \(epoch), step \($0)" } ?? "epoch \(epoch)" }
}
