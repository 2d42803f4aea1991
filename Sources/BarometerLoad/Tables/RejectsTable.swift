import BarometerCore

/// Every row turned away, with where it was and why, for the data manager to fix at source.
public enum RejectsTable {
    public static let columns = ["file", "line", "column", "variable", "reason", "raw"]

    public static func make(_ rejects: [RejectedRow]) -> Table {
        var table = Table(columns: columns)
        for reject in rejects {
            table.append([
                .text(reject.location.file),
                reject.location.line.map { .integer($0) } ?? .missing,
                reject.location.column.map { .integer($0) } ?? .missing,
                reject.variable.map { .text($0) } ?? .missing,
                .text(reject.reason),
                .text(reject.raw),
            ])
        }
        return table
    }
}
