import Encoding
import Foundation
import Render

/// The PNG stills of one drawing, encoded on every core while the drawing goes on, each
/// distinct picture once: a picture handed again under another name (a poster is the last key
/// epoch's still) gets the bytes already encoded for it. Pictures are compared pixel by pixel in their theme's
/// colours, never by name, so two names share bytes only when they show the same thing.
///
/// `write` lists the file in the run directory, takes a copy of the canvas's pixels at once (the
/// caller may draw on it afterwards) and returns; `finish` waits for every file and throws the
/// first error.
final class StillFiles: @unchecked Sendable {
    /// Whether stills are encoded on other threads (the default), or each on the calling thread
    /// as it is handed over (a test compares the two).
    @TaskLocal static var encodedInParallel = true
    /// Where each encoding ran, when a test asks (nil: not kept).
    @TaskLocal static var threadLog: ThreadLog? = nil

    /// How many encodings ran at once in `write`, on the thread that handed the picture over,
    /// and how many were handed to the queue: a test checks that the stills of a whole drawing
    /// went the way it asked.
    final class ThreadLog: @unchecked Sendable {
        private let lock = NSLock()
        private var counts = (inline: 0, queued: 0)
        /// (encoded in `write`, encoded on the queue)
        var encodings: (inline: Int, queued: Int) { lock.withLock { counts } }
        func record(queued: Bool) { lock.withLock { if queued { counts.queued += 1 } else { counts.inline += 1 } } }
    }
    private let log: ThreadLog?

    private let directory: RunDirectory
    private let parallel: Bool
    private let lock = NSLock()
    /// The pictures handed over so far, by a hash of their pixels and colours.
    private var pictures: [UInt64: [Picture]] = [:]
    /// How many distinct pictures were handed over: each is encoded once.
    var encodings: Int { lock.withLock { pictures.values.reduce(0) { $0 + $1.count } } }
    private let group = DispatchGroup()
    private let failure = FirstError()
    private let queue = DispatchQueue(label: "flipbook.stills", attributes: .concurrent)

    /// One distinct picture: its pixels, its PNG bytes once encoded, and the names waiting for them.
    private final class Picture: @unchecked Sendable {     // its mutable parts under `StillFiles.lock`
        let frame: IndexedFrame
        var bytes: Data?
        var waiting: [String] = []
        init(_ frame: IndexedFrame) { self.frame = frame }
    }

    /// The stills of a drawing into `directory`.
    init(directory: RunDirectory) {
        self.directory = directory
        parallel = Self.encodedInParallel
        log = Self.threadLog
    }

    /// Writes `canvas` in `theme`'s colours as the still `name` (listed in the directory at once).
    func write(_ canvas: Canvas, named name: String, theme: Theme) throws {
        let path = try directory.claim(name)
        let frame = canvas.stillFrame(in: theme.palette)
        let key = Self.hash(frame)
        // A picture seen before gets its bytes (nil while they are being encoded: the encoding
        // writes this name too); a new one is encoded.
        let (picture, isNew, encoded): (Picture, Bool, Data?) = lock.withLock {
            if let seen = pictures[key]?.first(where: { $0.frame.width == frame.width && $0.frame.indices == frame.indices && $0.frame.colors == frame.colors }) {
                if seen.bytes == nil { seen.waiting.append(path) }
                return (seen, false, seen.bytes)
            }
            let picture = Picture(frame)
            picture.waiting.append(path)
            pictures[key, default: []].append(picture)
            return (picture, true, nil)
        }
        guard isNew else {
            if let encoded { try run { try AtomicFile.write(encoded, to: path) } }
            return
        }
        let caller = pthread_self()
        try run { [log, parallel] in
            // Queued work runs on a queue's thread (which may be the handing one, later); work
            // done at once runs on the handing thread.
            log?.record(queued: parallel || pthread_equal(pthread_self(), caller) == 0)
            let bytes = PNGEncoder.encode(picture.frame)
            let paths: [String] = self.lock.withLock {
                picture.bytes = bytes
                defer { picture.waiting = [] }
                return picture.waiting
            }
            for path in paths { try AtomicFile.write(bytes, to: path) }
        }
    }

    /// Waits for every still handed over; throws the first error any of them met.
    func finish() throws {
        wait()
        if let error = failure.error { throw error }
    }

    /// Waits for every still handed over (a drawing that failed leaves no write behind it).
    func wait() { group.wait() }

    /// Runs `work` on another thread (or at once when not in parallel), keeping its error.
    private func run(_ work: @escaping @Sendable () throws -> Void) throws {
        guard parallel else { return try work() }
        queue.async(group: group) { [failure] in
            do { try work() } catch { failure.record(error) }
        }
    }

    /// A 64-bit hash of a frame's pixels and colours (equal pictures collide by design; others are
    /// compared in full).
    private static func hash(_ frame: IndexedFrame) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(frame.width) << 32 ^ UInt64(frame.height)
        frame.indices.withUnsafeBytes { bytes in
            let words = bytes.count / 8
            for index in 0..<words {
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                hash ^= hash >> 29
            }
            for index in (8 * words)..<bytes.count { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 }
        }
        for color in frame.colors.colors { hash = (hash ^ UInt64(color)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
