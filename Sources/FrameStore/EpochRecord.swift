/// One recorded epoch (or a snapshot inside one): metrics, and when it is a frame every parameter
/// (a network run) or the model's field (a field run).
public struct EpochRecord: Sendable, Equatable {
    /// The epoch, counting from 0.
    public var epoch: Int
    /// Optimizer steps into `epoch` for a snapshot inside it (1 ..< `StoredRun.stepsPerEpoch`);
    /// nil for the record of the epoch's end.
    public var step: Int?
    /// Training loss after this epoch (NaN when not measured: NULL in the store).
    public var trainLoss: Double
    /// Test loss after this epoch (NaN when not measured).
    public var testLoss: Double
    /// Training accuracy (R² for regression; NaN when not measured).
    public var trainScore: Double
    /// Test accuracy (R² for regression; NaN when not measured).
    public var testScore: Double
    /// Wall-clock seconds of this epoch's training.
    public var seconds: Double
    /// Every parameter after this epoch, flattened in the order W1, b1, W2, b2, … (row-major);
    /// empty for an epoch whose metrics alone were recorded.
    public var parameters: [Float]
    /// The test confusion matrix, K×K row-major (row = true class, column = predicted); empty for regression.
    public var testConfusion: [Int32]
    /// The model's output on the run's field grid, row-major from the top row, the outputs of a
    /// point together (probabilities in 0…1 for classification, values for regression); empty
    /// when the epoch is no frame or the run keeps parameters.
    public var field: [Float] = []
    /// A field run's frame may also hold the class the model predicts for each sample, in the
    /// data set's order (so that mistakes are marked exactly); empty when it does not.
    public var predicted: [Int32] = []

    /// A record with the given values.
    public init(epoch: Int, trainLoss: Double, testLoss: Double, trainScore: Double, testScore: Double,
                seconds: Double, parameters: [Float], testConfusion: [Int32] = [], field: [Float] = [], predicted: [Int32] = [], step: Int? = nil) {
        self.field = field
        self.predicted = predicted
        self.step = step
        self.testConfusion = testConfusion
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.testLoss = testLoss
        self.trainScore = trainScore
        self.testScore = testScore
        self.seconds = seconds
        self.parameters = parameters
    }

    /// Where the record lies on the epoch axis, where epoch e's end is e: a snapshot k steps into
    /// epoch e of S steps lies at e − 1 + k/S (between the ends of epochs e − 1 and e).
    public func position(stepsPerEpoch: Int?) -> Double {
        guard let step, let steps = stepsPerEpoch, steps > 0 else { return Double(epoch) }
        return Double(epoch) - 1 + Double(step) / Double(steps)
    }

    /// True when the record is a frame: it holds parameters or a field.
    public var isFrame: Bool { !parameters.isEmpty || !field.isEmpty }
}
