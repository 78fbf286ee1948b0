/// The points a frame marks as misclassified, counted by part: what a title says is what the
/// picture rings.
struct Mistakes: Sendable, Equatable {
    /// Misclassified test points (or shown test images).
    var test = 0
    /// Misclassified training points.
    var training = 0

    /// "2 of 200 test points wrong", or with training mistakes too "wrong: 2 of 200 test, 3 of 800
    /// training points", out of the points drawn.
    func described(testPoints: Int, trainingPoints: Int) -> String {
        let test = "\(self.test) of \(testPoints) test"
        guard training > 0 else { return "\(test) points wrong" }
        return "wrong: \(test), \(training) of \(trainingPoints) training points"
    }
}
