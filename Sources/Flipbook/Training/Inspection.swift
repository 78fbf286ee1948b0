import Datasets
import Foundation
import LinearAlgebra
import Neural

/// `flipbook inspect`: the two first steps of every from-scratch tutorial — the untrained
/// network's forward outputs, and the loss before and after one gradient step.
public enum Inspection {
    /// The report as text.
    public static func report(config: RunConfig, rows: Int) throws -> String {
        let run = try TrainingRun(config: config)
        var network = run.initialNetwork
        var lines: [String] = []
        let sizes = network.sizes.map(String.init).joined(separator: " → ")
        lines.append("network \(sizes), hidden \(config.activation.rawValue), loss \(network.loss.rawValue), \(network.parameterCount) parameters")
        lines.append("data \(run.split.train.name): \(run.train.count) training and \(run.test.count) test samples" + (run.split.train.kind == .points2D || run.split.train.kind == .regression1D ? ", standardised" : ""))
        if let names = run.split.train.featureNames {
            let target = run.split.train.targetName.map { " → \($0)" } ?? ""
            lines.append("features \(names.count): " + names.joined(separator: ", ") + target)
        }
        lines.append("")
        let shown = min(rows, run.train.count)
        let batch = run.train.subset(Array(0..<shown))
        let predictions = network.predict(batch.inputs)
        let outputName = network.loss == .meanSquaredError ? "prediction" : "probabilities"
        lines.append("forward pass of the untrained network on the first \(shown) training samples:")
        lines.append("  input                      target   \(outputName)")
        for row in 0..<shown {
            let input = batch.inputs.row(row).prefix(4).map { String(format: "%7.3f", $0) }.joined(separator: " ")
                + (batch.inputs.columns > 4 ? " …" : "")
            let target = batch.labels.map { String($0[row]) } ?? String(format: "%.3f", batch.targets[row, 0])
            let output = predictions.row(row).prefix(6).map { String(format: "%.4f", $0) }.joined(separator: " ")
            lines.append("  " + input.padding(toLength: max(27, input.count + 2), withPad: " ", startingAt: 0) + target.padding(toLength: 9, withPad: " ", startingAt: 0) + output)
        }
        lines.append("")
        let before = network.evaluate(on: run.train)
        let stepBatch = config.resolvedBatchSize == 0 ? run.train : run.train.subset(Array(0..<min(config.resolvedBatchSize, run.train.count)))
        run.firstStep(&network, on: stepBatch)
        let after = network.evaluate(on: run.train)
        lines.append(String(format: "training loss before one %@ step (η = %g, %d samples): %.6f", config.resolvedOptimizer.rawValue,
                            config.resolvedLearningRate, stepBatch.count, before.loss))
        lines.append(String(format: "training loss after it:  %.6f  (%@%.6f)", after.loss,
                            after.loss <= before.loss ? "−" : "+", abs(after.loss - before.loss)))
        return lines.joined(separator: "\n") + "\n"
    }
}
