import Datasets

/// What a data set trains with when a run does not say: its optimizer, learning rate, batch size,
/// hidden widths and epochs. Each generator and built-in table names its own
/// (`Generator.defaults`, `BuiltInTable.defaults`), chosen so that a run with no other setting
/// trains to a good result (`flipbook-bench defaults` measures them); a CSV file takes the
/// reference run's, MNIST-style images `image`'s.
///
/// `RunConfig` leaves these settings unset (nil) until a run is made from it: a flag or config
/// key sets one, and the run takes the data set's value for the others
/// (`RunConfig.withDatasetDefaults`), so that `compare --vary dataset=…` gives each data set its
/// own. The store records the values the run used.
public struct DatasetDefaults: Sendable, Equatable {
    /// The optimizer.
    public var optimizer = RunConfig.OptimizerChoice.gd
    /// The step size.
    public let learningRate: Double
    /// Samples per step; 0: the full batch.
    public var batchSize = 0
    /// The widths of the hidden layers.
    public let hidden: [Int]
    /// The epochs to train.
    public let epochs: Int

    /// The reference run's (circles: learning rate 0.5, one hidden layer of 16, 500 epochs),
    /// which the data read from files take too.
    public static let reference = DatasetDefaults(learningRate: 0.5, hidden: [16], epochs: 500)

    /// MNIST's and Fashion-MNIST's: Adam at 0.001 in batches of 128 through 256 and 128 units
    /// for 20 epochs (Fashion-MNIST's test accuracy about 0.89 in under a minute on 2 cores; the
    /// reference run's full-batch descent at 0.5 stays at chance, 0.10, after two epochs).
    public static let image = DatasetDefaults(optimizer: .adam, learningRate: 0.001, batchSize: 128, hidden: [256, 128], epochs: 20)

    /// The values, as `flipbook datasets` lists them: "defaults: learning rate 0.5, hidden 16,
    /// 500 epochs" (the optimizer and batches said where they are not gradient descent on the
    /// full batch).
    var line: String {
        let optimizer = self.optimizer == .gd ? "" : "\(self.optimizer.rawValue), "
        let batches = batchSize == 0 ? "" : ", batches of \(batchSize)"
        return "defaults: \(optimizer)learning rate \(learningRate.formatted)\(batches), hidden \(hidden.map(String.init).joined(separator: ",")), \(epochs) epochs"
    }

    /// A setting's default as `--help` shows it: the reference value, then the generators whose
    /// own differs ("the data set's own: 500; sine 1000").
    static func shown<Value: Equatable>(_ path: KeyPath<DatasetDefaults, Value>, _ text: (Value) -> String) -> String {
        let others = Generator.allCases.map { ($0.rawValue, $0.defaults) } + BuiltInTable.allCases.map { ($0.rawValue, $0.defaults) }
            + [("mnist, fashion-mnist", image)]
        let differing = others.filter { $0.1[keyPath: path] != reference[keyPath: path] }
        return "the data set's own: " + ([text(reference[keyPath: path])] + differing.map { "\($0.0) \(text($0.1[keyPath: path]))" })
            .joined(separator: "; ")
    }
}
