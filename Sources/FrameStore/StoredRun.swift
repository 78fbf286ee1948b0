/// What a frame store keeps about a run as a whole: its settings, network shape and data.
///
/// Plain data: the store knows nothing of networks or pictures, so the configuration travels as
/// the JSON its owner wrote, and the data set as flat arrays. A `StoredRun` read from a store has
/// been checked (see `FrameStoreReader`): its counts agree and its numbers are finite.
public struct StoredRun: Sendable, Equatable {
    /// What a run's frames hold (`run.model`).
    public enum Model: String, Sendable, CaseIterable {
        /// Parameters of a dense network Flipbook evaluates itself (`epoch.parameters`).
        case network
        /// The model's output on the run's `FieldGrid` (`epoch.field`), for models Flipbook
        /// cannot evaluate; `architecture` then holds only the inputs and outputs.
        case field
    }

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
    /// What the frames hold: parameters (`network`) or fields (schema 3).
    public var model: Model
    /// The grid of the fields (required for a field run; optional for a network run, whose
    /// pictures then span it), or nil.
    public var fieldGrid: FieldGrid?
    /// Who wrote the store: `flipbook`, or the name and version of another recorder, e.g.
    /// `flipbook_record 0.1 (Python 3.11.2)` (schema 3; "flipbook" for older stores).
    public var recordedBy: String
    /// Optimizer steps in one epoch, when the run records snapshots inside epochs (schema 3).
    public var stepsPerEpoch: Int?
    /// The plane through the data's feature space that a field run's grid lies on, for data of
    /// more than two features (schema 4); nil otherwise.
    public var plane: StoredPlane?

    /// A run record with the given parts.
    public init(configJSON: String, architecture: Architecture, dataset: StoredDataset, status: RunStatus = .running,
                initialParameters: [Float] = [], model: Model = .network, fieldGrid: FieldGrid? = nil,
                recordedBy: String = StoredRun.flipbook, stepsPerEpoch: Int? = nil, plane: StoredPlane? = nil) {
        self.plane = plane
        self.model = model
        self.fieldGrid = fieldGrid
        self.recordedBy = recordedBy
        self.stepsPerEpoch = stepsPerEpoch
        self.configJSON = configJSON
        self.architecture = architecture
        self.dataset = dataset
        self.status = status
        self.initialParameters = initialParameters
    }

    /// `recordedBy` of a run Flipbook trained itself.
    public static let flipbook = "flipbook"
}
