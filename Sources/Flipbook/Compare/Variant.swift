/// One variant of a comparison: its settings, a label naming what differs, and a directory name.
public struct Variant: Sendable {
    /// The full run settings.
    public let config: RunConfig
    /// What differs, e.g. "learning-rate 0.1".
    public let label: String
    /// The run directory's name under the comparison directory.
    public let slug: String
}
