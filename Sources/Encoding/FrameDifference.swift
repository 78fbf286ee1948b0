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
    /// stored, so each frame is compared once, when it arrives.
    private var pending: (frame: IndexedFrame, start: Int, changed: PixelRect?)?
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
        (shown?.indices.capacity ?? 0) + (pending?.frame.indices.capacity ?? 0) + patch.capacity
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
            guard let rect = changedRect(before.indices, frame.indices, width: width, height: height) else { return }
            changed = rect
        } else {
            changed = nil
        }
        storePending(until: start, store: store)
        pending = (frame, start, changed)
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
            patch = frame.indices
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
        patch.withUnsafeMutableBufferPointer {
            store(FramePatch(rect: rect, indices: UnsafeMutableBufferPointer(rebasing: $0[0..<rect.width * rect.height]), colors: frame.colors,
                             transparent: frame.transparent, duration: end - start, isFirst: false))
        }
    }

    /// Fills `patch` with `rect` of `frame`, its pixels equal to `before`'s set to `transparent`
    /// (all copied when there is none).
    private mutating func cut(_ rect: PixelRect, of frame: [UInt8], over before: [UInt8], transparent: UInt8?) {
        if patch.count < rect.width * rect.height { patch = [UInt8](repeating: 0, count: width * height) }
        let width = self.width
        patch.withUnsafeMutableBufferPointer { patch in
            frame.withUnsafeBufferPointer { frame in
                before.withUnsafeBufferPointer { before in
                    for row in 0..<rect.height {
                        let offset = (rect.y + row) * width + rect.x
                        let source = frame.baseAddress! + offset, target = patch.baseAddress! + row * rect.width
                        guard let transparent else {
                            target.update(from: source, count: rect.width)
                            continue
                        }
                        // Unchanged pixels become transparent (CKernels: 32 at a time with AVX2).
                        flipbook_cut_row(target, source, before.baseAddress! + offset, rect.width, transparent)
                    }
                }
            }
        }
    }

    /// `rect` grown left and up to even coordinates.
    private func evenCornered(_ rect: PixelRect) -> PixelRect {
        let x = rect.x & ~1, y = rect.y & ~1
        return PixelRect(x: x, y: y, width: rect.x + rect.width - x, height: rect.y + rect.height - y)
    }
}

/// The smallest rectangle holding every pixel in which two frames of palette indices (`width ×
/// height`, row after row) differ, or nil when they are identical (CKernels' `flipbook_changed_rect`:
/// 32 bytes at a time with AVX2, and past the first changed row only the parts of each row
/// outside the columns known to have changed are searched for their edges).
func changedRect(_ a: [UInt8], _ b: [UInt8], width: Int, height: Int) -> PixelRect? {
    precondition(a.count >= width * height && b.count >= width * height, "changedRect: frames smaller than their size")
    guard width > 0, height > 0 else { return nil }
    var rect = [Int](repeating: 0, count: 4)
    let found = a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            rect.withUnsafeMutableBufferPointer { rect in
                flipbook_changed_rect(a.baseAddress!, b.baseAddress!, width, height, rect.baseAddress!) != 0
            }
        }
    }
    return found ? PixelRect(x: rect[0], y: rect[1], width: rect[2], height: rect[3]) : nil
}

/// `seconds` in hundredths, rounded half away from zero and clamped to 0…65535 (what a GIF
/// delay holds); NaN counts as 0. Both formats hold the last frame this long.
func finalHoldHundredths(_ seconds: Double) -> Int {
    guard !seconds.isNaN else { return 0 }
    let rounded = (seconds * 100).rounded(.toNearestOrAwayFromZero)
    return rounded <= 0 ? 0 : rounded >= 65535 ? 65535 : Int(rounded)
}
