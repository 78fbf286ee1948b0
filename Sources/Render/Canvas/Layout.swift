/// Places equal square panels side by side and in grids.
public enum Layout {
    /// The frames of `count` panels of side `panel` in rows of `columns`, left to right, top to bottom.
    /// Fewer than one column counts as one; a negative count as none.
    public static func grid(count: Int, columns: Int, panel: Int) -> [Rect] {
        let columns = max(1, columns)
        return (0..<max(0, count)).map { index in
            Rect(x: (index % columns) * panel, y: (index / columns) * panel, width: panel, height: panel)
        }
    }

    /// The canvas size that holds `count` panels of side `panel` in rows of `columns` (as `grid` counts them).
    public static func canvasSize(count: Int, columns: Int, panel: Int) -> (width: Int, height: Int) {
        let columns = max(1, columns), count = max(0, count)
        return (min(count, columns) * panel, ((count + columns - 1) / columns) * panel)
    }

    /// Draws `panels` (canvases) into `canvas` at the frames of a grid with `columns` columns.
    public static func compose(_ panels: [Canvas], columns: Int, into canvas: Canvas) {
        guard let side = panels.first?.height else { return }
        for (panel, frame) in zip(panels, grid(count: panels.count, columns: columns, panel: side)) {
            canvas.paste(panel, at: frame.x, frame.y)
        }
    }
}
