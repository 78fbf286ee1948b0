/// The built-in data sets, one line each.
public enum DatasetCatalog {
    /// Name and one-line summary of each data set `--dataset` accepts.
    public static let entries: [(String, String)] = [
        ("circles", "two concentric circles, outer vs inner (--samples, --noise, --factor); the reference run"),
        ("moons", "two interleaving half circles (--samples, --noise)"),
        ("xor", "four clusters at (±0.5, ±0.5), opposite signs vs same sign (--samples, --noise)"),
        ("spiral", "K interleaved spiral arms (--samples, --classes, --noise)"),
        ("blobs", "K Gaussian blobs on a circle (--samples, --classes, --noise)"),
        ("sine", "1-D regression: y = sin x + noise on [−π, π] (--samples, --noise)"),
        ("csv:PATH", "your own table: records x1,…,xn,label, header optional, labels as written (numbers or names)"),
        ("mnist:DIR", "an MNIST-layout directory of four IDX files (raw or .gz): 28×28 digits, 10 classes"),
        ("fashion-mnist", "Fashion-MNIST from /usr/share/datasets/fashion-mnist (setup.sh --fashion-mnist), or fashion-mnist:DIR"),
    ]
}
