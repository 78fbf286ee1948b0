/// A boundary panel's points measured once and replayed frame after frame: points never move
/// between frames, only the heat map under them and which of them are ringed as mistakes do.
/// Holds the pixel operations of the training and test points as `BoundaryPanel.drawFrame`
/// draws them, and of each point's mistake ring; replaying them over a frame's heat map gives
/// the pixels drawing them would.
public struct PointLayer: Sendable {
    /// The points recorded (their mistake marks ignored).
    let points: [ScatterPoint]
    /// Every point on the plane, without rings.
    let body: MarkRecording
    /// Each point's mistake ring (empty for a point off the plane, which is drawn faded).
    let rings: [MarkRecording]

    /// Whether `points` are the recorded ones, in order, for a canvas of `size`.
    func holds(_ points: [ScatterPoint], size: (width: Int, height: Int)) -> Bool {
        guard points.count == self.points.count, size == (body.width, body.height) else { return false }
        for (drawn, recorded) in zip(points, self.points) {
            guard drawn.x == recorded.x, drawn.y == recorded.y, drawn.classIndex == recorded.classIndex, drawn.isTest == recorded.isTest,
                  drawn.opacity == recorded.opacity else { return false }
        }
        return true
    }

    /// The points, then the rings of those of `points` marked misclassified, on `canvas`.
    func draw(_ points: [ScatterPoint], on canvas: Canvas) {
        body.replay(on: canvas)
        for (point, ring) in zip(points, rings) where point.isMisclassified { ring.replay(on: canvas) }
    }
}
