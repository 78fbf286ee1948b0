/// A canonical prefix (Huffman) code over an alphabet, as WebP lossless stores them: code lengths
/// of at most `limit` bits, codes given in order of length then symbol, each code's bits read
/// first-bit-first (so kept here bit-reversed, ready for `BitWriter`).
struct PrefixCode {
    /// Code length of each symbol, 0 for unused symbols.
    let lengths: [UInt8]
    /// Each symbol's code, bit-reversed.
    let codes: [UInt32]
    /// Bits written per symbol: `lengths`, except that a code of a single symbol takes no bits.
    let bitCounts: [UInt8]
    /// Symbols with a nonzero length.
    let usedSymbols: [Int]

    init(frequencies: [UInt32], limit: Int) {
        let lengths = PrefixCode.lengths(frequencies: frequencies, limit: limit)
        self.init(lengths: lengths)
    }

    init(lengths: [UInt8]) {
        self.lengths = lengths
        codes = PrefixCode.canonicalCodes(lengths: lengths)
        usedSymbols = lengths.indices.filter { lengths[$0] > 0 }
        bitCounts = usedSymbols.count <= 1 ? [UInt8](repeating: 0, count: lengths.count) : lengths
    }

    /// Code lengths of at most `limit` bits for symbols with these frequencies: a Huffman code of
    /// the frequencies, or, when its longest code is too long, of the frequencies with the rare
    /// ones raised to a floor, doubled until the code fits. Unused symbols get 0; a single used
    /// symbol gets length 1 (the format's single-leaf tree); none used gives all zeros.
    static func lengths(frequencies: [UInt32], limit: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: frequencies.count)
        let used = frequencies.indices.filter { frequencies[$0] > 0 }
        precondition(used.count <= 1 << limit, "too many symbols for \(limit)-bit codes")
        if used.count == 1 { result[used[0]] = 1 }
        guard used.count >= 2 else { return result }
        var floor: UInt64 = 1
        while true {
            let weights = used.map { max(UInt64(frequencies[$0]), floor) }
            let depths = huffmanDepths(weights)
            if depths.max()! <= limit {
                for (k, symbol) in used.enumerated() { result[symbol] = UInt8(depths[k]) }
                return result
            }
            floor *= 2
        }
    }

    /// The depth of each leaf in a Huffman tree of `weights` (two or more), by the two-queue
    /// method: leaves sorted by weight, internal nodes made in increasing weight order.
    private static func huffmanDepths(_ weights: [UInt64]) -> [Int] {
        let m = weights.count
        let order = weights.indices.sorted { (weights[$0], $0) < (weights[$1], $1) }
        var weight = [UInt64](repeating: 0, count: 2 * m - 1)
        var parent = [Int](repeating: 0, count: 2 * m - 1)
        for (k, leaf) in order.enumerated() { weight[k] = weights[leaf] }
        var leaf = 0, inner = m, next = m
        func smallest() -> Int {
            if leaf < m && (inner >= next || weight[leaf] <= weight[inner]) {
                leaf += 1
                return leaf - 1
            }
            inner += 1
            return inner - 1
        }
        while next < 2 * m - 1 {
            let a = smallest(), b = smallest()
            weight[next] = weight[a] + weight[b]
            parent[a] = next
            parent[b] = next
            next += 1
        }
        var depth = [Int](repeating: 0, count: 2 * m - 1)
        for node in stride(from: 2 * m - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        var result = [Int](repeating: 0, count: m)
        for (k, leaf) in order.enumerated() { result[leaf] = depth[k] }
        return result
    }

    /// Canonical codes for `lengths`: shorter codes first, equal lengths in symbol order; each
    /// returned bit-reversed.
    static func canonicalCodes(lengths: [UInt8]) -> [UInt32] {
        var countOfLength = [UInt32](repeating: 0, count: 17)
        for length in lengths where length > 0 { countOfLength[Int(length)] += 1 }
        var next = [UInt32](repeating: 0, count: 17)
        var code: UInt32 = 0
        for bits in 1...16 {
            code = (code + countOfLength[bits - 1]) << 1
            next[bits] = code
        }
        var codes = [UInt32](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let bits = Int(length)
            let value = next[bits]
            next[bits] += 1
            var reversed: UInt32 = 0
            for k in 0..<bits where value >> UInt32(k) & 1 == 1 { reversed |= 1 << UInt32(bits - 1 - k) }
            codes[symbol] = reversed
        }
        return codes
    }
}
