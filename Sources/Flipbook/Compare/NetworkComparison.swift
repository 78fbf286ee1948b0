import Foundation
import FrameStore
import Neural
import Render

/// `network_comparison.gif` of a comparison: every variant's network diagram in a synchronised
/// grid (small multiples), each titled with its setting and training loss, under one epoch counter.
struct NetworkComparison {
    /// One variant's diagram and what its frames need.
    struct Cell {
        let member: ComparisonSubject.Member
        let survey: RunSurvey
        let view: NetworkView
    }

    let cells: [Cell]
    let cellSize: (width: Int, height: Int)
    let columns: Int
    let headerHeight: Int
    let panelSide: Int
    let font: Font
    let bold: Font

    /// The small multiples of `members` with panels of `panelSide`, or nil when a variant has no
    /// network diagram (data without an input plane, or more than four hidden layers).
    init?(members: [ComparisonSubject.Member], panelSide: Int, columns: Int, headerHeight: Int, font: Font, bold: Font) throws {
        var cells: [Cell] = []
        for member in members {
            guard let last = member.frames.last, let record = try member.store.epoch(last) else { return nil }
            let network = try RunRecorder.network(of: record, in: member.store)
            let survey = try RunSurvey(scene: member.scene, store: member.store, frames: member.frames, last: network)
            // Text as large as a single run's: the grid's panels are two thirds of a run's.
            guard let view = NetworkView(scene: member.scene, survey: survey, network: network, size: panelSide, font: font, bold: bold,
                                         textSize: ComparisonSubject.textSize(panelSide: panelSide)) else {
                return nil
            }
            cells.append(Cell(member: member, survey: survey, view: view))
        }
        guard !cells.isEmpty else { return nil }
        self.cells = cells
        cellSize = (cells.map(\.view.diagram.frame.width).max() ?? panelSide, 2 * panelSide)
        (self.columns, self.headerHeight, self.panelSide, self.font, self.bold) = (columns, headerHeight, panelSide, font, bold)
    }

    /// The canvas size of a frame.
    var size: (width: Int, height: Int) {
        let rows = (cells.count + columns - 1) / columns
        return (min(cells.count, columns) * cellSize.width, rows * cellSize.height + headerHeight)
    }

    /// The grid at `frame` under `header`: each variant at its last frame at or before it.
    func frame(at frame: Frame, header: String) throws -> Canvas {
        let canvas = Canvas(width: size.width, height: size.height)
        let scale = Double(panelSide) / PanelMetrics.designSide
        canvas.drawText(header + " · every variant's network", x: Int((18 * scale).rounded()), y: Int((39 * scale).rounded()),
                        style: TextStyle(font: bold, pixelSize: 25.5 * scale), color: Palette.grey(0.88))
        for (index, cell) in cells.enumerated() {
            let x = (index % columns) * cellSize.width, y = headerHeight + (index / columns) * cellSize.height
            let diagram = Canvas(width: cell.view.diagram.frame.width, height: cellSize.height)
            diagram.paste(cell.view.template, at: 0, 0)
            if let (network, shown) = try cell.member.shownNetwork(at: frame) {
                let grid = LayerProbe(network: network, inputs: cell.member.scene.gridInputs, chosen: cell.survey.chosen, projection: nil,
                                      rowsPerPass: cell.member.scene.rowsPerPass)
                cell.view.drawDiagram(network: network, grid: grid, title: cell.member.caption(at: frame, shown: shown), on: diagram)
            }
            canvas.paste(diagram, at: x, y)
        }
        return canvas
    }
}

extension NetworkComparison: PictureFamily {
    static let viewName = "network"
    static let sentences = [
        "network_comparison.gif": "Every variant's network, unit by unit and weight by weight, side by side in step: where the variants learn different features.",
        "network_comparison_epoch_EPOCH.png": "Every variant's network at epoch EPOCH.",
    ]

    /// The grid of every variant's diagram at the subject's panel size, or nil when some variant has none.
    init?(subject: ComparisonSubject) throws {
        guard !subject.epochs.isEmpty else { return nil }
        try self.init(members: subject.members, panelSide: subject.panelSide, columns: subject.columns,
                      headerHeight: subject.headerHeight, font: subject.font, bold: subject.bold)
    }

    static func reasonNotDrawn(for subject: ComparisonSubject, asked: Bool) -> String? {
        "the network view needs every variant to have two input features with classes and at most \(NetworkView.maximumHiddenLayers) hidden layers; network_comparison.gif is skipped"
    }

    var animation: AnimationShape? { AnimationShape(name: "network_comparison.gif", width: size.width, height: size.height) }
    var keyStillStem: String? { "network_comparison" }

    func frame(_ drawn: ComparisonFrame) throws -> Canvas { try frame(at: drawn.frame, header: drawn.header) }
}
