import Foundation
import LinearAlgebra
import Testing

/// The choice of BLIS's kernels: on this machine, on made-up CPUs, and against BLIS's own header
/// and library (Debian's BLIS 0.9.0 reads `BLIS_ARCH_TYPE` as its `arch_t` number).
@Suite struct BLISChoiceTests {
    private let zen5 = CPUFeatures(vendor: .amd, family: 26, model: 2, extensions: [.avx512, .sse3, .ssse3])
    private let zen4 = CPUFeatures(vendor: .amd, family: 25, model: 17, extensions: [.avx512, .sse3, .ssse3])
    private let zen3 = CPUFeatures(vendor: .amd, family: 25, model: 1, extensions: [.avx2FMA, .sse3, .ssse3])
    private let intelAVX512 = CPUFeatures(vendor: .intel, family: 6, model: 207, extensions: [.avx512, .sse3, .ssse3])
    private let intelAVX2 = CPUFeatures(vendor: .intel, family: 6, model: 63, extensions: [.avx2FMA, .sse3, .ssse3])
    private let unknownAVX2 = CPUFeatures(vendor: .other, family: 24, model: 1, extensions: [.avx2FMA, .sse3, .ssse3])
    private let intelAVX = CPUFeatures(vendor: .intel, family: 6, model: 42, extensions: [.avx, .sse3, .ssse3])
    private let amdAVX = CPUFeatures(vendor: .amd, family: 22, model: 0, extensions: [.avx, .sse3, .ssse3])

    @Test func theConfigurationInUseIsNeverGenericOnACPUWithAVX2AndFMA() {
        // Fails where BLIS runs its generic kernels on a CPU that has AVX2 and FMA (also when
        // BLIS_ARCH_TYPE=25 is set by hand: that is a slow configuration too).
        let configuration = BLAS.configuration
        let hasAVX2FMA = configuration.cpu.extensions.isSuperset(of: .avx2FMA)
        #expect(!(hasAVX2FMA && configuration.inUse == .generic), "\(configuration.summary)")
        #expect(configuration.cpu == CPUFeatures.current)
        if let expected = configuration.choice.expected { #expect(configuration.inUse == expected) }
    }

    @Test func withoutAVX2BLISPicksForItself() {
        for cpu in [intelAVX, amdAVX, CPUFeatures(vendor: .other, family: 6, model: 1, extensions: [.sse3])] {
            let choice = BLISChoice.choose(requested: nil, cpu: cpu)
            #expect(choice.request == nil)
            #expect(choice.refusal == nil)
        }
        #expect(BLISChoice.choose(requested: nil, cpu: intelAVX).expected == .sandybridge)
        #expect(BLISChoice.choose(requested: nil, cpu: amdAVX).expected == .generic)
    }

    @Test func withAVX2AndFMAButNoAVX512() {
        // BLIS knows these and picks AVX2 kernels itself...
        #expect(BLISChoice.choose(requested: nil, cpu: zen3).request == nil)
        #expect(BLISChoice.choose(requested: nil, cpu: zen3).expected == .zen3)
        #expect(BLISChoice.choose(requested: nil, cpu: intelAVX2).request == nil)
        #expect(BLISChoice.choose(requested: nil, cpu: intelAVX2).expected == .haswell)
        // ...but a maker or family it does not know would get generic: haswell instead.
        #expect(BLISChoice.choose(requested: nil, cpu: unknownAVX2).request == .haswell)
        var zen5WithoutAVX512 = zen5
        zen5WithoutAVX512.extensions = [.avx2FMA]
        #expect(BLISChoice.choose(requested: nil, cpu: zen5WithoutAVX512).request == .haswell)
    }

    @Test func withAVX512() {
        // Zen 5: BLIS 0.9.0 does not know family 26 and would run generic: skx instead.
        let zen5Choice = BLISChoice.choose(requested: nil, cpu: zen5)
        #expect(zen5Choice.request == .skx && zen5Choice.expected == .skx)
        #expect(zen5Choice.reason.contains("BLIS 0.9.0 alone would run generic"))
        // A CPU of a family BLIS knows keeps BLIS's pick (zen3 measured no slower than skx on Zen 4).
        #expect(BLISChoice.choose(requested: nil, cpu: zen4).request == nil)
        #expect(BLISChoice.choose(requested: nil, cpu: zen4).expected == .zen3)
        #expect(BLISChoice.choose(requested: nil, cpu: intelAVX512).request == nil)
        // AVX-512 F alone (no DQ/BW/VL) is not enough for skx.
        var partial = zen5
        partial.extensions = [.avx2FMA, .avx512F]
        #expect(BLISChoice.choose(requested: nil, cpu: partial).request == .haswell)
        var otherMaker = zen5
        otherMaker.vendor = .other
        #expect(BLISChoice.choose(requested: nil, cpu: otherMaker).request == .skx)
    }

    @Test func aRequestTheCPUCanRunWins() {
        for (value, wanted) in [("3", BLISConfiguration.haswell), ("haswell", .haswell), ("25", .generic), ("6", .zen3)] {
            let choice = BLISChoice.choose(requested: value, cpu: zen4)
            #expect(choice.request == wanted && choice.expected == wanted, "\(value)")
            #expect(choice.refusal == nil)
            #expect(choice.reason.contains("BLIS_ARCH_TYPE=\(value)"))
        }
        #expect(BLISChoice.choose(requested: "0", cpu: zen5).request == .skx)
    }

    @Test func aRequestTheCPUCannotRunIsRefusedNamingWhatIsMissing() {
        let choice = BLISChoice.choose(requested: "0", cpu: zen3)
        #expect(choice.refusal?.problem == .cannotRun(.skx, missing: [.avx512F, .avx512DQ, .avx512BW, .avx512VL]))
        #expect(choice.request == nil && choice.expected == .zen3)
        let line = choice.refusal?.description ?? ""
        #expect(line.hasPrefix("BLIS_ARCH_TYPE=0 asks for BLIS's skx kernels, which need AVX-512 F, AVX-512 DQ, AVX-512 BW, AVX-512 VL"))
        #expect(line.hasSuffix("unset it to let Flipbook choose (zen3 on this CPU)"))
        #expect(BLISChoice.choose(requested: "haswell", cpu: intelAVX).refusal?.problem == .cannotRun(.haswell, missing: [.fma, .avx2]))
        #expect(BLISChoice.choose(requested: "knl", cpu: zen5).refusal?.problem == .cannotRun(.knl, missing: .avx512PF))
    }

    @Test func aRequestBLISDoesNotKnowIsRefused() {
        // Text BLIS 0.9.0 would read as 0 (skx), numbers out of its range (it aborts), and
        // configurations Debian did not build (knc, the ARM and POWER ones).
        for value in ["", "skylake", "zen4", "3x", " 3", "-1", "26", "2", "knc", "13", "99999999999999999999"] {
            let choice = BLISChoice.choose(requested: value, cpu: zen5)
            #expect(choice.refusal?.problem == .unknown, "\(value)")
            #expect(choice.request == .skx)
            #expect(choice.refusal?.description.hasSuffix("unset it to let Flipbook choose (skx on this CPU)") == true)
            #expect(choice.refusal?.description.contains("one of 0 skx, 1 knl, 3 haswell") == true)
        }
    }

    @Test func theNumberingIsTheLibrarysAndTheBuildListIsTheHeaders() throws {
        for configuration in BLISConfiguration.allCases {
            #expect(configuration.libraryName == configuration.name, "arch_t \(configuration.rawValue)")
        }
        // The build's list: the lines after "Enabled sub-configurations" up to the first blank one.
        let header = try String(contentsOfFile: "/usr/include/x86_64-linux-gnu/blis.h", encoding: .utf8)
        let lines = header.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("// Enabled sub-configurations") })
        let built = lines[(start + 1)...].prefix { !$0.isEmpty }.map {
            $0.replacingOccurrences(of: "#define BLIS_CONFIG_", with: "").lowercased()
        }
        #expect(built == BLISConfiguration.built.map(\.name))
    }
}
