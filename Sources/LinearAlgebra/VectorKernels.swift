import CKernels
import Dispatch

/// The C kernels' vector (AVX2) variants, chosen at run time when the CPU has them. Every
/// variant rounds as its plain loop does, so forbidding them changes no result, only the speed:
/// tests forbid them to run the plain loops on a CPU that would never take them.
public enum VectorKernels {
    /// Whether the AVX2 variants run (the CPU has AVX2 and they are allowed).
    public static var inUse: Bool { flipbook_uses_avx2() != 0 }

    /// Whether the vector variants may run (default true; `with(allowed:_:)` sets it).
    public static var allowed: Bool { flipbook_vector_kernels_allowed() != 0 }

    /// Runs `body` with the vector variants allowed or forbidden, for every thread, then allows
    /// them again. The switch is the process's: one `body` at a time holds it, so a test that
    /// compares a vector variant with its plain loop runs each where it says, whatever other
    /// tests run meanwhile (work on other threads that does not hold it takes whichever is set,
    /// which gives the same results).
    public static func with<Result>(allowed: Bool, _ body: () throws -> Result) rethrows -> Result {
        holder.wait()
        flipbook_allow_vector_kernels(allowed ? 1 : 0)
        defer {
            flipbook_allow_vector_kernels(1)
            holder.signal()
        }
        return try body()
    }

    /// Who sets the switch: one caller of `with(allowed:_:)` at a time (a semaphore, not a lock,
    /// as a body may end on another thread than it began).
    private static let holder = DispatchSemaphore(value: 1)
}
