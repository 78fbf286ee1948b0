import Foundation

/// Scratch memory that an encoder keeps between frames and that is never cleared: it grows to
/// the largest size asked for, and the system backs only the pages written, so a frame that
/// uses little of a large buffer adds little to the process's memory.
///
/// The memory is mapped from the system directly, not taken from `malloc`: freed heap memory
/// stays in the process (`Allocator` keeps large freed buffers, and every thread that encoded a
/// frame has its own arena), while these pages are given back by `endFrame(using:)` once a
/// frame has used more than `keptCount` elements — a rare large frame (the first, whole canvas)
/// does not leave its memory behind for the rest of the animation.
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    private var mappedBytes: Int
    /// Elements kept backed between frames; pages past them are given back after a frame.
    let keptCount: Int
    /// Elements that may be backed by memory now: the most used since pages were last given back.
    private(set) var backedCount = 0

    /// An empty buffer that keeps the pages of its first `keptCount` elements between frames.
    init(keeping keptCount: Int) {
        self.keptCount = keptCount
        capacity = 0
        mappedBytes = 0
        base = UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }

    deinit {
        if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(base), mappedBytes) }
    }

    /// Bytes of memory the buffer may hold between frames.
    var heldBytes: Int { backedCount * MemoryLayout<Element>.stride }

    /// Makes room for `count` elements, keeping the first `preserving` of them when it grows
    /// (the rest is lost).
    mutating func reserve(_ count: Int, preserving: Int = 0) {
        guard count > capacity else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let bytes = (count * MemoryLayout<Element>.stride + page - 1) / page * page
        guard let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
            fatalError("ScratchBuffer: cannot map \(bytes) bytes (\(systemReason()))")
        }
        let grown = mapped.bindMemory(to: Element.self, capacity: count)
        let kept = min(preserving, capacity)
        if kept > 0 { grown.update(from: base, count: kept) }
        if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(base), mappedBytes) }
        (base, capacity, mappedBytes) = (grown, bytes / MemoryLayout<Element>.stride, bytes)
        backedCount = kept
    }

    /// Records that a frame used the first `used` elements; when it went past `keptCount`, gives
    /// the pages past those back to the system (they read as zeros when next written).
    mutating func endFrame(using used: Int) {
        backedCount = max(backedCount, min(used, capacity))
        guard backedCount > keptCount else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (keptCount * MemoryLayout<Element>.stride + page - 1) / page * page
        if start < mappedBytes { madvise(UnsafeMutableRawPointer(base) + start, mappedBytes - start, Int32(MADV_DONTNEED)) }
        backedCount = keptCount
    }

    /// Calls `body` with the buffer (`capacity` elements, whatever they hold).
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: capacity))
    }

    /// Calls `body` with the buffer to read.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: capacity))
    }

    /// The buffer's start, for a writer that checks its own bounds against `capacity`.
    var baseAddress: UnsafeMutablePointer<Element> { base }
}
