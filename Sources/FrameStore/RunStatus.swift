/// How far a run got (`run.status`, with `run.diverged_at`).
public enum RunStatus: Sendable, Equatable {
    /// Still training, or killed while training: every recorded epoch is complete.
    case running
    /// Every epoch ran.
    case completed
    /// The loss or a parameter became NaN or infinite at this epoch; it was not recorded, so it
    /// equals the number of recorded epochs.
    case diverged(epoch: Int)

    /// The text the store keeps in `run.status`.
    public var name: String {
        switch self {
        case .running: "running"
        case .completed: "completed"
        case .diverged: "diverged"
        }
    }

    /// The names `run.status` may hold.
    static let names = ["running", "completed", "diverged"]
}
