import CKernels
import LinearAlgebra
import Neural

extension Network<Float> {
    /// Every layer's activations for `inputs`, `rowsPerPass` rows at a time, handed to `body` with
    /// each block's first row. Blocks of `rowsPerPass` rows, not smaller ones for the cache: BLIS's
    /// sums over a block may round differently with the block's row count, and what the inside
    /// views draw from these passes must be what the boundary panel draws from its own
    /// (`RunScene.outputs`, the same blocks).
    func forwardInBlocks(_ inputs: Matrix<Float>, rowsPerPass: Int, _ body: (_ start: Int, _ activations: [Matrix<Float>]) -> Void) {
        let step = max(1, rowsPerPass)
        // One block of every row: the inputs themselves, not a copy of them (the same values, the same sums).
        if inputs.rows > 0, inputs.rows <= step { return body(0, forward(inputs)) }
        for start in stride(from: 0, to: inputs.rows, by: step) {
            body(start, forward(inputs.gatheringRows(start..<min(start + step, inputs.rows))))
        }
    }
}

/// One batched forward pass of a network over a set of inputs (the field's grid, or the
/// samples), kept as the inside views need it: the chosen units of every hidden layer, the raw
/// outputs, and the last hidden layer through the hidden-space projection. Rows go through in
/// blocks of `rowsPerPass`, so a wide layer never holds the whole grid at once.
struct LayerProbe: Sendable {
    /// `units[l][k]`: hidden layer l's k-th chosen unit, one value per input row (from
    /// `wholeLayers` when the pass kept them, gathered here).
    var units: [[[Float]]] {
        zip(gathered.indices, gathered).map { l, gathered in
            guard let layer = wholeLayers.indices.contains(l) ? wholeLayers[l] : nil else { return gathered }
            let sources = chosen[l]
            var columns = sources.map { $0 < layer.columns ? [Float](unsafeUninitializedCapacity: layer.rows) { $1 = layer.rows }
                                                            : [Float](repeating: 0, count: layer.rows) }
            let kept = sources.enumerated().filter { $0.element < layer.columns }
            guard !kept.isEmpty else { return columns }
            columns.withUnsafeMutableBufferPointer { columns in
                Self.withColumns(columns, kept.map { $0.offset }, from: 0) { targets in
                    layer.elements.withUnsafeBufferPointer { values in
                        flipbook_gather_columns_f32(values.baseAddress!, layer.rows, layer.columns, kept.map { $0.element }, kept.count, targets)
                    }
                }
            }
            return columns
        }
    }
    /// Hidden layer l's activations over every input row (rows × the layer's units), kept as the
    /// pass made them when one block held every row and the layer has chosen units (the network
    /// diagram paints a layer's maps straight from it, `UnitMap.paintLayer`); nil otherwise.
    var wholeLayers: [Matrix<Float>?]
    /// The units kept of each hidden layer (`chosen[l]`).
    let chosen: [[Int]]
    /// `units` of the layers not in `wholeLayers` (the others' entries empty).
    private var gathered: [[[Float]]]
    /// The network's raw output (logits for classification), rows × outputs.
    var output: Matrix<Float>
    /// The last hidden layer through the projection: one point per projected row (every row, or
    /// the rows of `projecting`, in its order); empty without a projection.
    var projected: [(x: Double, y: Double)]
    /// Whether each projected row's last hidden layer is zero in every unit (empty without a projection).
    var allZero: [Bool]

    /// The pass of `network` over `inputs`, keeping the units `chosen[l]` of hidden layer l and,
    /// with a `projection`, the last hidden layer projected: every row's, or with `projecting`
    /// (row indices, increasing; others are skipped) only those rows', one after another (the hidden space's lines
    /// pass through a tenth of the grid: walking the other rows to mark them unprojected was
    /// most of the pass's own work).
    init(network: Network<Float>, inputs: Matrix<Float>, chosen: [[Int]], projection: Projection?, rowsPerPass: Int,
         projecting: [Int]? = nil) {
        let hidden = max(0, network.layers.count - 1)
        let rows = inputs.rows
        self.chosen = (0..<hidden).map { l in l < chosen.count ? chosen[l] : [] }
        // One block holds every row: its layers are kept whole, no unit gathered.
        let whole = rows > 0 && rows <= max(1, rowsPerPass)
        wholeLayers = Array(repeating: nil, count: hidden)
        // A unit the layer has is written whole below (every block's rows): no need to zero it first.
        gathered = self.chosen.enumerated().map { l, chosen in
            whole ? [] : chosen.map { unit in
                unit < network.layers[l].outputSize ? [Float](unsafeUninitializedCapacity: rows) { $1 = rows }
                    : [Float](repeating: 0, count: rows)
            }
        }
        var outputs: [Float] = []
        if !whole { outputs.reserveCapacity(inputs.rows * network.outputSize) }
        projected = []
        allZero = []
        // The listed rows the inputs have, each after the one before (any other is skipped).
        let listed = projecting.map { rows in
            var previous = -1
            return rows.filter { row in
                guard row > previous, row < inputs.rows else { return false }
                previous = row
                return true
            }
        }
        if projection != nil {
            projected.reserveCapacity(listed?.count ?? inputs.rows)
            allZero.reserveCapacity(listed?.count ?? inputs.rows)
        }
        output = Matrix(rows: 0, columns: network.outputSize)
        var next = 0
        network.forwardInBlocks(inputs, rowsPerPass: rowsPerPass) { start, activations in
            if whole {
                for l in 0..<hidden where !self.chosen[l].isEmpty { wholeLayers[l] = activations[l + 1] }
            }
            keep(activations, from: start, chosen: whole ? [] : chosen, projection: projection, projecting: listed, next: &next)
            if whole { output = activations[activations.count - 1] } else { outputs += activations[activations.count - 1].elements }
        }
        if !whole { output = Matrix(rows: inputs.rows, columns: network.outputSize, elements: outputs) }
    }

    /// Calls `body` with a pointer to element `start` of each of `columns[indices[k]]`, each
    /// array held for writing (nested, one array at a time) while `body` runs.
    private static func withColumns(_ columns: UnsafeMutableBufferPointer<[Float]>, _ indices: [Int], from start: Int,
                                    pointers: [UnsafeMutablePointer<Float>?] = [], _ body: ([UnsafeMutablePointer<Float>?]) -> Void) {
        guard pointers.count < indices.count else { return body(pointers) }
        columns[indices[pointers.count]].withUnsafeMutableBufferPointer { column in
            withColumns(columns, indices, from: start, pointers: pointers + [column.baseAddress! + start], body)
        }
    }

    /// Keeps one block's chosen units (its rows from `start` on) and appends its projected last
    /// hidden layer: every row's, or those of the listed rows from `listed[next]` on in the block
    /// (`next` moved past them).
    private mutating func keep(_ activations: [Matrix<Float>], from start: Int, chosen: [[Int]], projection: Projection?,
                               projecting listed: [Int]?, next: inout Int) {
        for l in gathered.indices where l < chosen.count {
            let layer = activations[l + 1]
            let kept = chosen[l].enumerated().filter { $0.element < layer.columns }
            guard !kept.isEmpty else { continue }
            // Each kept unit's column of the block, straight into its array, by CKernels (8 × 8
            // transposes with AVX2): a unit at a time over the whole layer read every
            // activation's cache line once per unit.
            let sources = kept.map { $0.element }
            gathered[l].withUnsafeMutableBufferPointer { columns in
                Self.withColumns(columns, kept.map { $0.offset }, from: start) { targets in
                    layer.elements.withUnsafeBufferPointer { values in
                        flipbook_gather_columns_f32(values.baseAddress!, layer.rows, layer.columns, sources, sources.count, targets)
                    }
                }
            }
        }
        guard let projection, gathered.count >= 1 else { return }
        let last = activations[gathered.count]
        var picked: [Int]? = nil
        if let listed {
            var rows: [Int] = []
            while next < listed.count, listed[next] < start + last.rows {
                rows.append(listed[next] - start)
                next += 1
            }
            picked = rows
        }
        let count = picked?.count ?? last.rows, from = projected.count
        guard count > 0 else { return }
        projected.append(contentsOf: repeatElement((x: 0, y: 0), count: count))
        allZero.append(contentsOf: repeatElement(false, count: count))
        last.elements.withUnsafeBufferPointer { values in
            projected.withUnsafeMutableBufferPointer { points in
                allZero.withUnsafeMutableBufferPointer { zero in
                    projection.project(values.baseAddress!, columns: last.columns, rows: picked, count: count,
                                       into: points.baseAddress! + from, allZero: zero.baseAddress! + from)
                }
            }
        }
    }
}
