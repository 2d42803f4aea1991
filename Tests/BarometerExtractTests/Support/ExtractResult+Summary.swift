import BarometerCore

@testable import BarometerExtract

extension ExtractResult {
    /// Everything the result holds, cell by cell (storage and codebook kind of each column,
    /// lines, rejects), in a form that compares NaN equal to NaN: for tests that a split read
    /// gives exactly what one pass gives.
    var summary: [String] {
        var lines = ["read \(rowsRead), kept \(dataset.rowCount)", "lines \(dataset.sourceLines)"]
        for column in dataset.columns {
            let kind =
                switch column.values {
                case .integer: "integer"
                case .real: "real"
                case .text: "text"
                }
            lines.append(
                "\(column.name) \(kind) \(dataset.codebook[column.name]?.kind as Any): "
                    + (0..<column.count).map { column.text(at: $0) }.joined(separator: "|"))
        }
        lines += rejects.map { "\($0.location) \($0.variable ?? "-") \($0.reason) [\($0.raw)]" }
        return lines
    }
}
