import Foundation
import Testing
@testable import Flipbook

/// `drawInOrder`: frames drawn on every core, in any order and at uneven speeds, reach every sink
/// once each and in order; no more than the window is held at once; the first error stops it.
@Suite struct OrderedFramesTests {
    /// What the sinks saw, and the most frames drawn but not yet through every sink at once.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [[Int]]
        private var outstanding = 0
        private(set) var mostOutstanding = 0
        private(set) var drawn = 0
        private var sinksDone: [Int: Int] = [:]

        init(sinks: Int) { seen = Array(repeating: [], count: sinks) }

        func drawing() { lock.withLock { outstanding += 1; drawn += 1; mostOutstanding = max(mostOutstanding, outstanding) } }
        func took(_ frames: [Int], sink: Int, of sinks: Int) {
            lock.withLock {
                seen[sink] += frames
                for frame in frames {
                    sinksDone[frame, default: 0] += 1
                    if sinksDone[frame] == sinks { outstanding -= 1 }
                }
            }
        }
        var frames: [[Int]] { lock.withLock { seen } }
    }

    /// A pause that differs from frame to frame (the slow ones held up behind by the fast ones after them).
    static func pause(_ index: Int) { usleep(useconds_t((index * 7919) % 13 * 150)) }

    @Test(arguments: [1, 2, 5, 37, 200])
    func everySinkGetsEveryFrameOnceInOrder(count: Int) throws {
        let sinks = 3, record = Record(sinks: sinks)
        let last = try drawInOrder(count: count, progress: SilentProgress(), window: 4, draw: { index in
            record.drawing()
            Self.pause(index)
            return index
        }, sinks: (0..<sinks).map { sink in { @Sendable frames in Self.pause(frames[0]); record.took(frames, sink: sink, of: sinks) } })
        #expect(last == count - 1)
        for frames in record.frames { #expect(frames == Array(0..<count)) }
        #expect(record.mostOutstanding <= 4)
    }

    struct Broken: Error, Equatable { let frame: Int }

    @Test func theFirstErrorStopsTheDrawingAndNoLaterFrameIsHanded() {
        let record = Record(sinks: 2)
        #expect(throws: Broken(frame: 30)) {
            _ = try drawInOrder(count: 400, progress: SilentProgress(), window: 6, draw: { index in
                record.drawing()
                Self.pause(index)
                if index == 30 { throw Broken(frame: 30) }
                return index
            }, sinks: (0..<2).map { sink in { @Sendable frames in record.took(frames, sink: sink, of: 2) } })
        }
        for frames in record.frames {
            #expect(frames == Array(0..<frames.count))
            #expect(frames.count <= 30)
        }
        // Frames already taken when 30 failed are at most a window ahead of the sinks: no more are begun.
        #expect(record.drawn <= 30 + 6 + 1)
    }

    @Test func noFramesDrawNothing() throws {
        let record = Record(sinks: 1)
        let last = try drawInOrder(count: 0, progress: SilentProgress(), draw: { $0 }, sinks: [{ @Sendable frames in record.took(frames, sink: 0, of: 1) }])
        #expect(last == nil)
        #expect(record.frames == [[]])
    }
}
