import Foundation

/// An MP4 file as Debian's `ffprobe` and `ffmpeg` read it (test dependencies only; Flipbook
/// itself writes video through FFmpeg's libraries): the video stream's codec, pixel format,
/// size, frame rate and duration, each frame's keyframe flag, and the frames decoded to RGB.
public struct VideoProbe {
    /// The codec's name, e.g. `h264`.
    public let codec: String
    /// The pixel format, e.g. `yuv420p`.
    public let pixelFormat: String
    /// The picture's size.
    public let width: Int
    /// The picture's size.
    public let height: Int
    /// The frame rate as the container gives it (`r_frame_rate`), and its average (`avg_frame_rate`).
    public let frameRate: Double
    /// The average frame rate: equal to `frameRate` at a constant frame rate.
    public let averageFrameRate: Double
    /// The stream's duration in seconds.
    public let duration: Double
    /// Whether each frame, in display order, is a keyframe.
    public let keyframes: [Bool]
    /// Each frame's duration in the stream's time base (all equal at a constant frame rate).
    public let frameDurations: [Int]

    /// Reads `path` with `ffprobe`.
    public init(_ path: String) throws {
        let stream = try Self.tool("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                               "stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,duration",
                                               "-of", "default=noprint_wrappers=1", path])
        var fields: [String: String] = [:]
        for line in String(decoding: stream, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        func rate(_ text: String?) -> Double {
            let parts = (text ?? "").split(separator: "/").compactMap { Double($0) }
            return parts.count == 2 && parts[1] != 0 ? parts[0] / parts[1] : .nan
        }
        codec = fields["codec_name"] ?? ""
        pixelFormat = fields["pix_fmt"] ?? ""
        width = Int(fields["width"] ?? "") ?? 0
        height = Int(fields["height"] ?? "") ?? 0
        frameRate = rate(fields["r_frame_rate"])
        averageFrameRate = rate(fields["avg_frame_rate"])
        duration = Double(fields["duration"] ?? "") ?? .nan
        let frames = try Self.tool("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame,pkt_duration",
                                               "-of", "csv=p=0", path])
        let rows = String(decoding: frames, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        keyframes = rows.map { $0.first == "1" }
        frameDurations = rows.map { $0.count > 1 ? Int($0[1]) ?? -1 : -1 }
    }

    /// Every frame of `path` decoded by `ffmpeg` to RGB (3 bytes a pixel, row after row).
    public static func decodedFrames(_ path: String, width: Int, height: Int) throws -> [[UInt8]] {
        let bytes = [UInt8](try tool("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]))
        let size = width * height * 3
        guard size > 0, bytes.count % size == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<$0 + size]) }
    }

    /// Where the top-level boxes `kind` (e.g. `moov`, `mdat`) start in the MP4 file `path`.
    public static func boxOffset(_ kind: String, in path: String) throws -> Int? {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var offset = 0
        while offset + 8 <= bytes.count {
            var size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            if String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self) == kind { return offset }
            if size == 1, offset + 16 <= bytes.count { size = bytes[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) } }
            guard size >= 8 else { return nil }
            offset += size
        }
        return nil
    }

    /// The standard output of Debian's `/usr/bin/NAME` with `arguments`; throws when it fails.
    public static func tool(_ name: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(name)")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(name) \(arguments.joined(separator: " ")) failed"])
        }
        return data
    }
}

/// The peak signal-to-noise ratio of two RGB pictures of the same size, in dB (99 when equal).
public func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
    precondition(a.count == b.count && !a.isEmpty, "psnr: pictures of different sizes")
    var sum = 0.0
    for index in a.indices {
        let difference = Double(a[index]) - Double(b[index])
        sum += difference * difference
    }
    let mse = sum / Double(a.count)
    return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
}
