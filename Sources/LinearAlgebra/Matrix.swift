/// A dense, row-major, contiguous matrix of `Float` or `Double`: the one array type of the project.
///
/// Element `(r, c)` lives at `elements[r * columns + c]`. A vector is a matrix with one row or
/// one column. `Matrix` is a value type (copy-on-write through its array storage).
public struct Matrix<Scalar: BLASScalar>: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in row-major order; `count == rows * columns`.
    public var elements: [Scalar]

    /// A matrix with every element set to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Scalar](repeating: value, count: rows * columns)
    }

    /// A matrix whose elements are left unset, for a result that a GEMM (with β = 0) or another
    /// kernel overwrites completely: it saves clearing memory that is written again at once.
    @inlinable
    public init(uninitializedRows rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Scalar](unsafeUninitializedCapacity: rows * columns) { _, count in count = rows * columns }
    }

    /// A matrix over the given row-major elements.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(elements.count == rows * columns,
                     "Matrix \(rows)×\(columns) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows, all of the same length (convenient in tests and examples).
    @inlinable
    public init(_ nestedRows: [[Scalar]]) {
        let columns = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == columns }, "Matrix rows must have equal length")
        self.init(rows: nestedRows.count, columns: columns, elements: nestedRows.flatMap { $0 })
    }

    /// The same values converted to another scalar type.
    @inlinable
    public init<Other: BLASScalar>(converting other: Matrix<Other>) {
        self.init(rows: other.rows, columns: other.columns, elements: other.elements.map { Scalar($0) })
    }

    /// The number of elements.
    @inlinable public var count: Int { rows * columns }

    /// The element at row `row`, column `column`.
    @inlinable public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Row `index` as an array.
    @inlinable
    public func row(_ index: Int) -> [Scalar] {
        Array(elements[index * columns ..< (index + 1) * columns])
    }

    /// The rows at `indices`, in that order, as a new matrix (used to form batches and splits).
    @inlinable
    public func gatheringRows<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        var result = Matrix(uninitializedRows: indices.count, columns: columns)
        result.elements.withUnsafeMutableBufferPointer { out in
            elements.withUnsafeBufferPointer { src in
                var offset = 0
                for r in indices {
                    (out.baseAddress! + offset).update(from: src.baseAddress! + r * columns, count: columns)
                    offset += columns
                }
            }
        }
        return result
    }

    /// The rows of `blocks`, one block after the other (all blocks have the same columns).
    @inlinable
    public init(stackingRowsOf blocks: [Matrix]) {
        let columns = blocks.first?.columns ?? 0
        precondition(blocks.allSatisfy { $0.columns == columns }, "Matrix(stackingRowsOf:): blocks differ in columns")
        var elements: [Scalar] = []
        elements.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
        for block in blocks { elements.append(contentsOf: block.elements) }
        self.init(rows: blocks.reduce(0) { $0 + $1.rows }, columns: columns, elements: elements)
    }

    /// The transpose, as a new matrix (GEMM takes transposes as flags; this is for small data only).
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.elements[c * rows + r] = elements[r * columns + c] }
        }
        return result
    }

    /// True when every element is finite (neither NaN nor infinite).
    @inlinable
    public var isFinite: Bool {
        elements.withUnsafeBufferPointer { buffer in
            var finite = true
            for value in buffer where !value.isFinite { finite = false; break }
            return finite
        }
    }
}

extension Matrix: CustomStringConvertible {
    /// A compact printout, row by row.
    public var description: String {
        var lines: [String] = []
        for r in 0..<min(rows, 8) {
            let shown = (0..<min(columns, 8)).map { "\(self[r, $0])" }.joined(separator: " ")
            lines.append("[" + shown + (columns > 8 ? " …" : "") + "]")
        }
        if rows > 8 { lines.append("…") }
        return "Matrix \(rows)×\(columns)\n" + lines.joined(separator: "\n")
    }
}
