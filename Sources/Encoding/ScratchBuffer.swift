/// Scratch memory that an encoder keeps between frames and that is never cleared: it grows to
/// the largest size asked for, and the system backs only the pages written, so a frame that
/// uses little of a large buffer adds little to the process's memory.
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    /// An empty buffer.
    init() {
        capacity = 0
        base = .allocate(capacity: 1)
    }

    deinit { base.deallocate() }

    /// Makes room for `count` elements; what was in the buffer is lost when it grows.
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        base = .allocate(capacity: count)
        capacity = count
    }

    /// Calls `body` with the buffer (`capacity` elements, whatever they hold).
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: capacity))
    }

    /// Calls `body` with the buffer to read.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: capacity))
    }
}
