import Testing
import Foundation
import TestSupport
@testable import Encoding
import Render

/// Values from outside the encoders' usual range: hold times, system errors.
@Suite struct EncoderHostileInputTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, -5])
    func gifHoldTimesOutOfRangeAreClamped(hold: Double) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hold.gif").path
        let writer = try GIFWriter(path: path, width: 4, height: 4, fps: 10, finalHoldSeconds: hold)
        #expect(writer.finalHold >= 0 && writer.finalHold <= 65535)
        writer.append(Canvas(width: 4, height: 4))
        try writer.finish()
        let gif = try DecodedGIF(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(gif.frames.count == 1 && gif.frames[0].delay >= 10 && gif.frames[0].delay <= 65535)
    }

    @Test func aFullDiskIsCalledThat() {
        #expect(systemReason(ENOSPC) == "the disk is full")
        #expect(systemReason(EFBIG) == "File too large")
    }
}
