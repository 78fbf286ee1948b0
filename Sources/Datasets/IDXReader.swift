import CZlib
import Foundation
import LinearAlgebra

/// Reads MNIST-layout data sets: four IDX files (raw or gzip-compressed) with a fixed train/test split.
///
/// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
/// `t10k-labels-idx1-ubyte`, each optionally with `.gz`. Image files start with the magic number
/// 0x00000803 and three big-endian dimensions (count, rows, columns); label files with 0x00000801
/// and a count. Pixels are scaled to [0, 1].
public enum IDXReader {
    /// Fashion-MNIST's class names, in label order.
    public static let fashionClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// Where Debian's `dataset-fashion-mnist` package puts Fashion-MNIST.
    public static let fashionDefaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// Reads the four files in `directory`; `name` and `classNames` label the result.
    /// Throws `DatasetError` naming the file and the problem.
    public static func read(directory: String, name: String, classNames: [String]) throws(DatasetError) -> Split {
        let train = try readPair(directory: directory, prefix: "train", classNames: classNames)
        let test = try readPair(directory: directory, prefix: "t10k", classNames: classNames)
        guard train.width == test.width, train.height == test.height else {
            throw DatasetError(file: directory, "training images are \(train.width)×\(train.height) but test images \(test.width)×\(test.height)")
        }
        func dataset(_ part: (features: Matrix<Float>, labels: [Int], width: Int, height: Int)) -> Dataset {
            Dataset(name: name, kind: .image(width: part.width, height: part.height), features: part.features,
                    targets: .classes(labels: part.labels, names: classNames))
        }
        return Split(train: dataset(train), test: dataset(test))
    }

    private static func readPair(directory: String, prefix: String, classNames: [String])
        throws(DatasetError) -> (features: Matrix<Float>, labels: [Int], width: Int, height: Int) {
        let imagesPath = try locate(directory: directory, file: "\(prefix)-images-idx3-ubyte")
        let labelsPath = try locate(directory: directory, file: "\(prefix)-labels-idx1-ubyte")
        let images = try decompress(imagesPath)
        let (imageDimensions, imageOffset) = try header(images, file: imagesPath, magic: 0x0803, dimensions: 3)
        let (count, height, width) = (imageDimensions[0], imageDimensions[1], imageDimensions[2])
        guard width > 0, height > 0 else { throw DatasetError(file: imagesPath, "images of \(width)×\(height) pixels") }
        guard images.count - imageOffset == count * width * height else {
            throw DatasetError(file: imagesPath, "holds \(images.count - imageOffset) pixel bytes; the header promises \(count) images of \(width)×\(height) (\(count * width * height))")
        }
        let labelBytes = try decompress(labelsPath)
        let (labelDimensions, labelOffset) = try header(labelBytes, file: labelsPath, magic: 0x0801, dimensions: 1)
        guard labelDimensions[0] == count else {
            throw DatasetError(file: labelsPath, "has \(labelDimensions[0]) labels for \(count) images in \(imagesPath)")
        }
        guard labelBytes.count - labelOffset == count else {
            throw DatasetError(file: labelsPath, "holds \(labelBytes.count - labelOffset) label bytes; the header promises \(count)")
        }
        var labels = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let label = Int(labelBytes[labelOffset + i])
            guard label < classNames.count else {
                throw DatasetError(file: labelsPath, "label \(label) of item \(i + 1) is outside the \(classNames.count) classes 0…\(classNames.count - 1)")
            }
            labels[i] = label
        }
        var pixels = [Float](repeating: 0, count: count * width * height)
        images.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for i in target.indices { target[i] = Float(source[imageOffset + i]) * (1 / 255) }
            }
        }
        return (Matrix(rows: count, columns: width * height, elements: pixels), labels, width, height)
    }

    /// `directory/file` or `directory/file.gz`, whichever exists.
    private static func locate(directory: String, file: String) throws(DatasetError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(file: directory, "is not a directory (expected one holding the four IDX files of an MNIST-style data set)")
        }
        for candidate in [file, file + ".gz"] {
            let path = (directory as NSString).appendingPathComponent(candidate)
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        throw DatasetError(file: directory, "has no \(file) or \(file).gz (an MNIST-style directory holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, raw or .gz)")
    }

    /// The magic number and dimensions at the start of an IDX file; returns the dimensions and the data offset.
    static func header(_ bytes: [UInt8], file: String, magic: UInt32, dimensions: Int) throws(DatasetError) -> ([Int], Int) {
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        }
        let offset = 4 + 4 * dimensions
        guard bytes.count >= offset else {
            throw DatasetError(file: file, "is \(bytes.count) bytes long, too short for an IDX header")
        }
        guard word(0) == magic else {
            throw DatasetError(file: file, String(format: "has magic number 0x%08X; expected 0x%08X (%@)", word(0), magic,
                                                  dimensions == 3 ? "unsigned-byte images" : "unsigned-byte labels"))
        }
        return ((0..<dimensions).map { Int(word(4 + 4 * $0)) }, offset)
    }

    /// The file's bytes, gunzipped if it is gzip-compressed (zlib reads raw files as they are).
    static func decompress(_ path: String) throws(DatasetError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw DatasetError(file: path, "cannot be opened")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 20)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if read < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                throw DatasetError(file: path, "is corrupt (\(message))")
            }
            if read == 0 { break }
            bytes += chunk[0..<Int(read)]
        }
        // A gzip stream cut short reads as far as it goes and then reports the missing end.
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        if code != Z_OK && code != Z_STREAM_END {
            throw DatasetError(file: path, "is corrupt or truncated (\(message))")
        }
        return bytes
    }
}
