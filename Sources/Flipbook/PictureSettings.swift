/// How a run's pictures are drawn: panel size, frame rate and key epochs. They go from the
/// command line straight to the renderer; the frame store records only what training did.
public struct PictureSettings: Sendable, Equatable {
    /// Side of a square panel, in pixels.
    public var size = 480
    /// Frames per second of the animations.
    public var fps = 20
    /// Epochs drawn as stills; nil for the default: first, about 48 %, last of the recorded epochs.
    public var keyEpochs: [Int]? = nil
    /// The page the pictures are made for: light, dark or both.
    public var theme = PictureTheme.light
    /// How animations are encoded: GIF, WebP or both.
    public var format = AnimationFormat.gif
    /// Frames per animation, chosen where the picture changes; nil for the default: every
    /// recorded epoch up to `defaultFrameLimit`, that many chosen beyond.
    public var frames: Int? = nil
    /// The most bytes any animation file may have; nil for no budget.
    public var maxBytes: Int? = nil
    /// The views drawn; nil for every view that applies to the data.
    public var views: [PictureView]? = nil
    /// What the animations open with: the first recorded epoch, or the untrained network.
    public var firstFrame = FirstFrame.firstEpoch

    /// The smallest and largest panel side.
    public static let sizes = 160...4096
    /// The frame rates a GIF can keep (delays are whole hundredths of a second, at least 2).
    public static let frameRates = 1...50
    /// The most key epochs (stills) one drawing makes.
    public static let maximumKeyEpochs = 100
    /// The frames `--frames` accepts.
    public static let frameCounts = 2...100_000
    /// The frames an animation has at most unless `--frames` says otherwise.
    public static let defaultFrameLimit = 500
    /// The budgets `--max-bytes` accepts: 1 kB to 1 GB.
    public static let byteBudgets = 1000...1_000_000_000

    /// The defaults: 480-pixel panels at 20 frames per second.
    public init(size: Int = 480, fps: Int = 20, keyEpochs: [Int]? = nil, views: [PictureView]? = nil) {
        self.size = size
        self.fps = fps
        self.keyEpochs = keyEpochs
        self.views = views
    }

    /// Whether `view` is drawn (every view is, unless `views` names some).
    public func draws(_ view: PictureView) -> Bool {
        views?.contains(view) ?? true
    }

    /// Checks every value; throws the first `SettingError`.
    public func validate() throws(SettingError) {
        guard Self.sizes.contains(size) else {
            throw SettingError("size", size, expected: "a panel side between \(Self.sizes.lowerBound) and \(Self.sizes.upperBound) pixels")
        }
        guard Self.frameRates.contains(fps) else {
            throw SettingError("fps", fps, expected: "between 1 and 50 frames per second (GIF delays are whole hundredths of a second, at least 2)")
        }
        if let keyEpochs {
            guard keyEpochs.count <= Self.maximumKeyEpochs else {
                throw SettingError("key-epochs", "\(keyEpochs.count) epochs", expected: "at most \(Self.maximumKeyEpochs) key epochs")
            }
            if let bad = keyEpochs.first(where: { $0 < 0 }) {
                throw SettingError("key-epochs", bad, expected: "epoch numbers from 0")
            }
        }
        if let frames, !Self.frameCounts.contains(frames) {
            throw SettingError("frames", frames, expected: "a whole number from \(Self.frameCounts.lowerBound) to \(Self.frameCounts.upperBound)")
        }
        if let maxBytes, !Self.byteBudgets.contains(maxBytes) {
            throw SettingError("max-bytes", maxBytes, expected: SizeBudget.expected)
        }
    }
}
