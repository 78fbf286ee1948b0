import Foundation
import GRDB

/// One row of a query that selects `typeof(c), c` for each of `columns`, read without trapping:
/// every value is checked for its SQLite type before it is decoded (GRDB's `row["c"] as Int`
/// would stop the process on a NULL or a TEXT), and BLOBs and TEXT are read in place.
struct CheckedRow {
    /// The select list for `columns`: `typeof(a), a, typeof(b), b, …`.
    static func selection(_ columns: [String], absent: Set<String> = []) -> String {
        columns.map { absent.contains($0) ? "typeof(NULL), NULL" : "typeof(\($0)), \($0)" }.joined(separator: ", ")
    }

    let row: Row
    private let indices: [String: Int]
    /// What a column is called in messages: "run.status", "epoch 12: parameters".
    let place: (String) -> String

    /// The row `row` of a query made with `selection(columns)`.
    init(_ row: Row, columns: [String], place: @escaping (String) -> String) {
        self.row = row
        indices = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, 2 * $0 + 1) })
        self.place = place
    }

    /// The SQLite type of `column`: `null`, `integer`, `real`, `text` or `blob`.
    func type(_ column: String) -> String {
        guard let index = indices[column] else { return "null" }
        return (row[index - 1] as String?) ?? "null"
    }

    private func wrongType(_ column: String, expected: String) -> StoreProblem {
        StoreProblem("\(place(column)) is \(type(column).uppercased()), expected \(expected)")
    }

    /// An INTEGER in `range`.
    func integer(_ column: String, in range: ClosedRange<Int>) throws(StoreProblem) -> Int {
        guard let value = try optionalInteger(column, in: range) else { throw wrongType(column, expected: "an integer") }
        return value
    }

    /// NULL, or an INTEGER in `range`.
    func optionalInteger(_ column: String, in range: ClosedRange<Int>) throws(StoreProblem) -> Int? {
        switch type(column) {
        case "null":
            return nil
        case "integer":
            let value = row[indices[column] ?? 0] as Int64
            guard value >= Int64(range.lowerBound), value <= Int64(range.upperBound) else {
                throw StoreProblem("\(place(column)) is \(value), outside \(range.lowerBound)…\(range.upperBound)")
            }
            return Int(value)
        default:
            throw wrongType(column, expected: "an integer")
        }
    }

    /// NULL (nil), or a finite number (REAL or INTEGER).
    func number(_ column: String) throws(StoreProblem) -> Double? {
        let value: Double
        switch type(column) {
        case "null": return nil
        case "real": value = row[indices[column] ?? 0] as Double
        case "integer": value = Double(row[indices[column] ?? 0] as Int64)
        default: throw wrongType(column, expected: "a number or NULL")
        }
        guard value.isFinite else { throw StoreProblem("\(place(column)) is \(value), expected a finite number") }
        return value
    }

    /// TEXT of at most `maximumBytes` bytes of UTF-8.
    func text(_ column: String, maximumBytes: Int) throws(StoreProblem) -> String {
        guard type(column) == "text", let index = indices[column] else { throw wrongType(column, expected: "text") }
        let text: String?
        do {
            text = try row.withUnsafeData(atIndex: index) { data -> String? in
                guard let data else { return "" }
                guard data.count <= maximumBytes else {
                    throw StoreProblem("\(place(column)) is \(data.count) bytes long; at most \(maximumBytes)")
                }
                return String(validating: data, as: UTF8.self)
            }
        } catch let problem as StoreProblem {
            throw problem
        } catch {
            throw StoreProblem("\(place(column)) cannot be read (\(error))")
        }
        guard let text else { throw StoreProblem("\(place(column)) is not valid UTF-8 text") }
        return text
    }

    /// TEXT holding JSON of type `T`, at most `FrameStoreLimits.maximumJSONBytes` long.
    func json<T: Decodable>(_ column: String, as: T.Type, expected: String) throws(StoreProblem) -> T {
        let text = try text(column, maximumBytes: FrameStoreLimits.maximumJSONBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreProblem("\(place(column)) is not \(expected): \(text.prefix(60))\(text.count > 60 ? "…" : "")")
        }
    }

    /// NULL (nil), or the BLOB's bytes handed to `body` in place (valid only during the call).
    func blob<T>(_ column: String, _ body: (UnsafeRawBufferPointer) throws(StoreProblem) -> T) throws(StoreProblem) -> T? {
        switch type(column) {
        case "null":
            return nil
        case "blob":
            guard let index = indices[column] else { return nil }
            do {
                return try row.withUnsafeData(atIndex: index) { data in
                    guard let data, !data.isEmpty else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
                    return try data.withUnsafeBytes { raw in try body(raw) }
                }
            } catch let problem as StoreProblem {
                throw problem
            } catch {
                throw StoreProblem("\(place(column)) cannot be read (\(error))")
            }
        default:
            throw wrongType(column, expected: "a BLOB")
        }
    }

    /// A BLOB that must be present.
    func requiredBlob<T>(_ column: String, _ body: (UnsafeRawBufferPointer) throws(StoreProblem) -> T) throws(StoreProblem) -> T {
        guard let value = try blob(column, body) else { throw wrongType(column, expected: "a BLOB") }
        return value
    }
}

// Little-endian BLOB decoding (the machines Flipbook runs on are little-endian).

/// Float32 values of `raw` (its length a multiple of 4).
func decodeFloats(_ raw: UnsafeRawBufferPointer) -> [Float] {
    (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
}

/// Int32 values of `raw` (its length a multiple of 4).
func decodeInt32s(_ raw: UnsafeRawBufferPointer) -> [Int32] {
    (0..<raw.count / 4).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
}

/// The index of the first float32 of `raw` that is NaN or infinite, without decoding the rest.
func firstNonFiniteFloat(_ raw: UnsafeRawBufferPointer) -> Int? {
    for i in 0..<raw.count / 4 {
        let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
        if bits & 0x7F80_0000 == 0x7F80_0000 { return i }
    }
    return nil
}

/// The float32 at index `i` of `raw`.
func floatAt(_ raw: UnsafeRawBufferPointer, _ i: Int) -> Float {
    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
}
