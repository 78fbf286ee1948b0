import Foundation

/// A name `--views` chooses pictures by: the `viewName` of one or more picture families
/// (`PictureFamily`), of runs or of comparisons. The built-in ones are below; a family
/// registered while the program runs adds its own (`ViewCatalog.register`).
public struct PictureView: RawRepresentable, Hashable, Sendable {
    public let rawValue: String

    /// The view called `rawValue`, or nil when no picture family has that name.
    public init?(rawValue: String) {
        guard Views.names.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(builtIn name: String) { rawValue = name }

    /// The data panel: the decision boundary (or fitted curve, or test-image predictions), its
    /// animation and stills, `training.gif` (with `loss`), the final predictions and confusion matrix.
    public static let boundary = PictureView(builtIn: "boundary")
    /// The inside of the network: `network.gif` and its stills (2-D data), `weights.gif` (image data).
    public static let network = PictureView(builtIn: "network")
    /// The data as the last hidden layer sees it: `hidden_space.gif` and its stills.
    public static let hidden = PictureView(builtIn: "hidden")
    /// The loss curves: `loss.gif`, the loss stills and `loss_curve.png`.
    public static let loss = PictureView(builtIn: "loss")

    /// Every view name, in the order the catalogues list them.
    public static var allCases: [PictureView] { Views.names.map(PictureView.init(builtIn:)) }

    /// Comma-separated view names, each at most once in the result; empty and unknown names are refused.
    static func list(_ text: String) throws(SettingError) -> [PictureView] {
        var views: [PictureView] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let view = PictureView(rawValue: field.trimmingCharacters(in: .whitespaces)) else {
                throw SettingError("views", text, expected: "comma-separated views from " + Views.names.joined(separator: ", "))
            }
            if !views.contains(view) { views.append(view) }
        }
        return views
    }
}
