import Encoding
import Render

/// `--theme`: the page the pictures are made for.
public enum PictureTheme: String, SettingChoice {
    /// A white page (`NAME.gif`).
    case light
    /// A dark page, GitHub's #0d1117 (`NAME.dark.gif`).
    case dark
    /// Both: `NAME.gif` and `NAME.dark.gif`, which report.md pairs with `<picture>`.
    case both

    /// The themes written, light first.
    public var themes: [Theme] {
        switch self {
        case .light: [.light]
        case .dark: [.dark]
        case .both: [.light, .dark]
        }
    }
}

/// `--format`: how animations are encoded (stills stay PNG).
public enum AnimationFormat: String, SettingChoice {
    /// Animated GIF (our encoder).
    case gif
    /// Lossless animated WebP (our encoder, `VP8LEncoder`).
    case webp
    /// Both, with the same frames and timing.
    case both

    /// The formats written, GIF first.
    public var formats: [AnimationFileFormat] {
        switch self {
        case .gif: [.gif]
        case .webp: [.webp]
        case .both: [.gif, .webp]
        }
    }
}

/// `--first-frame`: what an animation opens with.
public enum FirstFrame: String, SettingChoice {
    /// The first recorded epoch, after its training.
    case firstEpoch = "first-epoch"
    /// The network before its first update (from the store's initial parameters), then the
    /// recorded epochs.
    case untrained
}

/// `--landscape-plane`: the plane the loss landscape is drawn over.
public enum LandscapePlaneKind: String, SettingChoice {
    /// The first two principal components of the parameters' path (Li et al. §7).
    case trajectory
    /// Two seeded Gaussian directions, filter-normalised per unit (Li et al. §4).
    case random
}
