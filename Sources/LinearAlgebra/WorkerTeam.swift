import Glibc
import Synchronization

/// Threads kept awake between the phases of a training step, for `concurrentMap`.
///
/// A training step hands work to the other cores three times or more (its shards, then the row
/// blocks of each weight matrix). Dispatch starts the second item of a two-item
/// `concurrentPerform` some 46 µs late on these machines, an idle core each time. A helper of
/// this team waits for the next job by checking a counter between `sched_yield` calls for up to
/// `spinSeconds` (giving the core to any other thread that wants it), then sleeps on a condition
/// variable; a job reaches it in about a microsecond while it is awake. Items are claimed one at
/// a time from a shared counter, by the caller too, so any number of items works with any number
/// of helpers. One job at a time: a call made while the team is busy (from one of its items, or
/// from another thread) returns false and the caller uses Dispatch.
final class WorkerTeam: @unchecked Sendable {
    /// The team of this process: one helper per core beyond the first.
    static let shared = WorkerTeam(helpers: max(0, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) - 1))

    /// How long a helper keeps checking for a new job before it sleeps.
    static let spinSeconds = 200e-6

    private let helpers: Int
    private let generation = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The job being run (read and written under `mutex`).
    private var current: Job?

    private init(helpers: Int) {
        self.helpers = helpers
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
    }

    /// Runs `body(0)`, …, `body(count − 1)` on the caller and the helpers; false (nothing run)
    /// when the team is busy or has no helpers.
    func run(_ count: Int, _ body: (Int) -> Void) -> Bool {
        guard helpers > 0, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        startHelpers()
        withoutActuallyEscaping(body) { body in
            let slot = UnsafeMutablePointer<(Int) -> Void>.allocate(capacity: 1)
            slot.initialize(to: body)
            let job = Job(count: count, body: slot)
            pthread_mutex_lock(mutex)
            current = job
            generation.add(1, ordering: .releasing)
            pthread_cond_broadcast(wake)
            pthread_mutex_unlock(mutex)
            job.work()
            while job.finished.load(ordering: .acquiring) < count { sched_yield() }
            pthread_mutex_lock(mutex)
            current = nil
            pthread_mutex_unlock(mutex)
            // No helper calls the body now: every item is claimed and finished.
            slot.deinitialize(count: 1)
            slot.deallocate()
        }
        return true
    }

    private func startHelpers() {
        guard started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        for _ in 0..<helpers {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            _ = pthread_create(&thread, nil, { context in
                Unmanaged<WorkerTeam>.fromOpaque(context!).takeRetainedValue().helperLoop()
            }, context)
            pthread_detach(thread)
        }
    }

    /// A helper's life: wait for a job (checking, then sleeping), take part in it, again.
    private func helperLoop() -> Never {
        var seen = 0
        while true {
            let spinUntil = Self.now() + Self.spinSeconds
            while generation.load(ordering: .acquiring) == seen {
                if Self.now() < spinUntil { sched_yield(); continue }
                pthread_mutex_lock(mutex)
                while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, mutex) }
                pthread_mutex_unlock(mutex)
            }
            pthread_mutex_lock(mutex)
            seen = generation.load(ordering: .acquiring)
            let job = current
            pthread_mutex_unlock(mutex)
            job?.work()
        }
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// One `run`: its items, claimed one at a time, and how many are done.
    private final class Job: @unchecked Sendable {
        let count: Int
        let body: UnsafeMutablePointer<(Int) -> Void>
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)

        init(count: Int, body: UnsafeMutablePointer<(Int) -> Void>) {
            self.count = count
            self.body = body
        }

        /// Claims and runs items until none is left.
        func work() {
            while true {
                let item = next.add(1, ordering: .relaxed).oldValue
                guard item < count else { return }
                body.pointee(item)
                finished.add(1, ordering: .releasing)
            }
        }
    }
}
