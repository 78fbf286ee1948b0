/// A value field sampled on a regular grid over a plane rectangle: what a classifier predicts
/// at each grid point. Row 0 is the top (largest y); column 0 the left (smallest x).
public struct ValueField: Sendable {
    /// What the values are.
    public enum Kind: Sendable, Equatable {
        /// One value per grid point: the probability of class 1 (two classes).
        case binary
        /// `classes` values per grid point: the probability of each class (they sum to 1).
        case classes(Int)
    }

    /// Grid points across.
    public let columns: Int
    /// Grid points down.
    public let rows: Int
    /// The plane rectangle the grid spans, corners included.
    public let domain: PlaneRect
    /// What the values are.
    public let kind: Kind
    /// Row-major values, `rows × columns × (1 or classes)`.
    public let values: [Float]

    /// A field; `values.count` must be `rows × columns × channels`.
    public init(columns: Int, rows: Int, domain: PlaneRect, kind: Kind, values: [Float]) {
        precondition(columns >= 2 && rows >= 2, "ValueField needs at least 2×2 grid points")
        self.columns = columns
        self.rows = rows
        self.domain = domain
        self.kind = kind
        self.values = values
        precondition(values.count == columns * rows * channels, "ValueField: \(values.count) values for \(columns)×\(rows)×\(channels)")
    }

    /// Values per grid point.
    public var channels: Int {
        if case .classes(let k) = kind { return k }
        return 1
    }

    /// The plane coordinates of every grid point, row by row (what a caller evaluates the model on).
    public static func gridPoints(columns: Int, rows: Int, domain: PlaneRect) -> [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = []
        points.reserveCapacity(columns * rows)
        for row in 0..<rows {
            let y = domain.maxY - (domain.maxY - domain.minY) * Double(row) / Double(rows - 1)
            for column in 0..<columns {
                points.append((domain.minX + (domain.maxX - domain.minX) * Double(column) / Double(columns - 1), y))
            }
        }
        return points
    }
}

/// One data point to draw over a field.
public struct ScatterPoint: Sendable, Equatable {
    /// Plane coordinates.
    public var x: Double
    /// Plane coordinates.
    public var y: Double
    /// The point's true class (its colour).
    public var classIndex: Int
    /// Test points are drawn as rings, training points as filled discs.
    public var isTest: Bool
    /// Misclassified points get a ring (`Palette.mistake`).
    public var isMisclassified: Bool
    /// How opaque it is drawn, 0…1: below 1 for a point far from the plane a picture slices through.
    public var opacity: Double

    /// A point with its class and marks.
    public init(x: Double, y: Double, classIndex: Int, isTest: Bool = false, isMisclassified: Bool = false, opacity: Double = 1) {
        self.opacity = opacity
        self.x = x
        self.y = y
        self.classIndex = classIndex
        self.isTest = isTest
        self.isMisclassified = isMisclassified
    }
}
