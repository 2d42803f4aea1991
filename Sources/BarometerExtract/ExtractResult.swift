import BarometerCore

/// What an extractor hands to the rest of the pipeline: the accepted rows as a dataset, the
/// rows it turned away, and how many it read.
///
/// `rowsRead == dataset.rowCount + rejects.count` always holds; extractors check it before
/// returning so a lost row is a bug caught at its source.
public struct ExtractResult: Sendable {
    public var dataset: Dataset
    public var rejects: [RejectedRow]
    public var rowsRead: Int
    /// What the reader noticed but read anyway (e.g. DTD findings in Triple-S metadata).
    public var warnings: [ExtractWarning]

    public init(dataset: Dataset, rejects: [RejectedRow], rowsRead: Int, warnings: [ExtractWarning] = []) {
        precondition(rowsRead == dataset.rowCount + rejects.count, "rows read must equal accepted + rejected")
        self.dataset = dataset
        self.rejects = rejects
        self.rowsRead = rowsRead
        self.warnings = warnings
    }
}
