import Encoding
import Foundation

/// Writes PNG stills (`PNGEncoder`).
public enum PNGWriter {
    /// Encodes `canvas` as PNG in `theme`'s colours and writes it to `path` atomically; returns
    /// the number of bytes.
    @discardableResult
    public static func write(_ canvas: Canvas, to path: String, theme: Theme = .light) throws -> Int {
        let data = canvas.pngData(palette: theme.palette)
        try AtomicFile.write(data, to: path)
        return data.count
    }
}
