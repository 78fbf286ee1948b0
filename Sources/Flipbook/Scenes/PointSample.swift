import Foundation
import LinearAlgebra
import Render

/// Which of a run's points its pictures draw, and which of their mistakes they ring.
///
/// Up to `mostShown` points every point is drawn and every mistake ringed. Beyond it markers
/// cover one another (1,000 markers, the default run's, already cover about 40 % of a plot at
/// any size, since markers scale with the picture), so a fixed sample is drawn instead, the
/// same in every frame:
/// - stratified by class and part (training or test): each stratum gets its share of
///   `mostShown` by size (largest remainders; at least one point for a stratum that has any);
/// - within a stratum, points are chosen by selection sampling (each in stored order with
///   probability points still wanted / points still to see) from a generator seeded with
///   `seed`, the class and the part, so a stratum's choice depends on nothing else and the same
///   data always gives the same sample;
/// - at most `mostRinged` of the shown points' mistakes are ringed in each frame: the first
///   wrong ones in a fixed seeded order, so a point stays ringed while it stays wrong.
/// The points left out are drawn as a density layer (`DensityLayer`), and titles count every
/// point's mistakes.
struct PointSample: Sendable, Equatable {
    /// The most points drawn.
    static let mostShown = 1_000
    /// The most mistakes ringed in a frame of a sampled run.
    static let mostRinged = 100
    /// The seed of the choice (with the class and the part).
    static let seed: UInt64 = 0x5EED_F11B

    /// The drawn points' rows among the scene's points, in stored order.
    let rows: [Int]
    /// Places in `rows`, in the order their mistakes are ringed (empty when every mistake is).
    let ringOrder: [Int]
    /// The points in all, by part.
    let totalTraining: Int, totalTest: Int
    /// The drawn points, by part.
    let shownTraining: Int, shownTest: Int

    /// True when every point is drawn.
    var isEverything: Bool { ringOrder.isEmpty }

    /// The sample of `points` drawing at most `mostShown` of them.
    init(points: [ScatterPoint], mostShown: Int = Self.mostShown) {
        totalTest = points.lazy.filter(\.isTest).count
        totalTraining = points.count - totalTest
        guard points.count > mostShown, mostShown > 0 else {
            rows = Array(points.indices)
            ringOrder = []
            (shownTraining, shownTest) = (totalTraining, totalTest)
            return
        }
        // The strata (class, part) in a fixed order, with their rows.
        var strata: [Stratum: [Int]] = [:]
        for (row, point) in points.enumerated() { strata[Stratum(classIndex: point.classIndex, isTest: point.isTest), default: []].append(row) }
        let keys = strata.keys.sorted()
        let quotas = Self.quotas(keys.map { strata[$0]!.count }, total: mostShown)
        var chosen: [Int] = []
        chosen.reserveCapacity(mostShown)
        for (key, quota) in zip(keys, quotas) {
            chosen += Self.choose(quota, of: strata[key]!, seed: key.seed)
        }
        chosen.sort()
        rows = chosen
        shownTest = chosen.lazy.filter { points[$0].isTest }.count
        shownTraining = chosen.count - shownTest
        var order = Array(chosen.indices)
        var generator = SeededGenerator(seed: Self.seed)
        generator.shuffle(&order)
        ringOrder = order
    }

    /// A class and a part: the strata of the sample.
    struct Stratum: Hashable, Comparable {
        let classIndex: Int
        let isTest: Bool

        static func < (a: Stratum, b: Stratum) -> Bool { (a.isTest ? 1 : 0, a.classIndex) < (b.isTest ? 1 : 0, b.classIndex) }

        /// The seed of this stratum's choice.
        var seed: UInt64 { PointSample.seed ^ (UInt64(truncatingIfNeeded: classIndex) &* 0x9E37_79B9_7F4A_7C15) ^ (isTest ? 0xD1B5_4A32_D192_ED03 : 0) }
    }

    /// Each of `sizes`' share of `total` (largest remainders, ties to the earlier), every nonempty
    /// size at least one while `total` allows, none more than its size.
    static func quotas(_ sizes: [Int], total: Int) -> [Int] {
        let all = sizes.reduce(0, +)
        guard all > total else { return sizes }
        let exact = sizes.map { Double($0) * Double(total) / Double(all) }
        var quotas = zip(exact, sizes).map { share, size in min(size, max(size > 0 ? 1 : 0, Int(share))) }
        let byRemainder = sizes.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        var left = total - quotas.reduce(0, +)
        for i in byRemainder where left > 0 && quotas[i] < sizes[i] {
            quotas[i] += 1
            left -= 1
        }
        // Strata raised to one may leave the sum above `total`: take back from the largest quotas.
        while left < 0, let i = quotas.indices.max(by: { quotas[$0] < quotas[$1] }), quotas[i] > 1 {
            quotas[i] -= 1
            left += 1
        }
        return quotas
    }

    /// `count` of `rows`, in their order, by selection sampling with a generator seeded with `seed`.
    static func choose(_ count: Int, of rows: [Int], seed: UInt64) -> [Int] {
        guard count < rows.count else { return rows }
        var generator = SeededGenerator(seed: seed)
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        for (seen, row) in rows.enumerated() where chosen.count < count {
            if generator.nextIndex(below: rows.count - seen) < count - chosen.count { chosen.append(row) }
        }
        return chosen
    }

    /// Which drawn points a frame rings, given which are wrong (by place in `rows`): every wrong
    /// one when every point is drawn, else the first `mostRinged` wrong ones in `ringOrder`.
    func ringed(_ wrong: [Bool]) -> [Bool] {
        guard !isEverything else { return wrong }
        var ringed = [Bool](repeating: false, count: wrong.count), left = Self.mostRinged
        for place in ringOrder where left > 0 && place < wrong.count && wrong[place] {
            ringed[place] = true
            left -= 1
        }
        return ringed
    }

    /// What the legends call the mistake mark: "misclassified", and how many at most when capped.
    var mistakeLabel: String { isEverything ? "misclassified" : "misclassified (\(Self.mostRinged) at most)" }

    /// `n` with its thousands grouped: "80,000".
    static func grouped(_ n: Int) -> String {
        var text = String(n), grouped = ""
        while text.count > 3, n >= 0 { grouped = "," + text.suffix(3) + grouped; text.removeLast(3) }
        return text + grouped
    }

    /// "2,000 of 80,000 training and 500 of 20,000 test points shown", or nil when every point is.
    var caption: String? {
        guard !isEverything else { return nil }
        let count = Self.grouped
        var parts = ["\(count(shownTraining)) of \(count(totalTraining)) training"]
        if totalTest > 0 { parts.append("\(count(shownTest)) of \(count(totalTest)) test") }
        return parts.joined(separator: " and ") + " points shown"
    }
}
