/// One recorded epoch: metrics, and every parameter when the epoch is a frame.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch, counting from 0.
    public var epoch: Int
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

    /// A record with the given values.
    public init(epoch: Int, trainLoss: Double, testLoss: Double, trainScore: Double, testScore: Double,
                seconds: Double, parameters: [Float], testConfusion: [Int32] = []) {
        self.testConfusion = testConfusion
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.testLoss = testLoss
        self.trainScore = trainScore
        self.testScore = testScore
        self.seconds = seconds
        self.parameters = parameters
    }
}
