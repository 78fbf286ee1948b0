import Datasets

/// What a data set trains with when a run does not say: its learning rate, hidden widths and
/// epochs. Each generator names its own (`Generator.defaults`), chosen so that a run with no
/// other setting trains to a good result (`flipbook-bench defaults` measures them); the data
/// read from files take the reference run's.
///
/// `RunConfig` leaves these settings unset (nil) until a run is made from it: a flag or config
/// key sets one, and the run takes the data set's value for the others
/// (`RunConfig.withDatasetDefaults`), so that `compare --vary dataset=…` gives each data set its
/// own. The store records the values the run used.
public struct DatasetDefaults: Sendable, Equatable {
    /// The step size.
    public let learningRate: Double
    /// The widths of the hidden layers.
    public let hidden: [Int]
    /// The epochs to train.
    public let epochs: Int

    /// The reference run's (circles: learning rate 0.5, one hidden layer of 16, 500 epochs),
    /// which the data read from files take too.
    public static let reference = DatasetDefaults(learningRate: 0.5, hidden: [16], epochs: 500)

    /// The values, as `flipbook datasets` lists them: "defaults: learning rate 0.5, hidden 16, 500 epochs".
    var line: String {
        "defaults: learning rate \(learningRate.formatted), hidden \(hidden.map(String.init).joined(separator: ",")), \(epochs) epochs"
    }

    /// A setting's default as `--help` shows it: the reference value, then the generators whose
    /// own differs ("the data set's own: 500; sine 1000").
    static func shown<Value: Equatable>(_ path: KeyPath<DatasetDefaults, Value>, _ text: (Value) -> String) -> String {
        let others = Generator.allCases.map { ($0.rawValue, $0.defaults) } + BuiltInTable.allCases.map { ($0.rawValue, $0.defaults) }
        let differing = others.filter { $0.1[keyPath: path] != reference[keyPath: path] }
        return "the data set's own: " + ([text(reference[keyPath: path])] + differing.map { "\($0.0) \(text($0.1[keyPath: path]))" })
            .joined(separator: "; ")
    }
}
