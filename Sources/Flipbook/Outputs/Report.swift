import Foundation
import FrameStore

/// `report.md`: every picture of a run by relative link, and a table of the final metrics.
enum Report {
    /// The report's Markdown.
    static func markdown(run: StoredRun, config: RunConfig, metrics: [EpochRecord], pictures: [String], explorer: String? = nil) -> String {
        let regression = !run.architecture.loss.isClassification
        let score = regression ? "R²" : "accuracy"
        let sizes = run.architecture.layerSizes.map(String.init).joined(separator: " → ")
        var lines: [String] = []
        lines.append("# " + title(run))
        lines.append("")
        if run.recordedBy != StoredRun.flipbook {
            lines.append(recordedDescription(run, sizes: sizes, metrics: metrics))
        } else {
            lines.append("Network \(sizes) (\(config.activation.rawValue) hidden layers, \(run.architecture.loss.rawValue)), "
                         + "\(config.resolvedOptimizer.rawValue) with learning rate \(config.resolvedLearningRate)"
                         + (config.resolvedBatchSize == 0 ? ", full batch" : ", batches of \(config.resolvedBatchSize)")
                         + ", \(config.resolvedEpochs) epochs; \(dataDescription(run, config: config, metrics: metrics)), seed \(config.seed).")
        }
        switch run.status {
        case .diverged(let epoch):
            lines.append("")
            lines.append("**Training diverged at epoch \(epoch)**: the loss or a parameter became NaN or infinite. The pictures show the \(metrics.count) epochs before it.")
        case .running:
            lines.append("")
            lines.append("**Training did not finish** (the run was stopped): the pictures show the \(metrics.count) epochs recorded.")
        case .completed:
            break
        }
        if let last = metrics.last {
            lines.append("")
            lines.append("| epoch | train loss | test loss | train \(score) | test \(score) |")
            lines.append("| ---: | ---: | ---: | ---: | ---: |")
            lines.append(String(format: "| %d | %.4f | %.4f | %.4f | %.4f |", last.epoch, last.trainLoss, last.testLoss, last.trainScore, last.testScore))
            let total = metrics.reduce(0) { $0 + $1.seconds }
            lines.append("")
            lines.append(String(format: "Training took %.2f s (%d epochs: the steps, the metrics and the snapshots of every epoch, as metrics.csv's seconds sum them).",
                                total, metrics.count))
        }
        if let explorer { lines += ["", explorerLine(explorer)] }
        lines += PictureMarkup.sections(pictures)
        lines.append("")
        let parameters = run.model == .network ? "`parameters.npz` (final parameters for NumPy), " : ""
        lines.append("Data: `metrics.csv` (one row per epoch), \(parameters)`frames.sqlite` (everything, re-renderable with `flipbook render`).")
        // The data files picture families write beside their pictures (`landscape.npz`).
        for file in pictures where !PictureMarkup.isPicture(file) {
            lines += ["", "`\(file)`" + (PictureCaption.sentence(for: file).map { ": " + $0 } ?? "")]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report's heading: "Flipbook run: circles".
    static func title(_ run: StoredRun) -> String { "Flipbook run: \(run.dataset.name)" }

    /// The line linking the explorer page.
    static func explorerLine(_ page: String) -> String {
        "Scrub through the training, frame by frame with each epoch's metrics, in [\(page)](\(page)) (open it in a browser)."
    }

    /// The first line of a run another trainer recorded (`flipbook_record`): who recorded it and what.
    static func recordedDescription(_ run: StoredRun, sizes: String, metrics: [EpochRecord]) -> String {
        let from = run.recordedBy.contains("Python") ? "Recorded from Python" : "Recorded"
        let what = run.model == .field
            ? "the model's output on a \(run.fieldGrid?.size ?? 0) × \(run.fieldGrid?.size ?? 0) grid (\(run.architecture.loss.rawValue))"
            : "network \(sizes) (\(run.architecture.activations.map(\.rawValue).joined(separator: ", ")); \(run.architecture.loss.rawValue))"
        let tests = run.dataset.isTest.filter { $0 }.count
        return "\(from) by \(run.recordedBy): \(what), \(metrics.count) epochs; \(run.dataset.count) samples, \(tests) of them test samples."
    }

    /// "1000 samples, test fraction 0.2"; for image data, which keeps its own split and whose
    /// store holds only the test images its pictures show and a sample of the training images,
    /// the test images measured, those the store keeps (the hidden space shows them), those the
    /// grid of predictions shows, and the training images kept.
    static func dataDescription(_ run: StoredRun, config: RunConfig, metrics: [EpochRecord]) -> String {
        guard run.dataset.kind == .image else {
            return "\(run.dataset.count) samples, test fraction \(config.testFraction)"
        }
        let tested = metrics.last.map { $0.testConfusion.reduce(0) { $0 + Int($1) } } ?? 0
        let measured = tested > 0 ? "\(tested) test images measured, " : ""
        let shown = RunScene.shownImageRows(of: run.dataset).count
        let training = run.dataset.trainingRows.count
        let sample = training == 0 ? ""
            : training < run.dataset.trainedOn ? "; a stratified sample of \(training) of the \(run.dataset.trainedOn) training images stored (the loss landscape's)"
            : "; the \(training) training images stored (the loss landscape's)"
        return "the data set's own training/test split; \(measured)\(run.dataset.testRows.count) of them stored, \(shown) shown in the grid of predictions" + sample
    }
}
