import Render

/// One frame of a comparison being drawn: what it shows, and its header ("Epoch 240 of 499").
struct ComparisonFrame: Sendable {
    let frame: Frame
    let header: String
}

/// `comparison.gif`: every variant's decision boundary (or fitted curve) in step, one panel
/// each under a shared epoch counter, and its stills at the key epochs.
struct ComparisonGridView: PictureFamily {
    static let viewName = "boundary"
    static let sentences = [
        "comparison.gif": "Every variant's decision boundary (or fitted curve) in step, one panel each, the same epoch in every frame.",
        "comparison_epoch_EPOCH.png": "Every variant's boundary at epoch EPOCH.",
    ]

    let subject: ComparisonSubject

    init?(subject: ComparisonSubject) {
        guard subject.members.allSatisfy({ $0.view != nil }), !subject.epochs.isEmpty else { return nil }
        self.subject = subject
    }

    static func reasonNotDrawn(for subject: ComparisonSubject, asked: Bool) -> String? {
        subject.members.allSatisfy({ $0.view != nil })
            ? "no variant recorded an epoch; comparison.gif is skipped"
            : "boundary pictures need two features (or one for regression); comparison.gif is skipped"
    }

    var animation: AnimationShape? {
        let size = Layout.canvasSize(count: subject.members.count, columns: subject.columns, panel: subject.panelSide)
        return AnimationShape(name: "comparison.gif", width: size.width, height: size.height + subject.headerHeight)
    }

    var keyStillStem: String? { "comparison" }

    /// The whole grid: a header with the shared epoch counter, then one panel per variant.
    func frame(_ drawn: ComparisonFrame) throws -> Canvas {
        let (width, height) = (animation!.width, animation!.height)
        let canvas = Canvas(width: width, height: height)
        let scale = Double(subject.panelSide) / PanelMetrics.designSide
        let title = TextStyle(font: subject.bold, pixelSize: 25.5 * scale), small = TextStyle(font: subject.font, pixelSize: 18 * scale)
        canvas.drawText(drawn.header, x: Int((18 * scale).rounded()), y: Int((39 * scale).rounded()), style: title, color: Palette.grey(0.88))
        let members = subject.members
        let varied = Set(members.flatMap { $0.variant.label.components(separatedBy: " · ").map { $0.components(separatedBy: " ").first ?? "" } })
        canvas.drawText("varying " + varied.sorted().joined(separator: ", "), x: width - Int((18 * scale).rounded()), y: Int((39 * scale).rounded()),
                        style: small, color: Palette.grey(0.6), anchor: .right)
        let panel = Canvas(width: subject.panelSide, height: subject.panelSide)
        for (member, cell) in zip(members, Layout.grid(count: members.count, columns: subject.columns, panel: subject.panelSide)) {
            guard let view = member.view else { continue }
            if let (network, shown) = try member.shownNetwork(at: drawn.frame) {
                _ = view.draw(network: network, epoch: shown ?? 0, title: member.caption(at: drawn.frame, shown: shown), on: panel)
            } else {
                panel.copyPixels(from: view.template)
                let note = member.divergedAt.map { " · diverged at epoch \($0)" } ?? " · no epoch yet"
                view.drawTitle(member.variant.label + note, on: panel)
            }
            canvas.paste(panel, at: cell.x, cell.y + subject.headerHeight)
        }
        return canvas
    }
}

/// `loss_comparison.png`: every variant's training loss (solid) and test loss (dashed), log scale.
struct LossComparisonView: PictureFamily {
    static let viewName = "loss"
    static let sentences = [
        "loss_comparison.png": "Every variant's training loss (solid) and test loss (dashed) over the epochs on one chart, log scale.",
    ]

    init?(subject: ComparisonSubject) {}

    var animation: AnimationShape? { nil }

    func finalStills(of subject: ComparisonSubject, last: ComparisonFrame?) throws -> [Still] {
        let color = { (index: Int) -> UInt8 in index < Palette.classCount ? Palette.classColor(index) : Palette.classDark(index) }
        var series: [LineSeries] = []
        for (index, member) in subject.members.enumerated() {
            let metrics = member.scene.metrics
            let name = member.variant.label + (member.divergedAt.map { " (diverged at \($0))" } ?? "")
            series.append(LineSeries(name: name, values: metrics.map(\.trainLoss), color: color(index)))
            series.append(LineSeries(name: name, values: metrics.map(\.testLoss), color: color(index), dashed: true, inLegend: false))
        }
        let size = subject.pictures.size
        let loss = subject.members.first?.scene.architecture.loss.rawValue.replacingOccurrences(of: "-", with: " ") ?? "loss"
        let chart = LineChart(frame: Rect(x: 0, y: 0, width: size, height: size), series: series, xLabel: "epoch", yLabel: loss,
                              logScale: true, font: subject.font, bold: subject.bold, legendInside: true,
                              caption: "solid: training loss · dashed: test loss")
        let canvas = Canvas(width: size, height: size)
        chart.drawBackground(on: canvas)
        chart.drawFrame(on: canvas, upTo: chart.count - 1, title: "Loss of \(subject.members.count) variants")
        return [Still(name: "loss_comparison.png", canvas: canvas, detail: "\(subject.members.count) variants")]
    }
}
