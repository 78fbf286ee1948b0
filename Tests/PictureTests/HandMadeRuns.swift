import Foundation
import FrameStore

/// A run written by hand into a frame store, as another recorder would: fixed data and fixed
/// parameters for a few epochs, no training (trained numbers differ between CPUs), so that its
/// pictures are the same wherever the tests run.
struct HandMadeRun: Sendable, CustomStringConvertible {
    /// The folder of its references, `References/NAME/`.
    var name: String
    var run: StoredRun
    var epochs: [EpochRecord]
    /// `flipbook render`'s flags besides `--out` and `--size 160`.
    var flags: [String] = []
    var tolerance: PictureTolerance = .blas

    var description: String { name }

    /// Writes `directory/frames.sqlite` through the store's writer, the run completed.
    func write(into directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try FrameStore.create(at: directory.appendingPathComponent("frames.sqlite").path, run: run)
        for record in epochs { try store.append(record) }
        try store.finish(.completed)
    }

    /// Every hand-made run the picture tests draw.
    static let all: [HandMadeRun] = [binary, threeClasses, fit, images, storedField]

    /// The metrics of epoch `epoch` from per-epoch columns, with its parameters or field.
    static func record(_ epoch: Int, loss: [Double], testLoss: [Double], score: [Double], testScore: [Double],
                       parameters: [Float] = [], confusion: [Int32] = [], field: [Float] = [], predicted: [Int32] = []) -> EpochRecord {
        EpochRecord(epoch: epoch, trainLoss: loss[epoch], testLoss: testLoss[epoch], trainScore: score[epoch], testScore: testScore[epoch],
                    seconds: 0.01, parameters: parameters, testConfusion: confusion, field: field, predicted: predicted)
    }

    // MARK: two classes

    /// Two classes of 16 points either side of a slanted line (4 of them test points), through
    /// 2 → 4 tanh → 1, four epochs and the untrained network: every view of 2-D data, both themes.
    static let binary: HandMadeRun = {
        let points: [(x: Float, y: Float, label: Int32, test: Bool)] = [
            (-1.5, -1.0, 0, false), (-0.5, -1.5, 0, false), (0.5, -1.2, 0, false), (1.5, -0.2, 0, false),
            (-1.0, -0.2, 0, false), (0.8, -0.6, 0, false), (-1.8, 0.4, 0, true), (1.2, 0.9, 0, true),
            (-1.2, 1.0, 1, false), (-0.3, 1.4, 1, false), (0.6, 1.1, 1, false), (1.7, 1.6, 1, false),
            (-0.6, 0.4, 1, false), (0.2, 0.5, 1, false), (1.0, 1.5, 1, true), (-0.1, -0.1, 1, true),
        ]
        let data = StoredDataset(name: "slant", kind: .points2D, featureCount: 2, classNames: ["below", "above"],
                                 features: points.flatMap { [$0.x, $0.y] }, labels: points.map(\.label), targets: [],
                                 isTest: points.map(\.test), mean: [0, 0.2], deviation: [1.2, 1])
        /// W1 (2 × 4, inputs by units), b1, W2 (4 × 1), b2: the units sharpen as `t` grows, and
        /// the third turns from the line's side to the other.
        func parameters(_ t: Float) -> [Float] {
            [0.9 * t, -0.5 * t, 0.4 - 0.3 * t, 0.2 * t,
             1.1 * t, 0.7 * t, -0.8 * t, 0.6,
             0.1, -0.2 * t, 0.3 - 0.2 * t, 0.05,
             1.2 * t, -0.4, -0.9 * t, 0.7 * t,
             -0.1 * t]
        }
        let loss = [0.68, 0.55, 0.43, 0.36], testLoss = [0.69, 0.6, 0.5, 0.45]
        let score = [0.58, 0.75, 0.83, 0.92], testScore = [0.5, 0.75, 0.75, 1]
        let confusion: [[Int32]] = [[1, 1, 1, 1], [2, 0, 1, 1], [2, 0, 1, 1], [2, 0, 0, 2]]
        let ts: [Float] = [0.5, 1, 1.6, 2.4]
        return HandMadeRun(
            name: "binary",
            run: StoredRun(configJSON: "{}", architecture: Architecture(layerSizes: [2, 4, 1], activations: [.tanh, .identity], loss: .binaryCrossEntropy),
                           dataset: data, initialParameters: parameters(0.2), recordedBy: "picture tests"),
            epochs: (0..<4).map { record($0, loss: loss, testLoss: testLoss, score: score, testScore: testScore,
                                         parameters: parameters(ts[$0]), confusion: confusion[$0]) },
            flags: ["--theme", "both", "--first-frame", "untrained"])
    }()

    // MARK: three classes

    /// Three classes of 4 points around the arms of a 'Y' (one of each a test point), through
    /// 2 → 2 ReLU → 3 softmax: the hidden layer is drawn in its own two coordinates.
    static let threeClasses: HandMadeRun = {
        let centres: [(Float, Float)] = [(0, 1.5), (-1.3, -0.75), (1.3, -0.75)]
        let offsets: [(Float, Float)] = [(0.2, 0.1), (-0.25, 0.15), (0.1, -0.3), (-0.05, 0.2)]
        var features: [Float] = [], labels: [Int32] = [], isTest: [Bool] = []
        for (label, centre) in centres.enumerated() {
            for (k, offset) in offsets.enumerated() {
                features += [centre.0 + offset.0, centre.1 + offset.1]
                labels.append(Int32(label))
                isTest.append(k == 3)
            }
        }
        let data = StoredDataset(name: "arms", kind: .points2D, featureCount: 2, classNames: ["north", "west", "east"],
                                 features: features, labels: labels, targets: [], isTest: isTest, mean: [0, 0], deviation: [1, 1])
        /// The first unit reads x, the second y (leaning on each other by `s`); class north
        /// follows the second, east the first, west neither, more sharply as `t` grows.
        func parameters(s: Float, t: Float) -> [Float] {
            [1, s, -s, 1,
             0.1, 0.1,
             -t, -t, 2 * t,
             2 * t, -t, -t,
             0, t, 0]
        }
        let loss = [1.05, 0.82, 0.55, 0.31], testLoss = [1.08, 0.9, 0.62, 0.4]
        let score = [0.44, 0.67, 0.89, 1], testScore = [0.33, 0.67, 1, 1]
        let confusion: [[Int32]] = [[1, 0, 0, 1, 0, 0, 1, 0, 0], [1, 0, 0, 0, 1, 0, 0, 1, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1], [1, 0, 0, 0, 1, 0, 0, 0, 1]]
        return HandMadeRun(
            name: "three-classes",
            run: StoredRun(configJSON: "{}", architecture: Architecture(layerSizes: [2, 2, 3], activations: [.relu, .identity], loss: .softmaxCrossEntropy),
                           dataset: data, recordedBy: "picture tests"),
            epochs: (0..<4).map { record($0, loss: loss, testLoss: testLoss, score: score, testScore: testScore,
                                         parameters: parameters(s: 0.4 - 0.15 * Float($0), t: 0.3 + 0.7 * Float($0)), confusion: confusion[$0]) })
    }()

    // MARK: regression

    /// Twelve samples of sin x on −3…3 (every fourth a test sample), through 1 → 3 tanh → 1:
    /// the fitted curve.
    static let fit: HandMadeRun = {
        let xs: [Float] = [-3, -2.4, -1.9, -1.3, -0.8, -0.3, 0.2, 0.7, 1.1, 1.6, 2.2, 2.8]
        let ys: [Float] = [-0.11, -0.7, -0.93, -0.94, -0.69, -0.33, 0.21, 0.62, 0.87, 1.02, 0.83, 0.3]
        let data = StoredDataset(name: "sine by hand", kind: .regression1D, featureCount: 1, classNames: [], features: xs,
                                 labels: [], targets: ys, isTest: xs.indices.map { $0 % 4 == 3 }, mean: [0], deviation: [1.8])
        /// W1 (1 × 3), b1, W2 (3 × 1), b2: a slope and two steps that bend it back (sin x within
        /// 0.03 at `t` = 1, a least-squares fit), grown by `t`.
        func parameters(_ t: Float) -> [Float] {
            [1, 2, 2, 0, -2.8, 2.8, 1.75 * t, -0.98 * t, -0.98 * t, 0.05]
        }
        let loss = [0.45, 0.24, 0.09, 0.03], testLoss = [0.5, 0.3, 0.12, 0.05]
        let score = [-0.2, 0.35, 0.78, 0.93], testScore = [-0.4, 0.2, 0.7, 0.9]
        return HandMadeRun(
            name: "fit",
            run: StoredRun(configJSON: "{}", architecture: Architecture(layerSizes: [1, 3, 1], activations: [.tanh, .identity], loss: .meanSquaredError),
                           dataset: data, recordedBy: "picture tests"),
            epochs: (0..<4).map { record($0, loss: loss, testLoss: testLoss, score: score, testScore: testScore,
                                         parameters: parameters(0.25 * Float($0 + 1))) })
    }()

    // MARK: images

    /// Eight 8 × 8 test images, two of each of four shapes (a bar, a column, a diagonal, a
    /// ring), through 64 → 4 ReLU → 4 softmax: the image predictions, the first layer's weights
    /// as tiles and the hidden space of images, both themes.
    static let images: HandMadeRun = {
        let side = 8
        typealias Shape = (_ row: Int, _ column: Int) -> Bool
        let ring: Shape = { r, c in (r == 1 || r == 6 || c == 1 || c == 6) && (1...6).contains(r) && (1...6).contains(c) }
        let smallRing: Shape = { r, c in (r == 2 || r == 5 || c == 2 || c == 5) && (2...5).contains(r) && (2...5).contains(c) }
        let shapes: [(Shape, Shape)] = [
            ({ r, _ in r == 3 }, { r, _ in r == 5 }),
            ({ _, c in c == 2 }, { _, c in c == 5 }),
            ({ r, c in r == c }, { r, c in r == c + 1 }),
            (ring, smallRing),
        ]
        func pixels(_ shape: Shape) -> [Float] {
            (0..<side * side).map { shape($0 / side, $0 % side) ? 1 : 0.05 }
        }
        var features: [Float] = [], labels: [Int32] = []
        for (label, pair) in shapes.enumerated() {
            features += pixels(pair.0) + pixels(pair.1)
            labels += [Int32(label), Int32(label)]
        }
        let data = StoredDataset(name: "shapes", kind: .image, featureCount: side * side, imageSize: (side, side),
                                 classNames: ["bar", "column", "diagonal", "ring"], features: features, labels: labels, targets: [],
                                 isTest: Array(repeating: true, count: 8), mean: Array(repeating: 0, count: 64), deviation: Array(repeating: 1, count: 64))
        /// W1 (64 × 4, pixels by units): detectors of the bars' rows, the columns', the
        /// diagonals' and the rings' pixels, each positive on its pixels and negative elsewhere,
        /// grown by `t`; b1; W2 (4 × 4) sends each unit to its class and away from the others.
        /// Every image is classified right at every epoch.
        func parameters(_ t: Float) -> [Float] {
            var w1: [Float] = []
            for p in 0..<side * side {
                let (r, c) = (p / side, p % side)
                w1 += [r == 3 || r == 5 ? t : -t / 4, c == 2 || c == 5 ? t : -t / 4, abs(r - c) <= 1 ? t / 2 : -t / 8,
                       ring(r, c) || smallRing(r, c) ? t / 2 : -t / 4]
            }
            let w2: [Float] = [1, -1, 0, -0.5,
                               -1, 1, 0, -0.5,
                               0, -1, 1, -0.5,
                               -1, -1, -1, 2]
            return w1 + [0.1, 0.1, 0, 0] + w2.map { $0 * t } + [0, 0, 0, 0]
        }
        // The softmax cross-entropy of these parameters (NumPy).
        let loss = [1.114, 0.321, 0.057, 0.007], score = [1.0, 1, 1, 1]
        let diagonal: [Int32] = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2]
        return HandMadeRun(
            name: "images",
            run: StoredRun(configJSON: "{}", architecture: Architecture(layerSizes: [64, 4, 4], activations: [.relu, .identity], loss: .softmaxCrossEntropy),
                           dataset: data, recordedBy: "picture tests"),
            epochs: (0..<4).map { record($0, loss: loss, testLoss: loss, score: score, testScore: score,
                                         parameters: parameters(0.2 + 0.4 * Float($0)), confusion: diagonal) },
            flags: ["--theme", "both"])
    }()

    // MARK: a stored field

    /// A model Flipbook cannot evaluate, recorded as its field (`run.model = field`): P(class 1)
    /// on a 16 × 16 grid over −2…2, a ramp across a slanted line that steepens over three
    /// epochs, the last epoch with the classes the model predicts. No BLAS draws it, so its
    /// pictures must match exactly.
    static let storedField: HandMadeRun = {
        let points: [(x: Float, y: Float, label: Int32, test: Bool)] = [
            (-1.5, -1.2, 0, false), (-0.4, -1.6, 0, false), (0.9, -1.1, 0, false), (-1.2, 0.1, 0, false),
            (0.3, -0.4, 0, true), (1.6, -1.5, 0, false), (-0.2, 1.2, 1, false), (1.1, 0.7, 1, false),
            (-1.4, 1.6, 1, false), (0.6, 1.5, 1, true), (1.7, 0.1, 1, false), (-0.6, 0.2, 1, false),
        ]
        let grid = FieldGrid(minX: -2, maxX: 2, minY: -2, maxY: 2, size: 16)
        let data = StoredDataset(name: "slant field", kind: .points2D, featureCount: 2, classNames: ["cold", "warm"],
                                 features: points.flatMap { [$0.x, $0.y] }, labels: points.map(\.label), targets: [],
                                 isTest: points.map(\.test), mean: [0, 0], deviation: [1, 1])
        /// Row 0 at the top (y = 2): P(class 1) = 0.5 + t·(0.6 x + 0.4 y − 0.1), clamped.
        func field(_ t: Float) -> [Float] {
            (0..<grid.pointCount).map { i in
                let x = Float(grid.minX) + Float(i % grid.size) * 4 / 15, y = Float(grid.maxY) - Float(i / grid.size) * 4 / 15
                return min(max(0.5 + t * (0.6 * x + 0.4 * y - 0.1), 0), 1)
            }
        }
        let predicted = points.map { 0.6 * $0.x + 0.4 * $0.y - 0.1 > 0 ? Int32(1) : 0 }
        let loss = [0.62, 0.41, 0.3], testLoss = [0.64, 0.45, 0.35], score = [0.7, 0.8, 0.9], testScore = [0.5, 1, 1]
        let confusion: [Int32] = [1, 0, 0, 1]
        let ts: [Float] = [0.15, 0.4, 0.9]
        return HandMadeRun(
            name: "stored-field",
            run: StoredRun(configJSON: "{}", architecture: Architecture(layerSizes: [2, 1], activations: [.identity], loss: .binaryCrossEntropy),
                           dataset: data, model: .field, fieldGrid: grid, recordedBy: "picture tests"),
            epochs: (0..<3).map { record($0, loss: loss, testLoss: testLoss, score: score, testScore: testScore, confusion: confusion,
                                         field: field(ts[$0]), predicted: $0 == 2 ? predicted : []) },
            tolerance: .exact)
    }()
}
