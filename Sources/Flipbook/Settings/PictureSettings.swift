import Encoding
import Render

/// How a run's pictures are drawn: panel size, frame rate, key epochs, theme, format, frames,
/// byte budget, views. They go from the command line straight to the renderer; the frame store
/// records only what training did (and the key epochs).
///
/// Each stored property holds one setting, declared in `Setting.pictures` (`Settings.swift`);
/// its initial value is the setting's default, and nil leaves an optional one unset.
public struct PictureSettings: Sendable, Equatable {
    /// The side of a square panel, in pixels.
    public var size = 480
    /// The animations' frames per second.
    public var fps = 20
    /// The epochs drawn as stills; nil: first, about 48 % and last.
    public var keyEpochs: [Int]?
    /// The page the pictures are for.
    public var theme = PictureTheme.light
    /// How animations are encoded.
    public var format = AnimationFormat.gif
    /// What an animation opens with.
    public var firstFrame = FirstFrame.firstEpoch
    /// The frames an animation has at most, chosen where the picture changes; nil: every
    /// recorded epoch up to `defaultFrameLimit`.
    public var frames: Int?
    /// The most bytes an animation may have; nil: no limit.
    public var maxBytes: Int?
    /// The views drawn; nil: every view that applies to the data.
    public var views: [PictureView]?
    /// Seconds every key epoch's frame is held in the animations beyond its time (a pause to talk over).
    public var hold = 0.0
    /// How many times the animations play.
    public var loop = AnimationLoop.forever
    /// Seconds each animation lasts, holds and the last frame's pause included; nil: the frames
    /// at `fps`, with the holds (`AnimationTiming`).
    public var duration: Double?

    /// The plane the loss landscape is drawn over.
    public var landscapePlane = LandscapePlaneKind.trajectory
    /// Grid points along each side of the loss landscape.
    public var landscapeGrid = 41
    /// The plane through the feature space that data of more than two features is drawn on;
    /// nil: the principal components' (data of two features is drawn as it is).
    public var plane: PlaneChoice?
    /// The text each setting above was typed as, for refusals to quote (no part of the drawing).
    public var typed = TypedText()

    /// The holds `--hold` accepts, in seconds (a GIF delay holds at most 655.35 s).
    public static let holds = 0.0...600
    /// The lengths `--duration` accepts, in seconds.
    public static let durations = 0.1...36_000

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
    /// The loss landscape's grid sizes `--landscape-grid` accepts.
    public static let landscapeGrids = 5...201

    /// The defaults.
    public init() {}

    /// The defaults, with the settings given here (nil keeps a default).
    public init(size: Int? = nil, fps: Int? = nil, keyEpochs: [Int]? = nil, views: [PictureView]? = nil) {
        if let size { self.size = size }
        if let fps { self.fps = fps }
        self.keyEpochs = keyEpochs
        self.views = views
    }

    /// Whether `view` is drawn (every view is, unless `views` names some).
    public func draws(_ view: PictureView) -> Bool {
        views?.contains(view) ?? true
    }

    /// Checks every value, each by its own declaration as if given on the command line; throws
    /// the first `SettingError`.
    public func validate() throws(SettingError) {
        var config = RunConfig()
        config.pictures = self
        for setting in Setting.pictures { try setting.check(config) }
    }
}

extension SettingFormat where Value == [Int] {
    /// Key epochs: comma-separated epoch numbers from 0, at most `maximumKeyEpochs` of them.
    static var keyEpochs: Self {
        Self(parse: { text, name throws(SettingError) in
            let fields = text.split(separator: ",", omittingEmptySubsequences: false)
            let epochs = fields.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard epochs.count == fields.count else { throw SettingError(name, text, expected: PictureSettings.epochListExpected) }
            try PictureSettings.check(keyEpochs: epochs, text: text, name)
            return epochs
        }, check: { epochs, name throws(SettingError) in
            try PictureSettings.check(keyEpochs: epochs, text: epochs.map(String.init).joined(separator: ","), name)
        }, json: { .array($0.map(SettingJSON.integer)) }, isList: true)
    }
}

extension PictureSettings {
    /// What a list of key epochs must look like.
    fileprivate static let epochListExpected = "comma-separated epoch numbers from 0, e.g. 0,240,499"

    /// Refuses key epochs below 0 (quoting `text`) and more than `maximumKeyEpochs` of them.
    fileprivate static func check(keyEpochs epochs: [Int], text: String, _ name: String) throws(SettingError) {
        guard epochs.allSatisfy({ $0 >= 0 }) else { throw SettingError(name, text, expected: epochListExpected) }
        guard epochs.count <= maximumKeyEpochs else {
            throw SettingError(name, text, expected: "at most \(maximumKeyEpochs) key epochs (it names \(epochs.count))")
        }
    }
}

extension SettingFormat where Value == Int {
    /// A byte budget: `5MB`, `800kB`, `250000` (kB and MB in powers of 1000), within `byteBudgets`.
    static var bytes: Self {
        Self(parse: { text, _ throws(SettingError) in try SizeBudget.bytes(parsing: text) }, check: { bytes, name throws(SettingError) in
            guard PictureSettings.byteBudgets.contains(bytes) else { throw SettingError(name, bytes, expected: SizeBudget.expected) }
        }, json: { .integer($0) })
    }
}
