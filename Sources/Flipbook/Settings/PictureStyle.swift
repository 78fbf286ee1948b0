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

/// `--format`: how animations are encoded (stills stay PNG): a comma-separated list of `gif`,
/// `webp` and `mp4`, each written with the same frames and timing; `both` (the name before lists)
/// is `gif,webp`.
public struct AnimationFormat: Sendable, Hashable {
    /// The formats written, in the order named, each once.
    public let formats: [AnimationFileFormat]

    /// Animated GIF (our encoder).
    public static let gif = AnimationFormat([.gif])
    /// Lossless animated WebP (our encoder, `VP8LEncoder`).
    public static let webp = AnimationFormat([.webp])
    /// H.264 video in MP4 (through FFmpeg's libraries).
    public static let mp4 = AnimationFormat([.mp4])
    /// GIF and WebP, with the same frames and timing.
    public static let both = AnimationFormat([.gif, .webp])

    /// The formats `formats` names (at least one, each once).
    public init(_ formats: [AnimationFileFormat]) {
        precondition(!formats.isEmpty && Set(formats).count == formats.count, "AnimationFormat: each format once")
        self.formats = formats
    }

    /// The names `--format` takes in a list.
    static let names = AnimationFileFormat.allCases.map(\.rawValue) + ["both"]

    /// What `--format` says: `gif`, `gif,mp4`, …; `both` for GIF and WebP, as it was typed before lists.
    public var text: String { self == .both ? "both" : formats.map(\.rawValue).joined(separator: ",") }

    /// Comma-separated formats (`both` standing for `gif,webp`), each kept once; empty and
    /// unknown names are refused.
    static func list(_ text: String) throws(SettingError) -> AnimationFormat {
        var formats: [AnimationFileFormat] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = field.trimmingCharacters(in: .whitespaces)
            let named: [AnimationFileFormat]
            if name == "both" {
                named = [.gif, .webp]
            } else if let format = AnimationFileFormat(rawValue: name) {
                named = [format]
            } else {
                throw SettingError("format", text, expected: "comma-separated formats from gif, webp, mp4 (both: gif,webp), e.g. gif,mp4")
            }
            for format in named where !formats.contains(format) { formats.append(format) }
        }
        return AnimationFormat(formats)
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
