/// The upper (and lower) bounds of the run settings. They keep memory and time within what a
/// 2-core, 24 GiB machine does in minutes to hours, and every value inside `Float`'s range.
public enum Bounds {
    /// Samples a generator makes: 1 million 2-D points are 8 MB.
    public static let samples = 4...1_000_000
    /// Noise of the generated data, in data units.
    public static let noise = 0.0...1_000.0
    /// Hidden layers.
    public static let hiddenLayers = 1...16
    /// Units in one hidden layer.
    public static let width = 1...65_536
    /// Parameters of the whole network: 50 million weights and biases take 200 MB each for the
    /// parameters, their gradients, two optimizer moments and one snapshot (1 GB in all).
    public static let parameters = 50_000_000
    /// Epochs of one run.
    public static let epochs = 1...1_000_000
    /// The learning rate (within `Float`'s normal range, with room for a gradient).
    public static let learningRate = 1e-30...1e30
    /// The L2 weight decay λ.
    public static let weightDecay = 0.0...1e6
}
