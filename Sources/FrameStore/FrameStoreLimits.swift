/// The bounds every frame store is held to, on reading and on writing. Each is far above what a
/// Flipbook run writes; they exist so that no stored count can make a reader allocate or loop
/// without end.
public enum FrameStoreLimits {
    /// The widest layer (and so the most features per sample): 2²⁰.
    public static let maximumLayerWidth = 1 << 20
    /// The most layers of weights (`run.layer_sizes` holds one more size than this).
    public static let maximumLayers = 256
    /// The most parameters of a network, Σ (inᵢ · outᵢ + outᵢ): 2²⁸ (a 1 GiB float32 BLOB).
    public static let maximumParameterCount = 1 << 28
    /// The most samples a store keeps: 2²⁴.
    public static let maximumSampleCount = 1 << 24
    /// The most training examples a store may say the run trained on (`dataset.training_count`): 2⁴⁰.
    public static let maximumTrainingCount = 1 << 40
    /// The most feature values, samples × features: 2²⁸.
    public static let maximumFeatureValues = 1 << 28
    /// The most classes (at least 2 for classification; none for regression).
    public static let maximumClassCount = 1000
    /// The longest class name, in UTF-8 bytes.
    public static let maximumClassNameBytes = 256
    /// The longest data set name or `created_at`, in UTF-8 bytes.
    public static let maximumNameBytes = 4096
    /// The longest JSON text (`config_json`, `layer_sizes`, `activations`, `class_names`), in bytes: 1 MiB.
    public static let maximumJSONBytes = 1 << 20
    /// The most epochs: epochs are numbered 0 ..< 2²⁴ (their metrics are held in memory, about
    /// 100 bytes each).
    public static let maximumEpochCount = 1 << 24
    /// The most grid points across (and down) a field grid.
    public static let maximumFieldSize = 1024
    /// The most values of one field, grid points × outputs: 2²⁶.
    public static let maximumFieldValues = 1 << 26
    /// The most optimizer steps in one epoch (`run.steps_per_epoch`).
    public static let maximumStepsPerEpoch = 1 << 24
    /// The largest magnitude of a field grid's edges, in data units.
    public static let maximumExtent = 1e15
}
