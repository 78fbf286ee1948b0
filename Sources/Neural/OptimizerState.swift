import LinearAlgebra

/// What an optimizer carries from step to step for one network: the steps taken and, for each
/// parameter tensor (W1, b1, W2, …), the rule's state vectors, shaped like the tensor, zero at first.
///
/// Whoever trains owns it (`Trainer.fit` makes one per run); the optimizer itself holds no state.
public struct OptimizerState<Scalar: BLASScalar>: Sendable, Equatable {
    /// The steps taken so far; the next step is number `steps + 1`.
    public var steps: Int { stepCount }
    @usableFromInline var stepCount = 0
    /// The number of state vectors per tensor (the optimizer's `stateVectorCount`).
    public let vectorCount: Int
    /// Per tensor, its state vectors one after the other: vector k of an r × c tensor is rows
    /// k·r ..< (k+1)·r of a (vectorCount·r) × c matrix.
    @usableFromInline var tensors: [Matrix<Scalar>]

    /// Zero state of `vectorCount` vectors for each tensor of the given shapes.
    @inlinable
    public init(vectorCount: Int, shapes: [(rows: Int, columns: Int)]) {
        precondition(vectorCount >= 0, "OptimizerState: \(vectorCount) vectors")
        self.vectorCount = vectorCount
        tensors = shapes.map { Matrix(rows: vectorCount * $0.rows, columns: $0.columns) }
    }

    /// State vector `k` of tensor `index` (W1 is 0, b1 is 1, W2 is 2, …), shaped like the tensor.
    public func vector(_ k: Int, ofTensor index: Int) -> Matrix<Scalar> {
        precondition(k >= 0 && k < vectorCount, "OptimizerState: no vector \(k) of \(vectorCount)")
        let tensor = tensors[index]
        let rows = tensor.rows / vectorCount, count = tensor.count / vectorCount
        return Matrix(rows: rows, columns: tensor.columns, elements: Array(tensor.elements[(k * count)..<((k + 1) * count)]))
    }
}
