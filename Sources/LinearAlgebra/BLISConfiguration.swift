import CBLAS

/// A configuration of BLIS 0.9.0 — its kernels and block sizes for one family of CPUs — numbered
/// as its `arch_t` (`blis.h`), which is how Debian's build reads `BLIS_ARCH_TYPE`.
public enum BLISConfiguration: Int, CaseIterable, Sendable {
    case skx = 0, knl, knc, haswell, sandybridge, penryn
    case zen3, zen2, zen, excavator, steamroller, piledriver, bulldozer
    case armsve, a64fx, firestorm, thunderx2, cortexa57, cortexa53, cortexa15, cortexa9
    case power10, power9, power7, bgq
    case generic

    /// Those that Debian's x86-64 build of BLIS 0.9.0 holds (`BLIS_CONFIG_…` in its `blis.h`).
    public static let built: [BLISConfiguration] = [
        .skx, .knl, .haswell, .sandybridge, .penryn, .zen3, .zen2, .zen,
        .excavator, .steamroller, .piledriver, .bulldozer, .generic,
    ]

    /// BLIS's own name for it.
    public var name: String { "\(self)" }

    /// The name the linked library gives this number (`bli_arch_string`): `name` when the
    /// numbering above is the library's.
    public var libraryName: String { String(cString: bli_arch_string(Int32(rawValue))) }

    /// The extensions its kernels use: a CPU without them stops with an illegal instruction.
    public var needs: CPUFeatures.Extensions {
        switch self {
        case .skx: .avx512
        case .knl: [.avx2FMA, .avx512F, .avx512PF]
        case .haswell, .zen3, .zen2, .zen, .excavator: .avx2FMA
        case .steamroller, .piledriver, .bulldozer: [.avx, .fma4]
        case .sandybridge: .avx
        case .penryn: [.sse3, .ssse3]
        default: []
        }
    }

    /// How wide its kernels compute: 3 for AVX-512, 2 for AVX2 with FMA, 1 for AVX, 0 below.
    public var vectorLevel: Int { Self.vectorLevel(of: needs) }

    /// The widest level (as `vectorLevel`) a set of extensions reaches.
    public static func vectorLevel(of extensions: CPUFeatures.Extensions) -> Int {
        extensions.isSuperset(of: .avx512) ? 3 : extensions.isSuperset(of: .avx2FMA) ? 2 : extensions.contains(.avx) ? 1 : 0
    }

    /// The configuration a `BLIS_ARCH_TYPE` value names: its number (as BLIS reads it) or its
    /// name (as newer BLIS reads it), among those of this build; nil for anything else, which
    /// BLIS 0.9.0 would read as 0 (`skx`) or refuse by aborting.
    public init?(environmentValue text: String) {
        let named = Int(text).flatMap(BLISConfiguration.init(rawValue:))
            ?? BLISConfiguration.allCases.first { $0.name == text.lowercased() }
        guard let named, Self.built.contains(named) else { return nil }
        self = named
    }

    /// "0 skx, 1 knl, 3 haswell, …, 25 generic": the values of this build.
    public static var builtList: String {
        built.map { "\($0.rawValue) \($0.name)" }.joined(separator: ", ")
    }
}
