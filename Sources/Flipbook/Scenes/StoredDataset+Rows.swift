import FrameStore

extension StoredDataset {
    /// The data set of rows `rows` only, in that order (the same standardisation and classes).
    func rows(_ rows: [Int]) -> StoredDataset {
        let d = featureCount
        var part = self
        part.features = rows.flatMap { features[($0 * d)..<(($0 + 1) * d)] }
        part.labels = labels.isEmpty ? [] : rows.map { labels[$0] }
        part.targets = targets.isEmpty ? [] : rows.map { targets[$0] }
        part.isTest = rows.map { isTest[$0] }
        return part
    }

    /// The stored test samples' rows, in stored order.
    var testRows: [Int] { isTest.indices.filter { isTest[$0] } }

    /// The stored training samples' rows, in stored order.
    var trainingRows: [Int] { isTest.indices.filter { !isTest[$0] } }
}
