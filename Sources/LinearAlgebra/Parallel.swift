import Dispatch
import Synchronization

/// Fixed slots that concurrent workers fill, each its own index, read after they all finish.
public final class SlotBuffer<Value>: @unchecked Sendable {
    @usableFromInline let slots: UnsafeMutablePointer<Value?>
    @usableFromInline let count: Int

    /// `count` empty slots.
    @inlinable
    public init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The value in slot `index`; each worker writes only its own slots.
    @inlinable
    public subscript(index: Int) -> Value? {
        get { slots[index] }
        set { slots[index] = newValue }
    }
}

/// `body(0)`, …, `body(count − 1)` run at the same time on the calling thread and the worker
/// team's (`WorkerTeam`), or Dispatch's threads when the team is busy (on the calling thread
/// alone when `count` is 1), their results in index order.
@inlinable
public func concurrentMap<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 1 { return [body(0)] }
    let results = SlotBuffer<T>(count: count)
    let fill: @Sendable (Int) -> Void = { index in results[index] = body(index) }
    if !runOnWorkerTeam(count, fill) {
        DispatchQueue.concurrentPerform(iterations: count, execute: fill)
    }
    return (0..<count).map { results[$0]! }
}

/// Runs `body` for every index on the worker team; false when the team is busy or switched off.
@usableFromInline
func runOnWorkerTeam(_ count: Int, _ body: @Sendable (Int) -> Void) -> Bool {
    workerTeamEnabled.load(ordering: .relaxed) && WorkerTeam.shared.run(count, body)
}

/// Whether `concurrentMap` uses the worker team (true) or Dispatch alone: a switch for
/// `flipbook-bench`, which compares the two.
public let workerTeamEnabled = Atomic<Bool>(true)

/// `0..<count` cut into `parts` contiguous ranges whose lengths differ by at most one.
@inlinable
public func evenRanges(_ count: Int, parts: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, count))
    return (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
}

/// The fewest elements worth a thread of their own in element-wise work (64 KiB of `Float`).
public let minimumParallelElements = 16 * 1024

/// A buffer's base address that element-wise workers share, each touching its own range of it.
public struct SharedBuffer<Scalar>: @unchecked Sendable {
    /// The first element.
    public let base: UnsafeMutablePointer<Scalar>

    /// The buffer starting at `base`.
    @inlinable
    public init(_ base: UnsafeMutablePointer<Scalar>) { self.base = base }
}

extension Matrix {
    /// Runs `body` on blocks of whole rows at the same time, with up to `parallelism` threads:
    /// blocks of at least `minimumElements` elements each (a single block when the matrix is
    /// smaller), two per thread where the matrix is large enough, claimed as threads come free,
    /// so that a thread whose block ran faster (sparser inputs, a warmer cache) takes the next
    /// one instead of waiting. `body` gets a block's rows and its elements, which it may
    /// change; blocks never overlap.
    @inlinable
    public mutating func forEachRowBlock(parallelism: Int, minimumElements: Int = minimumParallelElements,
                                         _ body: @Sendable (_ rows: Range<Int>, _ elements: UnsafeMutableBufferPointer<Scalar>) -> Void) {
        let (rows, columns) = (self.rows, self.columns)
        guard rows > 0, columns > 0 else { return }
        let blocks = evenRanges(rows, parts: min(parallelism > 1 ? 2 * parallelism : 1, rows * columns / max(1, minimumElements)))
        elements.withUnsafeMutableBufferPointer { all in
            let base = SharedBuffer(all.baseAddress!)
            _ = concurrentMap(blocks.count) { index in
                let block = blocks[index]
                body(block, UnsafeMutableBufferPointer(start: base.base + block.lowerBound * columns, count: block.count * columns))
            }
        }
    }
}
