import Foundation
import LinearAlgebra

/// Reads MNIST-layout data sets: four IDX files (raw or gzip-compressed) with a fixed train/test split.
///
/// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
/// `t10k-labels-idx1-ubyte`, each optionally with `.gz`. Image files start with the magic number
/// 0x00000803 and three big-endian dimensions (count, rows, columns); label files with 0x00000801
/// and a count. Pixels are scaled to [0, 1].
///
/// Headers are read and checked before any data: at most `maximumItems` items, images at most
/// `maximumSide` pixels on a side, at most `maximumDataBytes` of data in a file. Then exactly the
/// bytes a header promises are inflated, and one more to see whether the file holds more: a small
/// `.gz` full of zeros cannot make the reader inflate or allocate more than its header allows.
public enum IDXReader {
    /// Most images (or labels) one file may promise: 10 million (MNIST has 60 000).
    public static let maximumItems = 10_000_000
    /// Largest image side, in pixels.
    public static let maximumSide = 4096
    /// Most data bytes (pixels) one file may promise: 2 GiB. Pixels become 4-byte `Float`s, so
    /// a file at the bound needs 8 GiB more memory once read.
    public static let maximumDataBytes = 1 << 31

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
        // Both headers first: a mismatch is found before either file's data is read.
        let images = try IDXFile(path: imagesPath, magic: 0x0803, dimensions: 3)
        let (count, height, width) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        let pixelCount = try imageDataSize(count: count, height: height, width: width, file: imagesPath)
        let labelFile = try IDXFile(path: labelsPath, magic: 0x0801, dimensions: 1)
        guard labelFile.dimensions[0] <= maximumItems else {
            throw DatasetError(file: labelsPath, "promises \(labelFile.dimensions[0]) labels; at most \(maximumItems) are read")
        }
        guard labelFile.dimensions[0] == count else {
            throw DatasetError(file: labelsPath, "has \(labelFile.dimensions[0]) labels for \(count) images in \(imagesPath)")
        }
        let pixelBytes = try images.readData(count: pixelCount, unit: "pixel bytes",
                                             promise: "\(count) images of \(width)×\(height)")
        let labelBytes = try labelFile.readData(count: count, unit: "label bytes", promise: nil)
        var labels = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let label = Int(labelBytes[i])
            guard label < classNames.count else {
                throw DatasetError(file: labelsPath, "label \(label) of item \(i + 1) is outside the \(classNames.count) classes 0…\(classNames.count - 1)")
            }
            labels[i] = label
        }
        var pixels = [Float](repeating: 0, count: pixelCount)
        pixelBytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for i in target.indices { target[i] = Float(source[i]) * (1 / 255) }
            }
        }
        return (Matrix(rows: count, columns: width * height, elements: pixels), labels, width, height)
    }

    /// The number of pixel bytes `count` images of `width × height` take, refusing sizes beyond
    /// the bounds (every product checked for overflow).
    static func imageDataSize(count: Int, height: Int, width: Int, file: String) throws(DatasetError) -> Int {
        guard width > 0, height > 0 else { throw DatasetError(file: file, "holds images of \(width)×\(height) pixels") }
        guard count > 0 else { throw DatasetError(file: file, "holds no images (its header promises 0)") }
        guard width <= maximumSide, height <= maximumSide else {
            throw DatasetError(file: file, "holds images of \(width)×\(height) pixels; at most \(maximumSide)×\(maximumSide) are read")
        }
        guard count <= maximumItems else {
            throw DatasetError(file: file, "promises \(count) images; at most \(maximumItems) are read")
        }
        let side = width.multipliedReportingOverflow(by: height)
        let total = side.partialValue.multipliedReportingOverflow(by: count)
        guard !side.overflow, !total.overflow, total.partialValue <= maximumDataBytes else {
            let size = side.overflow || total.overflow ? "" : " (\(total.partialValue) bytes)"
            throw DatasetError(file: file, "promises \(count) images of \(width)×\(height) pixels\(size); at most \(maximumDataBytes) bytes are read")
        }
        return total.partialValue
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
}
