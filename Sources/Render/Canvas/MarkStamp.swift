import CKernels

/// A mark (marker, test outline, ring) drawn once about a whole-pixel centre and kept as what it
/// does to each pixel near that centre, to be stamped at any other whole-pixel centre: the mark's
/// arithmetic depends only on a pixel's offset from a whole-pixel centre, so stamping gives the
/// very pixels drawing would, clipped to the canvas as drawing is.
///
/// Each pixel the mark touches ends either as one palette index whatever was under it (its
/// operations start, somewhere, with a set: copied, in runs along a row), or as a function of
/// the index under it (only blends: the blends composed into one table of 256 indices, shared by
/// the pixels that blend alike). A stamp costs a copy per run and a look-up per rim pixel.
public final class MarkStamp: @unchecked Sendable {
    /// A row's run of pixels set to `bytes[start..<start + count]`, from column offset `dx` (the C kernel's type).
    typealias Run = flipbook_mark_run

    /// A pixel at column offset `dx` that becomes `maps[map << 8 | index under it]` (the C kernel's type).
    typealias Blend = flipbook_mark_blend

    /// The mark's rows, from offset `top` down: row k's runs are `runs[runEnds[k]..<runEnds[k + 1]]`, its
    /// blends `blends[blendEnds[k]..<blendEnds[k + 1]]`; the runs' bytes, and the composed blends
    /// (256 indices each). Held in memory of its own (immutable once made): stamping a mark a
    /// thousand times a frame retains nothing.
    let top: Int
    private let runEnds: UnsafeMutableBufferPointer<Int32>, blendEnds: UnsafeMutableBufferPointer<Int32>
    private let runs: UnsafeMutableBufferPointer<Run>, blends: UnsafeMutableBufferPointer<Blend>
    private let bytes: UnsafeMutableBufferPointer<UInt8>, maps: UnsafeMutableBufferPointer<UInt8>
    /// How far the mark's pixels reach left and right of the centre's pixel (column offsets).
    let left: Int, right: Int
    /// Each row as 32 bytes from column offset `left` (when the mark is at most 32 wide): 0xFF
    /// where the mark changes a pixel, and what it makes of a `Palette.background` pixel there.
    private let touched: UnsafeMutableBufferPointer<UInt8>, overBackground: UnsafeMutableBufferPointer<UInt8>
    /// The mark as CKernels' `flipbook_stamp_marks` reads it (pointing into the memory above,
    /// valid while this stamp lives).
    let kernelMark: flipbook_mark

    /// The marks `draw` makes about the whole-pixel centre it is handed, through the writer it is handed.
    static func of(palette: Palette, reach: Double, _ draw: (Canvas, Point, inout MarkRecording.Recorder) -> Void) -> MarkStamp {
        // A canvas wide enough that nothing the mark touches is clipped, the centre at its middle.
        let half = Int(reach.rounded(.up)) + 2
        let side = 2 * half + 1
        let canvas = Canvas(width: side, height: side)
        var recorder = MarkRecording.Recorder(width: side)
        draw(canvas, Point(Double(half), Double(half)), &recorder)
        return MarkStamp(recorder, side: side, half: half, palette: palette)
    }

    /// (A class: a panel's stamps are handed round by reference, never copied array by array.)
    private init(_ recorder: MarkRecording.Recorder, side: Int, half: Int, palette: Palette) {
        // Each pixel's operations in drawing order.
        var chains: [Int: [(index: UInt8, weight: UInt8)]] = [:]
        for k in recorder.pixels.indices {
            chains[Int(recorder.pixels[k]), default: []].append((recorder.indices[k], recorder.weights[k]))
        }
        let rows = chains.keys.map { $0 / side }
        let first = rows.min() ?? half, last = rows.max() ?? half - 1
        let columns = chains.keys.map { $0 % side }
        left = (columns.min() ?? half) - half
        right = (columns.max() ?? half) - half
        top = first - half
        var runEnds = [0], blendEnds = [0], runs: [Run] = [], blends: [Blend] = [], bytes: [UInt8] = [], maps: [UInt8] = []
        var mapIndex: [[UInt8]: Int] = [:]
        if first <= last {
            for y in first...last {
                var open: (dx: Int, count: Int, start: Int)? = nil
                func close() {
                    if let run = open { runs.append(Run(dx: Int32(run.dx), count: Int32(run.count), start: Int32(run.start))) }
                    open = nil
                }
                for x in 0..<side {
                    guard let chain = chains[y * side + x] else { close(); continue }
                    if let set = chain.lastIndex(where: { $0.weight == 0 }) {
                        var value = chain[set].index
                        for op in chain[(set + 1)...] {
                            value = palette.blend(value, toward: palette.colors[Int(op.index)], weight: Int(op.weight))
                        }
                        if let run = open { open = (run.dx, run.count + 1, run.start) } else { open = (x - half, 1, bytes.count) }
                        bytes.append(value)
                    } else {
                        close()
                        let map = (0...255).map { under in
                            chain.reduce(UInt8(under)) { value, op in
                                palette.blend(value, toward: palette.colors[Int(op.index)], weight: Int(op.weight))
                            }
                        }
                        let number = mapIndex[map] ?? {
                            maps += map
                            mapIndex[map] = mapIndex.count
                            return mapIndex.count - 1
                        }()
                        blends.append(Blend(dx: Int32(x - half), map: Int32(number)))
                    }
                }
                close()
                runEnds.append(runs.count)
                blendEnds.append(blends.count)
            }
        }
        func kept<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
            let memory = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, values.count))
            _ = memory.initialize(from: values)
            return UnsafeMutableBufferPointer(rebasing: memory[..<values.count])
        }
        self.runEnds = kept(runEnds.map { Int32($0) })
        self.blendEnds = kept(blendEnds.map { Int32($0) })
        (self.runs, self.blends, self.bytes, self.maps) = (kept(runs), kept(blends), kept(bytes), kept(maps))
        let rowCount = runEnds.count - 1, windowed = rowCount > 0 && right - left < 32
        var touched = [UInt8](repeating: 0, count: windowed ? 32 * rowCount : 0), over = touched
        if windowed {
            for k in 0..<rowCount {
                for run in runs[runEnds[k]..<runEnds[k + 1]] {
                    for i in 0..<Int(run.count) {
                        touched[32 * k + Int(run.dx) - left + i] = 0xFF
                        over[32 * k + Int(run.dx) - left + i] = bytes[Int(run.start) + i]
                    }
                }
                for blend in blends[blendEnds[k]..<blendEnds[k + 1]] {
                    touched[32 * k + Int(blend.dx) - left] = 0xFF
                    over[32 * k + Int(blend.dx) - left] = maps[Int(blend.map) << 8 | Int(Palette.background)]
                }
            }
        }
        self.touched = kept(touched)
        overBackground = kept(over)
        kernelMark = flipbook_mark(top: top, left: left, right: right, rowCount: self.runEnds.count - 1,
                                   runEnds: self.runEnds.baseAddress, blendEnds: self.blendEnds.baseAddress,
                                   runs: self.runs.baseAddress, blends: self.blends.baseAddress,
                                   bytes: self.bytes.baseAddress, maps: self.maps.baseAddress,
                                   windowed: windowed ? 1 : 0, background: Palette.background,
                                   touched: self.touched.baseAddress, overBackground: overBackground.baseAddress)
    }

    deinit {
        // Each buffer starts where its allocation does (only its count was cut).
        for memory in [UnsafeMutableRawPointer(runEnds.baseAddress), UnsafeMutableRawPointer(blendEnds.baseAddress),
                       UnsafeMutableRawPointer(runs.baseAddress), UnsafeMutableRawPointer(blends.baseAddress),
                       UnsafeMutableRawPointer(bytes.baseAddress), UnsafeMutableRawPointer(maps.baseAddress),
                       UnsafeMutableRawPointer(touched.baseAddress), UnsafeMutableRawPointer(overBackground.baseAddress)] {
            memory?.deallocate()
        }
    }

    /// How many rows the mark covers.
    var rowCount: Int { runEnds.count - 1 }

    /// Does to `canvas` what drawing the mark about the whole pixel (`x`, `y`) (the centre
    /// Point(x, y), a pixel corner) would have done, clipped to the canvas.
    public func stamp(on canvas: Canvas, x: Int, y: Int) {
        // Far places are clipped here, so the kernel's coordinates fit in Int32.
        guard y + top + rowCount > 0, y + top < canvas.height, x + right >= 0, x + left < canvas.width else { return }
        withExtendedLifetime(self) {
            withUnsafePointer(to: kernelMark) { mark in
                var which: Int32 = 0
                var place: (Int32, Int32) = (Int32(x), Int32(y))
                withUnsafePointer(to: &place) { place in
                    place.withMemoryRebound(to: Int32.self, capacity: 2) { place in
                        flipbook_stamp_marks(canvas.image.pointee.pixels, canvas.width, canvas.height, mark, &which, place, 1)
                    }
                }
            }
        }
    }

    /// Stamps, for k = 0, 1, … in order, `marks[which[k]]` at the whole pixel (`places[2k]`,
    /// `places[2k + 1]`) on `canvas`, each as `stamp(on:x:y:)` does (by CKernels
    /// `flipbook_stamp_marks`); every place within ±`pixelLimit` of the canvas.
    static func stamp(_ marks: [MarkStamp], which: [Int32], places: [Int32], on canvas: Canvas) {
        precondition(places.count == 2 * which.count && which.allSatisfy { marks.indices.contains(Int($0)) })
        let kernelMarks = marks.map(\.kernelMark)
        withExtendedLifetime(marks) {
            flipbook_stamp_marks(canvas.image.pointee.pixels, canvas.width, canvas.height, kernelMarks, which, places, which.count)
        }
    }
}
