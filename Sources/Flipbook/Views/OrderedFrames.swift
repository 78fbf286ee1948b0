import Foundation
import LinearAlgebra

/// Draws frames `0..<count` on every core and hands them, in order, to every sink on the sink's
/// own serial queue, so that encoding overlaps drawing. A core takes the next frame as soon as it
/// has drawn one — no core waits for a slower frame beside it — and a frame goes to the sinks as
/// soon as every frame before it has gone, with whatever frames after it are ready. At most
/// `window` frames are drawn and not yet through every sink: memory stays flat however many
/// frames. Returns the last frame drawn; the first error any drawing throws stops the drawing
/// (no frame after it reaches the sinks) and is thrown once the sinks are idle.
func drawInOrder<Frame: Sendable>(count: Int, progress: ProgressReporter, window: Int? = nil, draw: @Sendable (Int) throws -> Frame,
                                  sinks: [@Sendable ([Frame]) -> Void]) throws -> Frame? {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    // Six frames a core: what the chunks of two frames a core, two of them waiting for the sinks, held before.
    let handOff = OrderedHandOff<Frame>(count: count, window: max(window ?? 6 * cores, 1), sinks: sinks, progress: progress)
    DispatchQueue.concurrentPerform(iterations: max(1, min(cores, count))) { _ in
        while let index = handOff.claim() {
            do {
                handOff.finish(index, try draw(index))
            } catch {
                handOff.fail(error)
            }
        }
    }
    handOff.waitForSinks()
    if let error = handOff.error { throw error }
    return handOff.last
}

/// The state `drawInOrder`'s workers share: the next frame to draw, the frames drawn but not yet
/// handed on (waiting for one before them), and the window's free places.
private final class OrderedHandOff<Frame: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    /// One place per frame drawn and not yet through every sink (or being drawn).
    private let places: DispatchSemaphore
    private let sinks: [@Sendable ([Frame]) -> Void]
    private let queues: [DispatchQueue]
    private let progress: ProgressReporter
    private let count: Int
    private var next = 0
    private var handed = 0
    private var ready: [Int: Frame] = [:]
    private var failure: Error?
    private var lastHanded: Frame?

    init(count: Int, window: Int, sinks: [@Sendable ([Frame]) -> Void], progress: ProgressReporter) {
        (self.count, self.sinks, self.progress) = (count, sinks, progress)
        places = DispatchSemaphore(value: window)
        queues = sinks.indices.map { DispatchQueue(label: "flipbook.sink.\($0)") }
    }

    /// The next frame to draw, once the window has a place for it; nil when every frame is
    /// taken or a drawing failed (the place is passed on, so that every waiting worker wakes).
    func claim() -> Int? {
        places.wait()
        let index: Int? = lock.withLock {
            guard failure == nil, next < count else { return nil }
            defer { next += 1 }
            return next
        }
        if index == nil { places.signal() }
        return index
    }

    /// Takes frame `index`, drawn; hands it and the ready frames after it to the sinks when no
    /// frame before it is still being drawn. The hand-off happens under the lock, so the sinks'
    /// queues receive the frames in order.
    func finish(_ index: Int, _ frame: Frame) {
        lock.withLock {
            guard failure == nil else {
                places.signal()
                return
            }
            ready[index] = frame
            var run: [Frame] = []
            while let frame = ready.removeValue(forKey: handed) {
                run.append(frame)
                handed += 1
            }
            guard !run.isEmpty else { return }
            let batch = run
            lastHanded = batch.last
            let encoded = DispatchGroup()
            for (sink, queue) in zip(sinks, queues) {
                queue.async(group: encoded) { sink(batch) }
            }
            encoded.notify(queue: .global()) { [places] in
                for _ in batch { places.signal() }
            }
            progress.advance(handed)
        }
    }

    /// Records the first error; no frame is handed on after it.
    func fail(_ error: Error) {
        lock.withLock { if failure == nil { failure = error } }
        places.signal()
    }

    /// Returns once every sink has finished every frame handed to it.
    func waitForSinks() { queues.forEach { $0.sync {} } }

    var error: Error? { lock.withLock { failure } }
    var last: Frame? { lock.withLock { lastHanded } }
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
