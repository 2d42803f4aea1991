import BarometerCore

/// Rejects rows whose respondent id is missing or repeats an earlier one, for readers that do
/// not check ids while they read (the XML formats). The first row with an id is kept.
public struct IdentifierCheck: Sendable {
    public var column: String

    public init(column: String) {
        self.column = column
    }

    public func apply(to result: ExtractResult) throws -> ExtractResult {
        let dataset = result.dataset
        let ids = try dataset.requireColumn(column, for: "the input's id")
        var firstLine: [String: Int] = [:]
        var keep = [Bool](repeating: true, count: dataset.rowCount)
        var rejects = result.rejects
        for row in 0..<dataset.rowCount {
            let id = ids.text(at: row)
            let reason: String
            if id.isEmpty {
                reason = "the id is missing"
            } else if let first = firstLine[id] {
                reason = "duplicate id \(id), first seen on line \(first)"
            } else {
                firstLine[id] = Int(dataset.sourceLines[row])
                continue
            }
            keep[row] = false
            rejects.append(
                RejectedRow(
                    location: dataset.location(ofRow: row, column: column), variable: column, reason: reason,
                    raw: dataset.columns.map { $0.text(at: row) }.joined(separator: ";")))
        }
        guard keep.contains(false) else { return result }
        return ExtractResult(dataset: dataset.filtered(keep), rejects: rejects, rowsRead: result.rowsRead)
    }
}
