import Foundation

/// A view of a run that `--views` chooses: each names a family of pictures.
public enum PictureView: String, CaseIterable, Sendable, Equatable {
    /// The data panel: the decision boundary (or fitted curve, or test-image predictions), its
    /// animation and stills, `training.gif` (with `loss`), the final predictions and confusion matrix.
    case boundary
    /// The inside of the network: `network.gif` and its stills (2-D data), `weights.gif` (image data).
    case network
    /// The data as the last hidden layer sees it: `hidden_space.gif` and its stills.
    case hidden
    /// The loss curves: `loss.gif`, the loss stills and `loss_curve.png`.
    case loss

    /// Comma-separated view names, each at most once in the result; empty and unknown names are refused.
    static func list(_ text: String) throws(SettingError) -> [PictureView] {
        var views: [PictureView] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let view = PictureView(rawValue: field.trimmingCharacters(in: .whitespaces)) else {
                throw SettingError("views", text, expected: "comma-separated views from " + allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !views.contains(view) { views.append(view) }
        }
        return views
    }
}
