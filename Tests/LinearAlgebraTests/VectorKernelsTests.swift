import Foundation
import Testing
import LinearAlgebra

/// The vector kernels' switch is the process's, and tests run in parallel: a test comparing a
/// vector variant with its plain loop must run each where it says.
@Suite struct VectorKernelsTests {
    @Test func oneCallerHoldsTheSwitchAtATime() {
        let started = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let (during, after) = VectorKernels.with(allowed: false) {
            // Another caller asks for the vector variants while this body runs: it waits.
            Thread.detachNewThread {
                started.signal()
                VectorKernels.with(allowed: true) {}
                finished.signal()
            }
            started.wait()
            usleep(100_000)
            let during = VectorKernels.allowed
            usleep(20_000)
            return (during, VectorKernels.allowed)
        }
        finished.wait()
        #expect(!during && !after, "the switch changed under a body holding it")
        #expect(VectorKernels.allowed, "allowed again once every body is done")
    }
}
