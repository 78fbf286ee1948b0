import Foundation
import LinearAlgebra

/// Draws frames `0..<count` on every core, a chunk at a time, and hands each chunk, in order, to
/// every sink on the sink's own serial queue, so that encoding one chunk overlaps drawing the
/// next. At most two chunks wait for their sinks at once: memory stays flat however many frames.
/// Returns the last frame drawn.
func drawInOrder<Frame: Sendable>(count: Int, progress: ProgressReporter, draw: @Sendable (Int) throws -> Frame,
                                  sinks: [@Sendable ([Frame]) -> Void]) throws -> Frame? {
    let chunkSize = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)
    let queues = sinks.indices.map { DispatchQueue(label: "flipbook.sink.\($0)") }
    let chunksInFlight = DispatchSemaphore(value: 2)
    defer { queues.forEach { $0.sync {} } }
    var last: Frame?
    for start in stride(from: 0, to: count, by: chunkSize) {
        let indices = Array(start..<min(start + chunkSize, count))
        let drawn = SlotBuffer<Frame>(count: indices.count)
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: indices.count) { slot in
            do {
                drawn[slot] = try draw(indices[slot])
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }
        let frames = (0..<indices.count).map { drawn[$0]! }
        last = frames.last
        chunksInFlight.wait()
        let handed = DispatchGroup()
        for (sink, queue) in zip(sinks, queues) {
            queue.async(group: handed) { sink(frames) }
        }
        handed.notify(queue: .global()) { chunksInFlight.signal() }
        progress.advance(indices.last! + 1)
    }
    return last
}

/// The first error that any of several workers ran into.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Error?

    /// Keeps `error` unless one was recorded before.
    func record(_ error: Error) { lock.withLock { if first == nil { first = error } } }
    /// The first error, if any.
    var error: Error? { lock.withLock { first } }
}
