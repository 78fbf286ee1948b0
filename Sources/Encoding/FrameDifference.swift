import CKernels
import Foundation

/// A rectangle of pixels: its top-left corner and its size.
struct PixelRect: Equatable {
    /// Left edge.
    var x: Int
    /// Top edge.
    var y: Int
    /// Width in pixels.
    var width: Int
    /// Height in pixels.
    var height: Int
}

/// One frame as an animation file stores it: the rectangle `rect` of the canvas, its indices
/// (`rect.width × rect.height`, row after row), shown for `duration` ticks. When `transparent` is
/// set, pixels of that index leave what the frames before showed (drawn over them); otherwise
/// the rectangle replaces what it covers. The first frame covers the whole canvas.
struct FramePatch {
    /// Where the frame goes.
    let rect: PixelRect
    /// Its palette indices: the differencer's scratch, valid only while the patch is being
    /// stored, which the store may overwrite (the WebP encoder bundles them in place).
    let indices: UnsafeMutableBufferPointer<UInt8>
    /// What the indices stand for.
    let colors: ColorTable
    /// The index meaning "unchanged", when the patch is drawn over the frames before.
    let transparent: UInt8?
    /// How long it shows, in the schedule's ticks (a merged frame lasts as long as all it stands for).
    let duration: Int
    /// Whether it is the animation's first frame.
    let isFirst: Bool
    /// Pairs [start, end) of offsets in `indices` (increasing, disjoint) outside which every
    /// index is `transparent`: the part of each row between its first and last changed pixel.
    /// Nil when any index may be anything (the first frame, or no transparent index).
    var stretches: UnsafeBufferPointer<Int>? = nil
}

/// The step every animated format shares between the frames it is handed and the frames it
/// stores: identical consecutive frames become one frame lasting as long as all of them (on
/// `schedule`, the last held `finalHold` ticks longer); each frame after the first is cut to the
/// rectangle that changed (its corner moved left and up to even pixels when `evenCorners`, as
/// WebP stores it), its unchanged pixels set to the frame's transparent index where it has one.
/// A frame is stored when the next different one arrives (its duration is known then), or at
/// `finish`. Memory stays at two frames and one rectangle whatever the length.
struct FrameDifferencer {
    /// When each frame handed in starts.
    let schedule: FrameSchedule
    /// Ticks the last frame is held after its time.
    let finalHold: Int
    private let width: Int
    private let height: Int
    private let evenCorners: Bool
    /// The frame a viewer sees after the frames stored so far (nil before the first).
    private var shown: IndexedFrame?
    /// The last frame handed in, not yet stored, the tick it starts at, and the rectangle in
    /// which it differs from the frame before it (nil for the first): the frame shown when it is
    /// stored, so each frame is compared once, when it arrives. Its rows' changed spans are
    /// in `pendingSpans`.
    private var pending: (frame: IndexedFrame, start: Int, changed: PixelRect?)?
    /// For each row of the pending frame, its first and last pixel differing from the frame
    /// before it (-1, -1 when none): `changedSpans`.
    private var pendingSpans: [Int] = []
    /// The spans of the frame arriving, swapped with `pendingSpans` once it is pending.
    private var arrivingSpans: [Int] = []
    /// The stretches of the patch being stored (`FramePatch.stretches`).
    private var stretches: [Int] = []
    /// Scratch indices of one rectangle (the whole first frame), reused: a frame's size once
    /// the first is stored.
    private var patch: [UInt8] = []
    /// Frames handed in so far.
    private(set) var framesAppended = 0
    /// Frames stored so far (after merging repeats).
    private(set) var framesStored = 0
    /// Ticks the frames so far were held beyond the schedule: every later frame starts that much later.
    private var held = 0
    /// Bytes of memory held between frames: the frame shown, the one pending and the scratch
    /// rectangle.
    var heldBytes: Int {
        (shown?.indices.count ?? 0) + (pending?.frame.indices.count ?? 0) + patch.capacity
            + MemoryLayout<Int>.stride * (pendingSpans.capacity + arrivingSpans.capacity + stretches.capacity)
    }

    /// A differencer for frames of `width × height` at `schedule`, the last held `finalHold` ticks.
    init(width: Int, height: Int, schedule: FrameSchedule, finalHold: Int, evenCorners: Bool) {
        (self.width, self.height, self.schedule, self.finalHold, self.evenCorners) = (width, height, schedule, finalHold, evenCorners)
    }

    /// Takes the next frame (same size and colours as the first), shown `hold` ticks longer than
    /// the schedule says; hands `store` the frame before it when this one differs from it.
    mutating func append(_ frame: IndexedFrame, hold: Int = 0, store: (FramePatch) -> Void) {
        precondition(frame.width == width && frame.height == height, "an animation's frames have one size")
        if let first = shown ?? pending?.frame {
            precondition(frame.colors == first.colors, "an animation's frames share one colour table")
        }
        let start = schedule.start(ofFrame: framesAppended) + held
        framesAppended += 1
        held += max(0, hold)
        let changed: PixelRect?
        if let before = pending?.frame ?? shown {
            guard let rect = changedSpans(before.indices, frame.indices, width: width, height: height, into: &arrivingSpans) else { return }
            changed = rect
        } else {
            changed = nil
        }
        storePending(until: start, store: store)
        pending = (frame, start, changed)
        swap(&pendingSpans, &arrivingSpans)
    }

    /// Stores the last frame, held until the end of its time plus `finalHold`.
    mutating func finish(store: (FramePatch) -> Void) {
        storePending(until: schedule.start(ofFrame: framesAppended) + held + finalHold, store: store)
    }

    /// Hands the pending frame to `store`, shown until tick `end`, cut to what changed.
    private mutating func storePending(until end: Int, store: (FramePatch) -> Void) {
        guard let (frame, start, changed) = pending else { return }
        pending = nil
        defer {
            shown = frame
            framesStored += 1
        }
        guard let before = shown else {
            patch = frame.indices.withUnsafeBufferPointer(Array.init)
            patch.withUnsafeMutableBufferPointer {
                store(FramePatch(rect: PixelRect(x: 0, y: 0, width: width, height: height), indices: $0, colors: frame.colors,
                                 transparent: nil, duration: end - start, isFirst: true))
            }
            return
        }
        // A pending frame always differs from the one shown before it (`changed` is set).
        guard let changed else { return }
        let rect = evenCorners ? evenCornered(changed) : changed
        cut(rect, of: frame.indices, over: before.indices, transparent: frame.transparent)
        patch.withUnsafeMutableBufferPointer { patch in
            stretches.withUnsafeBufferPointer { stretches in
                store(FramePatch(rect: rect, indices: UnsafeMutableBufferPointer(rebasing: patch[0..<rect.width * rect.height]),
                                 colors: frame.colors, transparent: frame.transparent, duration: end - start, isFirst: false,
                                 stretches: frame.transparent == nil ? nil : stretches))
            }
        }
    }

    /// Fills `patch` with `rect` of `frame`, its pixels equal to `before`'s set to `transparent`
    /// (all copied when there is none), and `stretches` with where in it the pending frame's
    /// changed spans are.
    private mutating func cut(_ rect: PixelRect, of frame: FrameIndices, over before: FrameIndices, transparent: UInt8?) {
        if patch.count < rect.width * rect.height { patch = [UInt8](repeating: 0, count: width * height) }
        let width = self.width
        guard let transparent else {
            patch.withUnsafeMutableBufferPointer { patch in
                frame.withUnsafeBufferPointer { frame in
                    for row in 0..<rect.height {
                        (patch.baseAddress! + row * rect.width).update(from: frame.baseAddress! + (rect.y + row) * width + rect.x, count: rect.width)
                    }
                }
            }
            return
        }
        // Rows that did not change are filled with `transparent`, the others cut whole, unchanged
        // pixels made transparent (CKernels: 32 at a time with AVX2).
        let corners = [rect.x, rect.y, rect.width, rect.height]
        patch.withUnsafeMutableBufferPointer { patch in
            frame.withUnsafeBufferPointer { frame in
                before.withUnsafeBufferPointer { before in
                    pendingSpans.withUnsafeBufferPointer { spans in
                        flipbook_cut_spans(patch.baseAddress!, frame.baseAddress!, before.baseAddress!, width, corners, spans.baseAddress!, transparent)
                    }
                }
            }
        }
        stretches.removeAll(keepingCapacity: true)
        for row in 0..<rect.height {
            let y = rect.y + row, first = pendingSpans[2 * y]
            guard first >= 0 else { continue }
            stretches.append(row * rect.width + first - rect.x)
            stretches.append(row * rect.width + pendingSpans[2 * y + 1] - rect.x + 1)
        }
    }

    /// `rect` grown left and up to even coordinates.
    private func evenCornered(_ rect: PixelRect) -> PixelRect {
        let x = rect.x & ~1, y = rect.y & ~1
        return PixelRect(x: x, y: y, width: rect.x + rect.width - x, height: rect.y + rect.height - y)
    }
}

/// The smallest rectangle holding every pixel in which two frames of palette indices (`width ×
/// height`, row after row) differ, or nil when they are identical (`changedSpans`).
func changedRect(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>, width: Int, height: Int) -> PixelRect? {
    var spans: [Int] = []
    return changedSpans(a, b, width: width, height: height, into: &spans)
}

/// Where two frames of palette indices (`width × height`, row after row) differ: `spans` gets,
/// for each row y, its first and last differing columns at 2y and 2y + 1 (-1, -1 when the row
/// is the same in both); returns the smallest rectangle holding them, nil when the frames are
/// identical (CKernels' `flipbook_changed_spans`: each row searched from its left end to its
/// first difference and from its right end to its last, 32 bytes at a time with AVX2).
func changedSpans(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>, width: Int, height: Int, into spans: inout [Int]) -> PixelRect? {
    precondition(a.count >= width * height && b.count >= width * height, "changedSpans: frames smaller than their size")
    guard width > 0, height > 0 else { return nil }
    if spans.count != 2 * height { spans = [Int](repeating: -1, count: 2 * height) }
    var rect = [Int](repeating: 0, count: 4)
    let found = inPlace(a) { a in
        inPlace(b) { b in
            spans.withUnsafeMutableBufferPointer { spans in
                rect.withUnsafeMutableBufferPointer { rect in
                    flipbook_changed_spans(a.baseAddress!, b.baseAddress!, width, height, spans.baseAddress!, rect.baseAddress!) != 0
                }
            }
        }
    }
    return found ? PixelRect(x: rect[0], y: rect[1], width: rect[2], height: rect[3]) : nil
}

/// Calls `body` with `indices` in place (an array's or a frame's, which keep theirs in one block).
private func inPlace<R>(_ indices: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    guard let result = indices.withContiguousStorageIfAvailable(body) else {
        return Array(indices).withUnsafeBufferPointer(body)
    }
    return result
}

/// `seconds` in hundredths, rounded half away from zero and clamped to 0…65535 (what a GIF
/// delay holds); NaN counts as 0. Both formats hold the last frame this long.
func finalHoldHundredths(_ seconds: Double) -> Int {
    guard !seconds.isNaN else { return 0 }
    let rounded = (seconds * 100).rounded(.toNearestOrAwayFromZero)
    return rounded <= 0 ? 0 : rounded >= 65535 ? 65535 : Int(rounded)
}
