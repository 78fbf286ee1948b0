import Encoding
import Render

/// How a run's pictures are drawn: panel size, frame rate, key epochs, theme, format, frames,
/// byte budget, views. They go from the command line straight to the renderer; the frame store
/// records only what training did (and the key epochs).
///
/// The settings are declared in `PictureDeclarations` (`Settings.swift`); this holds their
/// values, read and written as properties of the same names (`pictures.size = 200`), each its
/// declaration's default until set.
@dynamicMemberLookup
public struct PictureSettings: Sendable, Equatable {
    /// The values of the picture settings.
    var values = SettingValues<PictureDeclarations>()

    /// The smallest and largest panel side.
    public static let sizes = 160...4096
    /// The frame rates a GIF can keep (delays are whole hundredths of a second, and browsers play
    /// those under 2 as 10).
    public static let frameRates = 1...GIFWriter.maximumFrameRate
    /// The most key epochs (stills) one drawing makes.
    public static let maximumKeyEpochs = 100
    /// The frames `--frames` accepts.
    public static let frameCounts = 2...100_000
    /// The frames an animation has at most unless `--frames` says otherwise.
    public static let defaultFrameLimit = 500
    /// The budgets `--max-bytes` accepts: 1 kB to 1 GB.
    public static let byteBudgets = 1000...1_000_000_000

    /// The defaults, with the settings given here (nil keeps a default).
    public init(size: Int? = nil, fps: Int? = nil, keyEpochs: [Int]? = nil, views: [PictureView]? = nil) {
        if let size { self.size = size }
        if let fps { self.fps = fps }
        self.keyEpochs = keyEpochs
        self.views = views
    }

    /// The value of a picture setting, e.g. `pictures.size`.
    public subscript<Value>(dynamicMember path: KeyPath<PictureDeclarations, Setting<Value>>) -> Value {
        get { values[path] }
        set { values[path] = newValue }
    }

    /// Whether `view` is drawn (every view is, unless `views` names some).
    public func draws(_ view: PictureView) -> Bool {
        self.views?.contains(view) ?? true
    }

    /// Checks every value, each by its own declaration as if given on the command line; throws
    /// the first `SettingError`.
    public func validate() throws(SettingError) {
        var config = RunConfig()
        config.pictures = self
        for setting in RunSetting.all where !setting.shapesTraining { try setting.check(config) }
    }

    /// Comma-separated epoch numbers.
    static func epochList(_ text: String) throws(SettingError) -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { field throws(SettingError) in
            guard let epoch = Int(field.trimmingCharacters(in: .whitespaces)), epoch >= 0 else {
                throw SettingError("key-epochs", text, expected: "comma-separated epoch numbers from 0, e.g. 0,240,499")
            }
            return epoch
        }
    }
}
