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
        var keep = [Bool](repeating: true, count: dataset.rowCount)
        var rejects = result.rejects
        let problems = IdentifierIndex.problems(
            rows: dataset.rowCount, key: { Self.key(of: ids, at: $0) }, line: { Int(dataset.sourceLines[$0]) })
        for problem in problems {
            let row = problem.row
            keep[row] = false
            rejects.append(
                RejectedRow(
                    location: dataset.location(ofRow: row, column: column), variable: column,
                    reason: problem.reason(id: ids.text(at: row)),
                    raw: dataset.columns.map { $0.text(at: row) }.joined(separator: ";")))
        }
        guard keep.contains(false) else { return result }
        return ExtractResult(dataset: dataset.filtered(keep), rejects: rejects, rowsRead: result.rowsRead)
    }

    /// The id in `column` at `row` as a key, the way the CSV reader keys the ids it reads.
    private static func key(of column: Column, at row: Int) -> IdentifierKey {
        switch column.values {
        case .integer(let codes) where codes[row] >= 0: IdentifierKey(number: Int64(codes[row]))
        case .integer(let codes) where codes[row] == Column.missingCode: IdentifierKey(number: nil)
        case .text(let texts):
            texts.bytes.withUnsafeBufferPointer { IdentifierKey(UnsafeBufferPointer(rebasing: $0[texts.byteRange(at: row)])) }
        default: IdentifierKey(Array(column.text(at: row).utf8))
        }
    }
}
