import CKernels

/// The C kernels' vector (AVX2) variants, chosen at run time when the CPU has them. Every
/// variant rounds as its plain loop does, so forbidding them changes no result, only the speed:
/// tests forbid them to run the plain loops on a CPU that would never take them.
public enum VectorKernels {
    /// Whether the AVX2 variants run (the CPU has AVX2 and they are allowed).
    public static var inUse: Bool { flipbook_uses_avx2() != 0 }

    /// Whether the vector variants may run, for every thread (default true). Work running
    /// meanwhile on other threads takes the plain loops too while it is false, which give the same results.
    public static var allowed: Bool {
        get { flipbook_vector_kernels_allowed() != 0 }
        set { flipbook_allow_vector_kernels(newValue ? 1 : 0) }
    }

    /// Runs `body` with the vector variants forbidden, then allows them again.
    public static func withPlainLoops<Result>(_ body: () throws -> Result) rethrows -> Result {
        allowed = false
        defer { allowed = true }
        return try body()
    }
}
