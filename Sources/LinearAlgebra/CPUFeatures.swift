import CKernels

/// What a CPU is (maker, family, model, as BLIS 0.9.0 reads them) and the vector instructions it
/// runs: the facts behind the choice of BLIS's kernels (`BLISChoice`).
public struct CPUFeatures: Sendable, Equatable {
    /// Who made the CPU.
    public enum Vendor: Sendable, Equatable { case intel, amd, other }

    /// Instruction-set extensions that decide which BLIS configurations can run.
    public struct Extensions: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let sse3 = Extensions(rawValue: UInt32(FLIPBOOK_CPU_SSE3))
        public static let ssse3 = Extensions(rawValue: UInt32(FLIPBOOK_CPU_SSSE3))
        public static let avx = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX))
        public static let fma = Extensions(rawValue: UInt32(FLIPBOOK_CPU_FMA))
        public static let avx2 = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX2))
        public static let avx512F = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX512F))
        public static let avx512DQ = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX512DQ))
        public static let avx512BW = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX512BW))
        public static let avx512VL = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX512VL))
        /// Xeon Phi's prefetch instructions (BLIS's `knl` configuration).
        public static let avx512PF = Extensions(rawValue: UInt32(FLIPBOOK_CPU_AVX512PF))
        /// AMD's four-operand FMA (BLIS's Bulldozer-family configurations).
        public static let fma4 = Extensions(rawValue: UInt32(FLIPBOOK_CPU_FMA4))

        /// AVX2 with FMA: what BLIS's `haswell` and `zen…` kernels use.
        public static let avx2FMA: Extensions = [.avx, .fma, .avx2]
        /// AVX-512 F, DQ, BW and VL: what BLIS's `skx` kernels use.
        public static let avx512: Extensions = [.avx2FMA, .avx512F, .avx512DQ, .avx512BW, .avx512VL]
    }

    /// The maker.
    public var vendor: Vendor
    /// The family, extended family added for base family 15 (AMD Zen 4: 25, Zen 5: 26).
    public var family: Int
    /// The model, extended model added for base families 6 and 15.
    public var model: Int
    /// The extensions the CPU and the operating system support.
    public var extensions: Extensions

    /// A CPU described by hand (tests use made-up ones).
    public init(vendor: Vendor, family: Int, model: Int, extensions: Extensions) {
        self.vendor = vendor
        self.family = family
        self.model = model
        self.extensions = extensions
    }

    /// This machine's CPU (CPUID).
    public static let current: CPUFeatures = {
        var cpu = flipbook_cpu()
        flipbook_cpu_identify(&cpu)
        let vendor: Vendor = switch cpu.vendor {
        case Int32(FLIPBOOK_CPU_INTEL): .intel
        case Int32(FLIPBOOK_CPU_AMD): .amd
        default: .other
        }
        return CPUFeatures(vendor: vendor, family: Int(cpu.family), model: Int(cpu.model),
                           extensions: Extensions(rawValue: cpu.features))
    }()

    /// "AMD family 25 model 17 with AVX-512 F/DQ/BW/VL".
    public var summary: String {
        let maker = switch vendor { case .intel: "Intel"; case .amd: "AMD"; case .other: "x86-64 (other maker)" }
        let widest = extensions.isSuperset(of: .avx512) ? "AVX-512 F/DQ/BW/VL"
            : extensions.isSuperset(of: .avx2FMA) ? "AVX2 and FMA, no AVX-512"
            : extensions.contains(.avx) ? "AVX, no AVX2 and FMA" : "no AVX"
        return "\(maker) family \(family) model \(model) with \(widest)"
    }
}
