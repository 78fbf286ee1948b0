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
    /// A row's run of pixels set to `bytes[start..<start + count]`, from column offset `dx`.
    struct Run: Sendable {
        let dx: Int32, count: Int32, start: Int32
    }

    /// A pixel at column offset `dx` that becomes `maps[map << 8 | index under it]`.
    struct Blend: Sendable {
        let dx: Int32, map: Int32
    }

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
    }

    deinit {
        // Each buffer starts where its allocation does (only its count was cut).
        for memory in [UnsafeMutableRawPointer(runEnds.baseAddress), UnsafeMutableRawPointer(blendEnds.baseAddress),
                       UnsafeMutableRawPointer(runs.baseAddress), UnsafeMutableRawPointer(blends.baseAddress),
                       UnsafeMutableRawPointer(bytes.baseAddress), UnsafeMutableRawPointer(maps.baseAddress)] {
            memory?.deallocate()
        }
    }

    /// How many rows the mark covers.
    var rowCount: Int { runEnds.count - 1 }

    /// Does to `canvas` what drawing the mark about the whole pixel (`x`, `y`) (the centre
    /// Point(x, y), a pixel corner) would have done, clipped to the canvas.
    public func stamp(on canvas: Canvas, x: Int, y: Int) {
        let width = canvas.width
        let firstRow = max(0, -(y + top)), lastRow = min(rowCount, canvas.height - (y + top))
        guard firstRow < lastRow, x + right >= 0, x + left < width else { return }
        let clipped = x + left < 0 || x + right >= width
        for k in firstRow..<lastRow {
            let row = canvas.row(y + top + k)
            for run in runs[Int(runEnds[k])..<Int(runEnds[k + 1])] {
                var from = x + Int(run.dx), start = Int(run.start), count = Int(run.count)
                if clipped {
                    if from < 0 { start -= from; count += from; from = 0 }
                    count = min(count, width - from)
                    guard count > 0 else { continue }
                }
                Self.copy(bytes.baseAddress! + start, to: row + from, count: count)
            }
            for blend in blends[Int(blendEnds[k])..<Int(blendEnds[k + 1])] {
                let column = x + Int(blend.dx)
                if clipped, column < 0 || column >= width { continue }
                row[column] = maps[Int(blend.map) << 8 | Int(row[column])]
            }
        }
    }

    /// Copies `count` bytes eight, four, two and one at a time: a mark's runs are a few pixels
    /// long, shorter than a call to `memmove` is worth.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        var k = 0
        while k + 8 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: UInt64.self), toByteOffset: k, as: UInt64.self)
            k += 8
        }
        if k + 4 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: UInt32.self), toByteOffset: k, as: UInt32.self)
            k += 4
        }
        if k + 2 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: k, as: UInt16.self), toByteOffset: k, as: UInt16.self)
            k += 2
        }
        if k < count { target[k] = source[k] }
    }
}
