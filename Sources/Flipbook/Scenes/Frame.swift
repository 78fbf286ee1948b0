import FrameStore

/// What one frame of an animation shows: the model before its first update, or the model
/// recorded at a moment of training (after epoch n, or s optimizer steps into epoch n).
enum Frame: Hashable, Sendable {
    /// The network before training (`--first-frame untrained`).
    case beforeTraining
    /// The model recorded at `moment`.
    case recorded(Moment)

    /// The end of epoch `epoch`.
    static func epoch(_ epoch: Int) -> Frame { .recorded(Moment(epoch: epoch)) }

    /// The epoch a recorded frame belongs to (its end, or a step inside it); nil before training.
    var epoch: Int? {
        guard case .recorded(let moment) = self else { return nil }
        return moment.epoch
    }

    /// The epoch whose end this frame shows (a key epoch's still is drawn from it); nil before
    /// training and for a snapshot inside an epoch.
    var endOfEpoch: Int? {
        guard case .recorded(let moment) = self, moment.step == nil else { return nil }
        return moment.epoch
    }
}
