import Testing
import Foundation

/// The picture tests' own comparison: that it reads what the files show and counts what differs.
@Suite struct PictureComparisonTests {
    /// Every animation's poster (its last frame, a PNG written through libgd) decodes to the
    /// same pixels as the GIF's last frame (our decoder): the two readers agree.
    @Test func everyPosterIsItsAnimationsLastFrame() throws {
        var posters = 0
        for run in try FileManager.default.contentsOfDirectory(atPath: References.root.path) {
            let folder = References.root.appendingPathComponent(run)
            for name in try References.pictures(in: folder) where name.contains(".poster.") {
                let gif = name.replacingOccurrences(of: ".poster", with: "").replacingOccurrences(of: ".png", with: ".gif")
                let animation = try PictureFile(contentsOf: folder.appendingPathComponent(gif))
                let poster = try PictureFile(contentsOf: folder.appendingPathComponent(name))
                #expect(animation.frames.last == poster.frames.first, "\(run)/\(name)")
                posters += 1
            }
        }
        #expect(posters >= 20)
    }

    /// A pixel counts when a channel moves by more than the tolerance's levels, and a picture
    /// fails once more than its fraction of pixels count.
    @Test func theToleranceCountsChangedPixels() throws {
        let url = References.root.appendingPathComponent("three-classes/decision_boundary_epoch_003.png")
        let reference = try #require(try PictureFile(contentsOf: url).frames.first)
        #expect(reference.width == 160 && reference.height == 160)
        func changed(_ count: Int, by levels: Int) -> RGBImage {
            var image = reference
            for p in 0..<count {
                let i = 3 * (p * 97 % (image.width * image.height)) + 1
                image.pixels[i] = UInt8(Int(image.pixels[i]) >= 128 ? Int(image.pixels[i]) - levels : Int(image.pixels[i]) + levels)
            }
            return image
        }
        let allowed = Int(PictureTolerance.blas.fraction * Double(reference.width * reference.height))
        #expect(allowed == 5)
        let few = PixelDifference(changed(allowed, by: 40), reference, tolerance: .blas)
        #expect(few.differing == allowed && few.worst == 40 && few.isWithin(.blas))
        #expect(!PixelDifference(changed(allowed + 1, by: 40), reference, tolerance: .blas).isWithin(.blas))
        #expect(PixelDifference(changed(1000, by: 2), reference, tolerance: .blas).isWithin(.blas), "2 levels are a blend's rounding")
        let exact = PixelDifference(changed(1, by: 1), reference, tolerance: .exact)
        #expect(exact.differing == 1 && !exact.isWithin(.exact))
        #expect(PixelDifference(reference, reference, tolerance: .exact).isWithin(.exact))
    }
}
