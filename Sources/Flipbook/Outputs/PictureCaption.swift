/// One sentence per picture for `report.md`: what the reader sees in it, as the family that
/// draws it says (`PictureFamily.sentences`).
enum PictureCaption {
    /// The sentence for the picture file `name`, or nil for a picture without one.
    static func sentence(for name: String) -> String? {
        let sentences = Views.sentences
        if let sentence = sentences[name] { return sentence }
        // An animation written as WebP or video only says what its GIF would.
        if let dot = name.lastIndex(of: "."), [".webp", ".mp4"].contains(String(name[dot...])),
           let sentence = sentences[name[..<dot] + ".gif"] { return sentence }
        guard let (stem, epoch) = still(name), let sentence = sentences[stem + "_epoch_EPOCH.png"] else { return nil }
        return sentence.replacingOccurrences(of: "EPOCH", with: String(epoch))
    }

    /// The stem and epoch of a still named `STEM_epoch_NNN.png`.
    static func still(_ name: String) -> (stem: String, epoch: Int)? {
        guard name.hasSuffix(".png"), let range = name.range(of: "_epoch_", options: .backwards),
              let epoch = Int(name[range.upperBound...].dropLast(4)) else { return nil }
        return (String(name[..<range.lowerBound]), epoch)
    }
}
