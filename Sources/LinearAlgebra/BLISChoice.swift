/// Which BLIS configuration to run, and why.
///
/// BLIS 0.9.0 picks its configuration once, from a table of CPU makers and families
/// (`bli_cpuid_query_id`), and runs its slow `generic` kernels on any CPU it does not know: AMD's
/// Zen 5 (family 26), other makers' x86-64 CPUs. There, Flipbook asks for the configuration of
/// the CPU's widest vectors: `skx` with AVX-512 F/DQ/BW/VL, `haswell` with AVX2 and FMA. A pick
/// BLIS makes for a CPU it knows is kept, even where it is narrower than the CPU: measured on a
/// Zen 4 (family 25, which BLIS runs with `zen3`'s AVX2 kernels), `skx` was no faster on a
/// training step's GEMMs and twice as slow on the 10-wide output layer's; on Intel AVX-512 CPUs
/// BLIS itself weighs `skx` against `haswell` by the FMA units its table finds in the brand
/// string. These are fixed rules, not a calibration at start-up, so one machine always runs the
/// same kernels and a seeded run stays bit-identical; `flipbook-bench core` times every
/// configuration the CPU can run, to check them on a new CPU. A `BLIS_ARCH_TYPE` set in the
/// environment wins, unless this build lacks that configuration or the CPU cannot run it.
public struct BLISChoice: Sendable, Equatable {
    /// The configuration to ask BLIS for through `BLIS_ARCH_TYPE`; nil lets BLIS detect the CPU.
    public let request: BLISConfiguration?
    /// What BLIS will run: the request, or BLIS's own pick (nil where only BLIS knows it).
    public let expected: BLISConfiguration?
    /// Why, in a sentence.
    public let reason: String
    /// The `BLIS_ARCH_TYPE` that was set but cannot be used (then the choice is Flipbook's own).
    public let refusal: BLISRequestError?

    /// The choice for a CPU and the environment's `BLIS_ARCH_TYPE` (nil: not set).
    public static func choose(requested: String?, cpu: CPUFeatures) -> BLISChoice {
        let automatic = automaticChoice(cpu)
        guard let requested else { return automatic }
        let instead = automatic.expected?.name ?? "BLIS's own pick"
        guard let configuration = BLISConfiguration(environmentValue: requested) else {
            return automatic.refusing(BLISRequestError(value: requested, problem: .unknown, instead: instead))
        }
        let missing = configuration.needs.subtracting(cpu.extensions)
        guard missing.isEmpty else {
            return automatic.refusing(BLISRequestError(value: requested, problem: .cannotRun(configuration, missing: missing), instead: instead))
        }
        return BLISChoice(request: configuration, expected: configuration, refusal: nil,
                          reason: "BLIS_ARCH_TYPE=\(requested) set in the environment")
    }

    /// Flipbook's choice when nothing is requested: BLIS's own pick, unless BLIS would fall back
    /// below AVX2 and FMA on a CPU that has them.
    static func automaticChoice(_ cpu: CPUFeatures) -> BLISChoice {
        let own = blisOwnChoice(cpu)
        let level = BLISConfiguration.vectorLevel(of: cpu.extensions)
        if level >= 2, let own, own.vectorLevel < 2 {
            let best: BLISConfiguration = level == 3 ? .skx : .haswell
            return BLISChoice(request: best, expected: best, refusal: nil,
                              reason: "BLIS 0.9.0 alone would run \(own.name) on this \(cpu.summary): Flipbook asks for \(best.name)")
        }
        let reason = level >= 2 ? "BLIS's own pick for this \(cpu.summary), which it knows"
            : "BLIS's own pick: this \(cpu.summary) has nothing wider for it to use"
        return BLISChoice(request: nil, expected: own, refusal: nil, reason: reason)
    }

    /// What BLIS 0.9.0 picks by itself (`bli_cpuid_query_id` over Debian's configurations); nil
    /// where it reads the brand string (Intel with AVX-512: `skx` with two FMA units, else `haswell`).
    static func blisOwnChoice(_ cpu: CPUFeatures) -> BLISConfiguration? {
        let has = { (needed: CPUFeatures.Extensions) in cpu.extensions.isSuperset(of: needed) }
        switch cpu.vendor {
        case .intel:
            if has(.avx512) { return nil }
            if has(.avx2FMA) { return .haswell }
            if has(.avx) { return .sandybridge }
            return has([.sse3, .ssse3]) ? .penryn : .generic
        case .amd:
            guard has(.avx2FMA) else { return has([.avx, .fma4]) && cpu.family == 0x15 ? nil : .generic }
            switch (cpu.family, cpu.model) {
            case (0x19, _): return .zen3
            case (0x17, 0x30...): return .zen2
            case (0x17, _): return .zen
            case (0x15, 0x60...0x7f): return .excavator
            default: return .generic
            }
        case .other:
            return .generic
        }
    }

    private init(request: BLISConfiguration?, expected: BLISConfiguration?, refusal: BLISRequestError?, reason: String) {
        self.request = request
        self.expected = expected
        self.refusal = refusal
        self.reason = reason
    }

    private func refusing(_ refusal: BLISRequestError) -> BLISChoice {
        BLISChoice(request: request, expected: expected, refusal: refusal,
                   reason: reason + " (instead of the refused BLIS_ARCH_TYPE=\(refusal.value))")
    }
}

/// A `BLIS_ARCH_TYPE` that cannot be used: not a configuration of this BLIS, or one whose kernels
/// this CPU cannot run (BLIS 0.9.0 would abort, or stop on an illegal instruction).
public struct BLISRequestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with it.
    public enum Problem: Sendable, Equatable {
        /// Neither the number nor the name of a configuration of this build.
        case unknown
        /// A configuration whose kernels need extensions this CPU lacks.
        case cannotRun(BLISConfiguration, missing: CPUFeatures.Extensions)
    }

    /// The value as set.
    public let value: String
    /// What is wrong with it.
    public let problem: Problem
    /// The configuration Flipbook chooses when the variable is not set.
    public let instead: String

    /// The line a user reads.
    public var description: String {
        let what = switch problem {
        case .unknown:
            "is not a configuration of this BLIS 0.9.0 (one of \(BLISConfiguration.builtList))"
        case .cannotRun(let configuration, let missing):
            "asks for BLIS's \(configuration.name) kernels, which need \(missing.names) that this CPU lacks"
        }
        return "BLIS_ARCH_TYPE=\(value) \(what); unset it to let Flipbook choose (\(instead) on this CPU)"
    }
}

extension CPUFeatures.Extensions {
    /// "AVX-512 F, AVX-512 DQ": the extensions in this set, by name.
    public var names: String {
        let all: [(CPUFeatures.Extensions, String)] = [
            (.sse3, "SSE3"), (.ssse3, "SSSE3"), (.avx, "AVX"), (.fma, "FMA"), (.avx2, "AVX2"),
            (.avx512F, "AVX-512 F"), (.avx512DQ, "AVX-512 DQ"), (.avx512BW, "AVX-512 BW"),
            (.avx512VL, "AVX-512 VL"), (.avx512PF, "AVX-512 PF"), (.fma4, "FMA4"),
        ]
        return all.filter { contains($0.0) }.map(\.1).joined(separator: ", ")
    }
}
