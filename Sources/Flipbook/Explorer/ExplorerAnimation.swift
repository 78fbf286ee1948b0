import Render

/// One animation as explorer.html shows it, as its `AnimationFile` and `Drawing` left it: the
/// frames drawn, which GIF frame shows each (identical consecutive frames are one), and the GIF
/// of each theme the page reads them from.
struct ExplorerAnimation: Sendable {
    /// A GIF the frames are read from: the animation's own (`decision_boundary.dark.gif`), or one
    /// written for the explorer alone when no GIF was asked for, removed once copied.
    struct Source: Sendable {
        let theme: Theme
        let file: String
        let isTemporary: Bool
        /// The name the page knows it by, and its script's name without `.js`: the GIF's name in its theme.
        let name: String
    }

    /// The animation's stem: `decision_boundary`.
    let stem: String
    let width: Int
    let height: Int
    /// For each frame appended, the GIF frame showing it.
    let gifFrames: [Int]
    let sources: [Source]
    /// The frames drawn, in order (set by the drawing, which chose them).
    var frames: [Frame] = []
}
