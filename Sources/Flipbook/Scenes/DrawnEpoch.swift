import Render

/// One epoch's panels, drawn once and shared by the animations.
struct DrawnEpoch: Sendable {
    var panel: Canvas?
    var metrics: Canvas
    var weights: Canvas?
    /// The network diagram and hidden-space frames, when drawn.
    var network: Canvas? = nil
    var hidden: Canvas? = nil
    var mistakes: Mistakes
}
