import Foundation

/// `--max-bytes`: the most bytes an animation file may have, and how a drawing keeps to it.
///
/// An animation over the budget is drawn again, motion before size (`next(after:)`): with fewer
/// frames (chosen where the picture changes, as `--frames` chooses them) down to
/// `framesBeforeShrinking`, then at a smaller size down to `smallestSize`, then with fewer frames
/// down to `leastFrames`. A budget that even the fewest frames at the smallest size exceed is
/// refused before anything is drawn, naming the smallest budget that would work (measured by
/// drawing that smallest animation). `run` and `compare` follow the same steps.
enum SizeBudget {
    /// What `--max-bytes` accepts, for messages.
    static let expected = "a number of bytes from 1000 to 1000000000, or with kB or MB (1 kB = 1000 bytes), e.g. 5MB or 800kB"

    /// The kind of scratch folder a budget probe draws into (`$TMPDIR/flipbook-budget-*`).
    static let scratchKind = "budget"

    /// The fewest frames a budget may bring an animation down to (fewer if fewer were recorded).
    static let leastFrames = 12
    /// The frames a budget keeps (all recorded, if fewer) before it makes the picture smaller.
    static let framesBeforeShrinking = 50
    /// The smallest panel side a budget shrinks a run's pictures to (a smaller `--size` stays).
    static let smallestSize = 240

    /// One drawing's frame count and size: a run's panel side, or a comparison's panels.
    struct Attempt: Equatable {
        var frames: Int
        var size: Int
    }

    /// What to draw after `attempt` came out at `bytes`, over `budget`, keeping motion before
    /// size: fewer frames down to `framesBeforeShrinking` (or all `recorded`, if fewer), then a
    /// smaller size down to `smallest`, then fewer frames down to `leastFrames`; nil when even
    /// that is reached. Each step makes the frames or the size strictly smaller.
    static func next(after attempt: Attempt, bytes: Int, budget: Int, recorded: Int, smallest: Int) -> Attempt? {
        if let fewer = fewerFrames(than: attempt.frames, bytes: bytes, budget: budget, floor: min(framesBeforeShrinking, recorded)) {
            return Attempt(frames: fewer, size: attempt.size)
        }
        if let smaller = smallerSize(than: attempt.size, bytes: bytes, budget: budget, smallest: smallest) {
            return Attempt(frames: attempt.frames, size: smaller)
        }
        if let fewer = fewerFrames(than: attempt.frames, bytes: bytes, budget: budget, floor: min(leastFrames, recorded)) {
            return Attempt(frames: fewer, size: attempt.size)
        }
        return nil
    }

    /// The units a budget is typed in: the suffix as written lowercased, its name and its bytes.
    private static let units: [(suffix: String, name: String, scale: Double)] = [
        ("mb", "MB", 1e6), ("m", "MB", 1e6), ("kb", "kB", 1e3), ("k", "kB", 1e3), ("b", " bytes", 1), ("", " bytes", 1),
    ]

    /// "5MB", "2.5 MB", "800kB", "800k", "250000" as bytes (kB and MB in powers of 1000). A
    /// decimal that is a whole number of bytes is that number: "0.0015MB" is 1500 bytes, not
    /// the 1499 that its binary product, 1499.9999999999998, rounds down to.
    static func bytes(parsing text: String) throws(SettingError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite, !number.isEmpty, number.first != "+" else { break }
            let product = value * unit.scale, nearest = product.rounded()
            let bytes = abs(product - nearest) <= 1e-9 * max(1, nearest) ? nearest : product.rounded(.down)
            guard bytes >= Double(PictureSettings.byteBudgets.lowerBound), bytes <= Double(PictureSettings.byteBudgets.upperBound) else { break }
            return Int(bytes)
        }
        throw SettingError("max-bytes", text, expected: expected)
    }

    /// The refusal of the budget of `pictures`, below `smallest`, the bytes of the smallest
    /// animation `drawing` describes. It quotes the budget as typed ('50kB', not 50000 or
    /// "50 kB") and names the least budget that works in the units it was typed in, rounded up.
    static func tooSmall(_ pictures: PictureSettings, smallest: Int, drawing: String) -> SettingError {
        let typed = Setting.declared(\PictureSettings.maxBytes).quoted(in: pictures)
        let unit = units.first { typed.trimmingCharacters(in: .whitespaces).lowercased().hasSuffix($0.suffix) } ?? units[units.count - 1]
        let least = leastText(smallest, scale: unit.scale)
        let (flag, exactly) = unit.scale == 1 ? (least, "") : (least + unit.name, " (\(smallest.formatted) bytes)")
        return SettingError(\PictureSettings.maxBytes, in: pictures,
                            expected: "at least \(least)\(unit.name)\(exactly): the smallest animation \(drawing) takes that much; --max-bytes \(flag) works")
    }

    /// `bytes` in units of `scale` bytes, rounded up to three significant digits (whole bytes
    /// as they are): "181" kB for 180,254 bytes, "0.181" MB.
    static func leastText(_ bytes: Int, scale: Double) -> String {
        guard scale > 1 else { return String(bytes) }
        let exponent = Int((log10(Double(bytes) / scale)).rounded(.down)) - 2
        let step = scale * pow(10, Double(exponent))
        let ceiling = (Double(bytes) / step).rounded(.up) * step
        return String(format: "%.*f", max(0, -exponent), ceiling / scale)
    }

    /// "2.50 MB", "812 kB", "950 bytes".
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1_000_000 { return String(format: "%.2f MB", Double(bytes) / 1e6) }
        if bytes >= 1000 { return String(format: "%.0f kB", Double(bytes) / 1e3) }
        return "\(bytes) bytes"
    }

    /// The next frame count to try for an animation of `frames` frames that came out at `bytes`
    /// over `budget`: the share that fits, with a margin, at least one frame fewer, at least
    /// `floor`; nil when it already has `floor` frames or fewer.
    static func fewerFrames(than frames: Int, bytes: Int, budget: Int, floor: Int) -> Int? {
        guard frames > floor else { return nil }
        let fitting = Int(Double(frames) * Double(budget) / Double(max(bytes, 1)) * 0.9)
        return max(floor, min(frames - 1, fitting))
    }

    /// The next panel size to try for an animation at `size` that came out at `bytes` over
    /// `budget` with the fewest frames: bytes go roughly with the area; nil at the smallest size.
    static func smallerSize(than size: Int, bytes: Int, budget: Int, smallest: Int) -> Int? {
        guard size > smallest else { return nil }
        let fitting = Int(Double(size) * (Double(budget) / Double(max(bytes, 1))).squareRoot() * 0.95)
        return max(smallest, min(size - 8, fitting))
    }

    /// The bytes of the largest animation file `draw` writes into a scratch directory (removed
    /// afterwards): what the smallest drawing of a run or comparison needs.
    static func largestAnimation(drawnBy draw: (RunDirectory) throws -> [WrittenFile]) throws -> Int {
        let scratch = try ScratchFolder(kind: scratchKind)
        let files = try draw(scratch.directory).map(\.name).filter { $0.hasSuffix(".gif") || $0.hasSuffix(".webp") }
        return files.map { name in
            ((try? FileManager.default.attributesOfItem(atPath: scratch.directory.file(name).path))?[.size] as? Int) ?? 0
        }.max() ?? 0
    }
}
