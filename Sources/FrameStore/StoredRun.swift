/// What a frame store keeps about a run as a whole: its settings, network shape and data.
///
/// Plain data: the store knows nothing of networks or pictures, so the configuration travels as
/// the JSON its owner wrote, and the data set as flat arrays. A `StoredRun` read from a store has
/// been checked (see `FrameStoreReader`): its counts agree and its numbers are finite.
public struct StoredRun: Sendable, Equatable {
    /// The run configuration as JSON, as the pipeline wrote it.
    public var configJSON: String
    /// The network's shape.
    public var architecture: Architecture
    /// The data the run trained and tested on.
    public var dataset: StoredDataset
    /// How the run ended so far.
    public var status: RunStatus
    /// Every parameter before the first update (W1, b1, W2, b2, …), or empty when the store does
    /// not keep them (schema 1).
    public var initialParameters: [Float]

    /// A run record with the given parts.
    public init(configJSON: String, architecture: Architecture, dataset: StoredDataset, status: RunStatus = .running,
                initialParameters: [Float] = []) {
        self.configJSON = configJSON
        self.architecture = architecture
        self.dataset = dataset
        self.status = status
        self.initialParameters = initialParameters
    }
}
