import BarometerCore

/// One open transaction on a results database, SQLite or PostgreSQL: the few operations the
/// shared loading logic needs. SQL is written with `?` placeholders; every value is bound.
protocol ResultsSession {
    func execute(_ sql: String, _ values: [Table.Cell]) throws
    /// Inserts `rows` (cells in the order of `columns`) into `table`, batched as the backend likes.
    func insert(into table: String, columns: [String], rows: [[Table.Cell]]) throws
    func trend(series: String) throws -> [TrendPoint]
}

extension ResultsSession {
    /// Replaces `load`'s pipeline and wave: earlier runs of the wave become `superseded`, their
    /// rows are deleted and the new rows inserted.
    func replace(with load: WaveLoad) throws {
        let key: [Table.Cell] = [.text(load.pipeline), .text(load.wave)]
        try execute("UPDATE runs SET status = 'superseded' WHERE pipeline = ? AND wave = ? AND status = 'current'", key)
        for table in ["estimates", "comparisons", "weight_diagnostics", "codebook_labels"] {
            try execute("DELETE FROM \(table) WHERE pipeline = ? AND wave = ?", key)
        }
        try insert(
            into: "runs",
            columns: [
                "pipeline", "id", "wave", "series", "title", "started", "finished", "status", "tool_version", "inputs",
                "rows_read", "rows_accepted", "rows_rejected", "universe",
            ],
            rows: [[
                .text(load.pipeline), .text(load.run), .text(load.wave), .text(load.series), .text(load.title),
                .text(Timestamp.iso8601(load.started)), .text(Timestamp.iso8601(load.finished)), .text("current"),
                .text(load.toolVersion), .text(load.inputs.serialized()), .integer(load.rowsRead),
                .integer(load.rowsAccepted), .integer(load.rowsRejected), .integer(load.universe),
            ]])
        let keyColumns: [(String, Table.Cell)] = [
            ("pipeline", .text(load.pipeline)), ("wave", .text(load.wave)), ("run_id", .text(load.run)),
        ]
        try insert(load.estimates, into: "estimates", keyColumns: keyColumns)
        if let comparisons = load.comparisons { try insert(comparisons, into: "comparisons", keyColumns: keyColumns) }
        try insert(load.weights, into: "weight_diagnostics", keyColumns: keyColumns)
        try insert(load.codebookLabels, into: "codebook_labels", keyColumns: Array(keyColumns.prefix(2)))
    }

    /// Inserts `table` with the `keyColumns` it lacks in front of its own.
    private func insert(_ table: Table, into name: String, keyColumns: [(String, Table.Cell)]) throws {
        let key = keyColumns.filter { !table.columns.contains($0.0) }
        try insert(into: name, columns: key.map(\.0) + table.columns, rows: table.rows.map { key.map(\.1) + $0 })
    }
}

/// What both databases do with a wave: replace it in one transaction and publish before the
/// commit, so a failure anywhere leaves the database as it was.
public protocol ResultsStore: Sendable {
    /// Replaces `load`'s pipeline and wave with its rows, then calls `publish` with the trend
    /// of its series (this wave included) before committing.
    func load(_ load: WaveLoad, publish: ([TrendPoint]) throws -> Void) throws
    /// The `trend` view for one series, by indicator and wave.
    func trend(series: String) throws -> [TrendPoint]
}
