import FrameStore

/// The points of one or more paths in parameter space (flat parameters, W1, b1, W2, b2, …), read
/// from frame stores a block at a time: the landscape's plane and path are computed from them
/// without ever holding every frame's parameters at once.
struct ParameterPath: Sendable {
    /// Where one point is kept.
    enum Point: Sendable {
        /// A store's initial parameters.
        case initial(FrameStoreReader)
        /// The parameters of a store's frame recorded at a moment.
        case frame(FrameStoreReader, Moment)
        /// Parameters at hand.
        case values([Float])
    }

    let points: [Point]
    var count: Int { points.count }

    /// A path of parameters at hand.
    init(_ values: [[Float]]) { points = values.map(Point.values) }

    /// A path of `points`.
    init(points: [Point]) { self.points = points }

    /// Points `range`, in order; consecutive frames of one store are read in one transaction.
    func read(_ range: Range<Int>) throws -> [[Float]] {
        var result: [[Float]] = []
        result.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            switch points[index] {
            case .values(let values):
                result.append(values)
                index += 1
            case .initial(let store):
                result.append(store.run.initialParameters)
                index += 1
            case .frame(let store, _):
                var moments: [Moment] = []
                while index < range.upperBound, case .frame(let next, let moment) = points[index], next === store {
                    moments.append(moment)
                    index += 1
                }
                for (moment, record) in zip(moments, try store.records(at: moments)) {
                    guard let record, record.parameters.count == store.run.architecture.parameterCount else {
                        throw FrameStoreError(path: store.path, "\(moment) holds no parameters (it changed while drawing)")
                    }
                    result.append(record.parameters)
                }
            }
        }
        return result
    }

    /// Every point once, in order, `block` at a time: `body` gets each block's first index and its points.
    func forEachBlock(of block: Int, _ body: (Int, [[Float]]) throws -> Void) throws {
        for start in stride(from: 0, to: count, by: max(1, block)) {
            try body(start, try read(start..<min(start + max(1, block), count)))
        }
    }
}
