/// Which recorded epochs an animation shows when it cannot show them all: spaced by how far the
/// picture moved, so frames are dense while the network learns and sparse on a plateau.
///
/// Works on any increasing list of recorded positions (whole or fractional epochs): each has the
/// distance the picture moved since the one before. Each position is given that distance plus a
/// small even share (so a plateau that does not move at all still gets some frames), and the
/// chosen frames split the running total of these weights as evenly as whole positions allow:
/// between the positions that must be shown, each stretch gets frames in proportion to its
/// weight, placed at even steps of weight.
enum FrameChoice {
    /// The share of the mean movement every step counts for even when the picture stood still.
    static let stillShare = 0.05

    /// The indices (into `movement`, ascending) of `count` frames chosen from `movement.count`
    /// recorded positions, where `movement[i]` is how far the picture moved from position i − 1
    /// to i (`movement[0]` is ignored). Every index in `required`, the first and the last are
    /// always chosen, even when they number more than `count`; every index when `count` covers
    /// them all. Non-finite or negative movements count as none.
    static func indices(count: Int, movement: [Double], required: Set<Int> = []) -> [Int] {
        let total = movement.count
        guard total > 0 else { return [] }
        guard count < total else { return Array(0..<total) }
        let running = runningWeights(movement)
        let anchors = Set(required.filter { (0..<total).contains($0) }).union([0, total - 1]).sorted()
        var chosen = Set(anchors)
        let segments = Array(zip(anchors, anchors.dropFirst()))
        for (segment, frames) in zip(segments, shares(of: count - chosen.count, among: segments, running)) where frames > 0 {
            let (a, b) = segment
            for step in 1...frames {
                let target = running[a] + (running[b] - running[a]) * Double(step) / Double(frames + 1)
                chosen.insert(closestIndex(to: target, in: running, between: a + 1, and: b - 1))
            }
        }
        return toppedUp(chosen, to: count, running)
    }

    /// How many frames each segment between anchors gets: one at a time to the segment with the
    /// most weight per frame (so shares follow the weights), never more than it has positions.
    static func shares(of frames: Int, among segments: [(Int, Int)], _ running: [Double]) -> [Int] {
        var given = Array(repeating: 0, count: segments.count)
        guard frames > 0 else { return given }
        for _ in 0..<frames {
            var best: Int? = nil, bestWeight = -1.0
            for (index, (a, b)) in segments.enumerated() where given[index] < b - a - 1 {
                let weight = (running[b] - running[a]) / Double(given[index] + 1)
                if weight > bestWeight { (best, bestWeight) = (index, weight) }
            }
            guard let best else { break }
            given[best] += 1
        }
        return given
    }

    /// `chosen` with frames added, where two targets fell on one position, until there are
    /// `count`: the widest gap (in weight) between chosen neighbours is halved, again and again.
    static func toppedUp(_ chosen: Set<Int>, to count: Int, _ running: [Double]) -> [Int] {
        var chosen = chosen
        var gaps = GapHeap()
        let sorted = chosen.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { gaps.push(a, b, running) }
        while chosen.count < count, let (a, b) = gaps.pop() {
            let middle = closestIndex(to: (running[a] + running[b]) / 2, in: running, between: a + 1, and: b - 1)
            chosen.insert(middle)
            gaps.push(a, middle, running)
            gaps.push(middle, b, running)
        }
        return chosen.sorted()
    }

    /// The running total of each position's weight: its movement plus the still share.
    static func runningWeights(_ movement: [Double]) -> [Double] {
        let moves = movement.enumerated().map { index, value in index == 0 || !value.isFinite ? 0 : max(0, value) }
        let mean = moves.reduce(0, +) / Double(max(1, moves.count - 1))
        let still = mean > 0 ? stillShare * mean : 1
        var total = 0.0
        return moves.enumerated().map { index, move in
            if index > 0 { total += move + still }
            return total
        }
    }

    /// The index in `low…high` whose running weight is nearest `target` (`running` ascends).
    static func closestIndex(to target: Double, in running: [Double], between low: Int, and high: Int) -> Int {
        var (lower, upper) = (low, high)
        while lower < upper {
            let middle = (lower + upper) / 2
            if running[middle] < target { lower = middle + 1 } else { upper = middle }
        }
        if lower > low, target - running[lower - 1] < running[lower] - target { return lower - 1 }
        return lower
    }

    /// Gaps between chosen neighbours that have unchosen positions between them, widest first.
    struct GapHeap {
        private var items: [(width: Double, a: Int, b: Int)] = []

        /// Adds the gap a…b if a position lies strictly between.
        mutating func push(_ a: Int, _ b: Int, _ running: [Double]) {
            guard b - a > 1 else { return }
            items.append((running[b] - running[a], a, b))
            var child = items.count - 1
            while child > 0, Self.wider(items[child], than: items[(child - 1) / 2]) {
                items.swapAt(child, (child - 1) / 2)
                child = (child - 1) / 2
            }
        }

        /// Removes and returns the widest gap.
        mutating func pop() -> (Int, Int)? {
            guard let top = items.first else { return nil }
            items.swapAt(0, items.count - 1)
            items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var widest = parent
                if left < items.count, Self.wider(items[left], than: items[widest]) { widest = left }
                if right < items.count, Self.wider(items[right], than: items[widest]) { widest = right }
                if widest == parent { break }
                items.swapAt(parent, widest)
                parent = widest
            }
            return (top.a, top.b)
        }

        /// Wider, or as wide and earlier (a fixed order, so the choice does not depend on the heap's history).
        private static func wider(_ x: (width: Double, a: Int, b: Int), than y: (width: Double, a: Int, b: Int)) -> Bool {
            x.width > y.width || (x.width == y.width && x.a < y.a)
        }
    }
}
