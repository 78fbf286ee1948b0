import Render

/// One epoch's panels, drawn once and shared by the animations.
struct DrawnEpoch: Sendable {
    var panel: Canvas?
    var metrics: Canvas
    var weights: Canvas?
    var mistakes: Int
}
