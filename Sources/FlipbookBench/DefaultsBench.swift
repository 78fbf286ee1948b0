import Flipbook
import Foundation

/// The least test score each data set must reach with its own defaults and no other setting:
/// accuracy, or R² for the regression `sine` (issue 25).
let leastDefaultScores: [Generator: Double] = [.circles: 0.95, .moons: 0.95, .xor: 0.95, .spiral: 0.9, .blobs: 0.95, .sine: 0.95]

/// The defaults' figures: every built-in data set trained with no other setting (its own
/// learning rate, hidden widths and epochs, as `flipbook run --dataset NAME` trains it), seed 0
/// and three more seeds, against the least score it must reach. Returns false when a seed-0 run,
/// the one a user gets, falls below it.
func runDefaultsBenchmarks() -> Bool {
    print("== defaults (each data set with no other setting; seed 0 is what `flipbook run --dataset NAME` trains) ==")
    print("data set  rate    hidden  epochs  score   seed 0  seeds 1–3      least")
    var allMet = true
    for generator in Generator.allCases {
        let least = leastDefaultScores[generator] ?? 1
        var scores: [Double] = []
        var name = "accuracy"
        for seed in UInt64(0)...3 {
            var config = RunConfig()
            config.dataset = generator.rawValue
            config.seed = seed
            do {
                let run = try TrainingRun(config: config)
                var score = -Double.infinity
                let (_, outcome) = try run.fit { snapshot in if snapshot.step == nil { score = snapshot.test.score } }
                if case .diverged = outcome { score = -.infinity }
                if !run.initialNetwork.loss.isClassification { name = "R²" }
                scores.append(score)
            } catch {
                print("\(generator.rawValue): \(error)")
                scores.append(-.infinity)
            }
        }
        let defaults = generator.defaults
        let others = scores.dropFirst()
        let met = scores[0] >= least
        allMet = allMet && met
        let columns = [generator.rawValue, "\(defaults.learningRate)", defaults.hidden.map(String.init).joined(separator: ","),
                       String(defaults.epochs), name].map { $0.padding(toLength: $0 == generator.rawValue ? 10 : 8, withPad: " ", startingAt: 0) }
        print(columns.joined() + String(format: "%6.3f  %5.3f–%5.3f    %4.2f %@", scores[0], others.min() ?? .nan, others.max() ?? .nan,
                                        least, met ? "ok" : "BELOW"))
    }
    return allMet
}
