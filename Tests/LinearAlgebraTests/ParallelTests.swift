import Dispatch
import Glibc
import LinearAlgebra
import Synchronization
import Testing

/// `concurrentMap` on the worker team: every index once, results in index order, whether the
/// team runs it, Dispatch does (nested inside an item, or from several threads at once), or the
/// team is switched off.
@Suite(.serialized) struct ParallelTests {
    @Test func everyIndexRunsOnceAndResultsKeepTheirOrder() {
        for count in 1...9 {
            let calls = Atomic<Int>(0)
            let results = concurrentMap(count) { index in
                calls.add(1, ordering: .relaxed)
                return index * index
            }
            #expect(results == (0..<count).map { $0 * $0 })
            #expect(calls.load(ordering: .relaxed) == count)
        }
    }

    @Test func aCallInsideAnItemAndCallsFromSeveralThreadsAllFinish() {
        let nested = concurrentMap(3) { outer in concurrentMap(4) { inner in 10 * outer + inner } }
        #expect(nested == (0..<3).map { outer in (0..<4).map { 10 * outer + $0 } })
        let sums = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 6) { caller in
            for round in 0..<200 {
                let values = concurrentMap(2) { caller * 1000 + round * 2 + $0 }
                sums.add(values.reduce(0, +), ordering: .relaxed)
            }
        }
        let expected = (0..<6).reduce(0) { total, caller in
            total + (0..<200).reduce(0) { $0 + 2 * (caller * 1000 + $1 * 2) + 1 }
        }
        #expect(sums.load(ordering: .relaxed) == expected)
    }

    @Test func withTheTeamSwitchedOffDispatchRunsTheItems() {
        workerTeamEnabled.store(false, ordering: .relaxed)
        defer { workerTeamEnabled.store(true, ordering: .relaxed) }
        #expect(concurrentMap(5) { $0 + 1 } == [1, 2, 3, 4, 5])
    }

    @Test func theCallerWaitsForItemsRunningOnAnotherThread() {
        // Each item waits (up to 2 s) until both have started; the one on another thread then
        // works 20 ms more. With two cores both run at once, and the results must all be there.
        let started = Atomic<Int>(0)
        let caller = UInt(pthread_self())
        let results = concurrentMap(2) { index in
            started.add(1, ordering: .relaxed)
            var waited = 0
            while started.load(ordering: .relaxed) < 2, waited < 20_000 { usleep(100); waited += 1 }
            if UInt(pthread_self()) != caller { usleep(20_000) }
            return index + 1
        }
        #expect(results == [1, 2])
    }

    @Test func manyShortJobsInARow() {
        // Hand-overs back to back, as the phases of training steps come: a lost wake-up or a
        // job read half-published would hang or miscount here.
        var total = 0
        for round in 0..<5000 { total += concurrentMap(2) { round + $0 }.reduce(0, +) }
        #expect(total == (0..<5000).reduce(0) { $0 + 2 * $1 + 1 })
    }
}
