import CAV
import Foundation

/// Writes an H.264 video in an MP4 file with the same frames, holds and length as `GIFWriter`:
/// yuv420p (what players and browsers take), even dimensions (an odd width or height gets its
/// last column or row repeated), `+faststart` (the index before the data, so a page can play it
/// while it loads), and a constant frame rate, the pace's `fps`.
///
/// At a constant frame rate every video frame lasts `1/fps`, so a frame shown longer (a hold, a
/// `--duration` pace slower than `fps`, the last frame's pause) is the same picture repeated:
/// each repeat is a P-frame of skipped blocks, a few bytes. The first video frame of every held
/// frame (`--hold`) is a keyframe (IDR), so the key epochs are drawn afresh, sharp, and a player
/// can seek to them. The frames' times are the GIF's, in hundredths, each rounded to the nearest video
/// frame: the video lasts as long as the GIF to within half a video frame (exactly, when the
/// GIF's length is a whole number of video frames, as it is at 20 fps with holds in twentieths).
///
/// Encoded through FFmpeg's libraries (libswscale turns the palette frame into yuv420p, libx264
/// through libavcodec encodes, libavformat writes the MP4), not by running a program. The file
/// is written under a temporary name and renamed into place by `finish()` (`AtomicFile`); a
/// failure of the libraries is kept and thrown by `finish()` as a `FileWriteError` naming the
/// file and FFmpeg's reason. Not thread-safe: frames come from one thread at a time, in order.
public final class MP4Writer: AnimationWriter, @unchecked Sendable {
    /// The largest side of a frame: H.264's highest level holds 8,192 × 4,320.
    public static let maximumSide = 8192
    /// The most pixels of a frame (H.264 level 6.2: 139,264 macroblocks of 16 × 16).
    public static let maximumPixels = 139_264 * 256
    /// libx264's preset, chosen on measurement (docs/pictures.md#video): the fastest whose
    /// files are no larger than `ffmpeg -crf 18`'s (`superfast` and faster are twice as large),
    /// about 1 CPU-second for the demo's 540 video frames of 480 × 480.
    public static let preset = "veryfast"
    /// libx264's constant rate factor, chosen on measurement with `tune` and `parameters`: on the
    /// demo closer to the GIF than `ffmpeg -crf 18`'s conversion, in fewer bytes.
    public static let crf = 20
    /// libx264's tuning: `psnr` leaves out the psycho-visual changes that move pixels away from
    /// the picture (these are flat colours and thin lines, not film).
    public static let tune = "psnr"
    /// libx264's settings beyond the preset: trellis quantisation and two reference frames,
    /// which took 3 % off the demo's bytes at a slightly higher PSNR; two frame threads for two
    /// cores (libavcodec would give libx264 one).
    public static let parameters = "trellis=1:ref=2:threads=2"

    /// Frame size as handed in.
    public let width: Int
    /// Frame size as handed in.
    public let height: Int
    /// The video's size: the frame's, rounded up to even numbers.
    public let videoWidth: Int
    /// The video's size: the frame's, rounded up to even numbers.
    public let videoHeight: Int
    /// When each frame starts, in hundredths of a second (the GIF's schedule).
    public let schedule: FrameSchedule
    /// Video frames written so far (repeats included).
    public private(set) var videoFrames = 0
    /// Video frames that are keyframes so far.
    public private(set) var keyframes = 0

    private let fps: Int
    private let finalHold: Int
    private let file: AtomicFile
    private let output: Output
    private var palette = [UInt32](repeating: 0xFF00_0000, count: 256)
    private var padded: [UInt8] = []
    private var framesAppended = 0
    private var held = 0
    /// Whether a frame waits in `output.picture` to be written (its time is known when the next comes), and whether it is held.
    private var pending: Bool?
    private var failure: String?
    private var finished = false

    /// A writer to `path` for frames of `width × height` shown at `pace` (at most 50 fps, the
    /// video's frame rate), the last one held `finalHoldSeconds` longer (as `GIFWriter` rounds
    /// it, to the hundredth). A video has no loop count: players loop it or not.
    public init(path: String, width: Int, height: Int, pace: FramePace, finalHoldSeconds: Double = 2) throws {
        precondition((1...GIFWriter.maximumFrameRate).contains(pace.fps) && width > 0 && height > 0 && width <= Self.maximumSide
                     && height <= Self.maximumSide, "MP4Writer needs a valid size and frame rate")
        (self.width, self.height, fps) = (width, height, pace.fps)
        (videoWidth, videoHeight) = (width + width % 2, height + height % 2)
        schedule = FrameSchedule(pace: pace, ticksPerSecond: 100)
        finalHold = finalHoldHundredths(finalHoldSeconds)
        file = try AtomicFile(path: path)
        do {
            output = try Output(url: "file:" + file.temporaryPath, width: videoWidth, height: videoHeight, fps: pace.fps)
        } catch let error as LibAVError {
            file.discard()
            throw FileWriteError(message: "\(path): cannot write the H.264 video (\(error.reason))")
        }
        if width != videoWidth || height != videoHeight { padded = [UInt8](repeating: 0, count: videoWidth * videoHeight) }
    }

    deinit {
        if !finished { file.discard() }
    }

    /// Adds a frame (same size as the writer), shown `hold` seconds longer than the pace says
    /// (rounded to the hundredth, as in a GIF); a held frame starts with a keyframe (the last
    /// frame's pause alone makes none: it is the end, where nothing is sought).
    public func append(_ frame: IndexedFrame, holdingFor hold: Double) {
        precondition(!finished, "MP4Writer: append after finish")
        precondition(frame.width == width && frame.height == height, "an animation's frames have one size")
        let start = schedule.start(ofFrame: framesAppended) + held
        framesAppended += 1
        held += finalHoldHundredths(hold)
        guard failure == nil else { return }
        if let key = pending { writePending(until: start, key: key) }
        convert(frame)
        pending = finalHoldHundredths(hold) > 0
    }

    /// Writes the last frame with its hold, ends the video and the MP4 (its index moved to the
    /// front) and moves the file into place; returns its bytes. A file of more than `byteLimit`
    /// bytes is not written (`ByteLimitExceeded`).
    @discardableResult
    public func finish(byteLimit: Int? = nil) throws -> Int {
        guard !finished else { return 0 }
        finished = true
        if failure == nil, let key = pending {
            writePending(until: schedule.start(ofFrame: framesAppended) + held + finalHold, key: key)
        }
        if failure == nil { record(output.finish()) }
        output.close()
        if let failure {
            file.discard()
            throw FileWriteError(message: "\(file.path): cannot write the H.264 video (\(failure))")
        }
        var status = stat()
        let bytes = stat(file.temporaryPath, &status) == 0 ? Int(status.st_size) : 0
        if let byteLimit, bytes > byteLimit {
            file.discard()
            throw ByteLimitExceeded(path: file.path, bytes: bytes, limit: byteLimit)
        }
        try file.commit()
        return bytes
    }

    /// The video frame at which tick `hundredths` of the GIF's clock falls, halves rounded up.
    private func videoFrame(at hundredths: Int) -> Int {
        (2 * hundredths * fps + 100) / 200
    }

    /// Writes the waiting picture from the current video frame until the one at `end`
    /// hundredths (at least once), a keyframe first when it is `key`.
    private func writePending(until end: Int, key: Bool) {
        let last = max(videoFrames + 1, videoFrame(at: end))
        for index in videoFrames..<last where failure == nil {
            let isKey = key && index == videoFrames
            record(output.encode(pts: index, keyframe: isKey))
            if isKey { keyframes += 1 }
        }
        videoFrames = last
    }

    /// Turns `frame` into the waiting picture: its palette, its indices (padded to even sides).
    private func convert(_ frame: IndexedFrame) {
        for (index, color) in frame.colors.colors.enumerated() { palette[index] = 0xFF00_0000 | color }
        if padded.isEmpty {
            frame.indices.withUnsafeBufferPointer { indices in
                palette.withUnsafeBufferPointer { record(output.convert(indices: indices.baseAddress!, stride: width, palette: $0.baseAddress!)) }
            }
            return
        }
        frame.indices.withUnsafeBufferPointer { source in
            padded.withUnsafeMutableBufferPointer { target in
                for row in 0..<videoHeight {
                    let from = source.baseAddress! + min(row, height - 1) * width, to = target.baseAddress! + row * videoWidth
                    to.update(from: from, count: width)
                    if videoWidth > width { to[width] = from[width - 1] }
                }
            }
        }
        padded.withUnsafeBufferPointer { indices in
            palette.withUnsafeBufferPointer { record(output.convert(indices: indices.baseAddress!, stride: videoWidth, palette: $0.baseAddress!)) }
        }
    }

    /// Keeps the first failure of the libraries.
    private func record(_ result: LibAVError?) {
        if failure == nil, let result { failure = result.reason }
    }
}

/// A failure of one of FFmpeg's libraries: what was being done and the library's reason.
struct LibAVError: Error {
    let reason: String

    /// "opening libx264: Invalid argument".
    init(_ doing: String, _ code: Int32) {
        var text = [CChar](repeating: 0, count: 256)
        let described = av_strerror(code, &text, text.count) == 0
            ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "error \(code)"
        reason = "\(doing): \(described)"
    }

    init(reason: String) { self.reason = reason }
}

/// The FFmpeg objects of one video: the scaler (palette to yuv420p), the picture it fills, the
/// H.264 encoder, the MP4 muxer and its file. Every pointer stays here; `close` frees them all.
private final class Output {
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var encoder: UnsafeMutablePointer<AVCodecContext>?
    private var scaler: OpaquePointer?
    private(set) var picture: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var stream: UnsafeMutablePointer<AVStream>?
    private let height: Int32

    /// FFmpeg's own messages are silenced: failures come back as codes, said in one line.
    private static let quiet: Void = av_log_set_level(AV_LOG_QUIET)

    /// Opens the encoder and the MP4 file at `url` for `width × height` (even) yuv420p frames at `fps`.
    init(url: String, width: Int, height: Int, fps: Int) throws {
        Self.quiet
        self.height = Int32(height)
        do {
            try open(url: url, width: Int32(width), height: Int32(height), fps: Int32(fps))
        } catch {
            close()
            throw error
        }
    }

    private func open(url: String, width: Int32, height: Int32, fps: Int32) throws {
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw LibAVError(reason: "this FFmpeg has no libx264 H.264 encoder")
        }
        var created: UnsafeMutablePointer<AVFormatContext>?
        try check("setting up the MP4 file", avformat_alloc_output_context2(&created, nil, "mp4", url))
        format = created
        guard let format, let encoder = avcodec_alloc_context3(codec), let stream = avformat_new_stream(format, nil),
              let picture = av_frame_alloc(), let packet = av_packet_alloc() else {
            throw LibAVError(reason: "out of memory")
        }
        (self.encoder, self.stream, self.picture, self.packet) = (encoder, stream, picture, packet)
        encoder.pointee.width = width
        encoder.pointee.height = height
        encoder.pointee.time_base = AVRational(num: 1, den: fps)
        encoder.pointee.framerate = AVRational(num: fps, den: 1)
        encoder.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        encoder.pointee.color_range = AVCOL_RANGE_MPEG
        // sRGB pictures (BT.709 primaries, the sRGB curve) through the BT.601 matrix, the one
        // libswscale's palette input uses, tagged so that players need not guess.
        encoder.pointee.colorspace = AVCOL_SPC_SMPTE170M
        encoder.pointee.color_primaries = AVCOL_PRI_BT709
        encoder.pointee.color_trc = AVCOL_TRC_IEC61966_2_1
        if format.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 {
            encoder.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER)
        }
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "preset", MP4Writer.preset, 0)
        av_dict_set(&options, "tune", MP4Writer.tune, 0)
        av_dict_set(&options, "crf", String(MP4Writer.crf), 0)
        av_dict_set(&options, "x264-params", MP4Writer.parameters, 0)
        av_dict_set(&options, "forced-idr", "1", 0)
        try check("opening libx264", avcodec_open2(encoder, codec, &options))
        try check("describing the video stream", avcodec_parameters_from_context(stream.pointee.codecpar, encoder))
        stream.pointee.time_base = encoder.pointee.time_base
        stream.pointee.avg_frame_rate = encoder.pointee.framerate
        stream.pointee.r_frame_rate = encoder.pointee.framerate

        picture.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        picture.pointee.width = width
        picture.pointee.height = height
        try check("allocating a picture", av_frame_get_buffer(picture, 0))
        scaler = sws_getContext(width, height, AV_PIX_FMT_PAL8, width, height, AV_PIX_FMT_YUV420P,
                                SWS_AREA | SWS_ACCURATE_RND, nil, nil, nil)
        guard let scaler else { throw LibAVError(reason: "no conversion from palette colours to yuv420p") }
        // RGB in full range to BT.601 in limited range, as the stream is tagged.
        let coefficients = sws_getCoefficients(SWS_CS_ITU601)
        sws_setColorspaceDetails(scaler, coefficients, 1, coefficients, 0, 0, 1 << 16, 1 << 16)

        try check("opening the file", avio_open(&format.pointee.pb, url, AVIO_FLAG_WRITE))
        var muxing: OpaquePointer?
        defer { av_dict_free(&muxing) }
        av_dict_set(&muxing, "movflags", "+faststart", 0)
        try check("writing the MP4 header", avformat_write_header(format, &muxing))
    }

    /// Throws a `LibAVError` for a negative `code`.
    private func check(_ doing: String, _ code: Int32) throws {
        if code < 0 { throw LibAVError(doing, code) }
    }

    /// Fills the picture from palette indices (`stride` a row) and their ARGB palette.
    func convert(indices: UnsafePointer<UInt8>, stride: Int, palette: UnsafePointer<UInt32>) -> LibAVError? {
        guard let picture else { return LibAVError(reason: "no picture") }
        let writable = av_frame_make_writable(picture)
        if writable < 0 { return LibAVError("making the picture writable", writable) }
        let source: [UnsafePointer<UInt8>?] = [indices, UnsafeRawPointer(palette).assumingMemoryBound(to: UInt8.self), nil, nil]
        let strides: [Int32] = [Int32(stride), 0, 0, 0]
        let rows = withUnsafeMutablePointer(to: &picture.pointee.data) { data in
            data.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 8) { planes in
                withUnsafeMutablePointer(to: &picture.pointee.linesize) { sizes in
                    sizes.withMemoryRebound(to: Int32.self, capacity: 8) { lines in
                        sws_scale(scaler, source, strides, 0, height, planes, lines)
                    }
                }
            }
        }
        return rows == height ? nil : LibAVError(reason: "converting a frame to yuv420p failed")
    }

    /// Encodes the picture as video frame `pts`, a keyframe when asked, and writes what the
    /// encoder hands back.
    func encode(pts: Int, keyframe: Bool) -> LibAVError? {
        guard let picture else { return LibAVError(reason: "no picture") }
        picture.pointee.pts = Int64(pts)
        picture.pointee.pict_type = keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        let sent = avcodec_send_frame(encoder, picture)
        if sent < 0 { return LibAVError("encoding a frame", sent) }
        return drain()
    }

    /// Flushes the encoder and ends the MP4 (moving its index to the front).
    func finish() -> LibAVError? {
        let sent = avcodec_send_frame(encoder, nil)
        if sent < 0 { return LibAVError("ending the video", sent) }
        if let error = drain() { return error }
        let ended = av_write_trailer(format)
        if ended < 0 { return LibAVError("ending the MP4 file", ended) }
        return nil
    }

    /// Writes every packet the encoder has ready, each lasting one frame.
    private func drain() -> LibAVError? {
        guard let encoder, let packet, let stream else { return LibAVError(reason: "no encoder") }
        while true {
            let received = avcodec_receive_packet(encoder, packet)
            if received == cav_error_again() || received == cav_error_eof() { return nil }
            if received < 0 { return LibAVError("encoding a frame", received) }
            packet.pointee.stream_index = 0
            packet.pointee.duration = 1
            av_packet_rescale_ts(packet, encoder.pointee.time_base, stream.pointee.time_base)
            let written = av_interleaved_write_frame(format, packet)
            if written < 0 { return LibAVError("writing the MP4 file", written) }
        }
    }

    /// Frees everything and closes the file (idempotent).
    func close() {
        if let format, format.pointee.pb != nil { avio_closep(&format.pointee.pb) }
        avformat_free_context(format)
        format = nil
        avcodec_free_context(&encoder)
        av_frame_free(&picture)
        av_packet_free(&packet)
        sws_freeContext(scaler)
        scaler = nil
    }

    deinit { close() }
}
