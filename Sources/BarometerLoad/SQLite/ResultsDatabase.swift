import BarometerCore
import Foundation
import GRDB

/// The SQLite results database: one file shared by every pipeline and wave.
///
/// Loading a wave replaces that pipeline's and wave's rows in one transaction: earlier runs of
/// the wave are marked `superseded` in `runs`, their rows deleted, the new rows inserted, and
/// only then is the caller's `publish` step run, still inside the transaction. Any error, in
/// the database or in `publish`, rolls everything back, so a failed or killed run leaves the
/// database as it was. All values are bound parameters.
public struct ResultsDatabase: Sendable {
    /// The database file, e.g. `Output/barometer.sqlite`.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Opens (creating it if needed) and migrates the database to the current schema.
    public func open() throws -> DatabaseQueue {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var configuration = Configuration()
            // Two pipelines loading at once queue behind each other instead of failing.
            configuration.busyMode = .timeout(60)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try DatabaseSchema.migrator.migrate(queue)
            return queue
        } catch {
            throw failure(error)
        }
    }

    /// Replaces `load`'s pipeline and wave with its rows, then calls `publish` with the trend
    /// of its series (this wave included) before committing.
    public func load(_ load: WaveLoad, publish: ([TrendPoint]) throws -> Void) throws {
        let queue = try open()
        do {
            try queue.write { db in
                try replace(with: load, in: db)
                try publish(try Self.trend(series: load.series, in: db))
            }
        } catch let error as BarometerError {
            throw error
        } catch {
            throw failure(error)
        }
    }

    /// The `trend` view for one series, by indicator and wave.
    public func trend(series: String) throws -> [TrendPoint] {
        do {
            return try open().read { db in try Self.trend(series: series, in: db) }
        } catch {
            throw failure(error)
        }
    }

    private func replace(with load: WaveLoad, in db: Database) throws {
        let key: StatementArguments = [load.pipeline, load.wave]
        try db.execute(
            sql: "UPDATE runs SET status = 'superseded' WHERE pipeline = ? AND wave = ? AND status = 'current'",
            arguments: key)
        for table in ["estimates", "comparisons", "weight_diagnostics", "codebook_labels"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE pipeline = ? AND wave = ?", arguments: key)
        }
        try db.execute(
            sql: """
                INSERT INTO runs (pipeline, id, wave, series, title, started, finished, status, tool_version, inputs,
                                  rows_read, rows_accepted, rows_rejected, universe)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                load.pipeline, load.run, load.wave, load.series, load.title, Self.timestamp(load.started),
                Self.timestamp(load.finished), load.toolVersion, load.inputs.serialized(), load.rowsRead,
                load.rowsAccepted, load.rowsRejected, load.universe,
            ])
        let keyColumns: [(String, DatabaseValue)] = [
            ("pipeline", load.pipeline.databaseValue), ("wave", load.wave.databaseValue),
            ("run_id", load.run.databaseValue),
        ]
        try insert(load.estimates, into: "estimates", keyColumns: keyColumns, in: db)
        if let comparisons = load.comparisons { try insert(comparisons, into: "comparisons", keyColumns: keyColumns, in: db) }
        try insert(load.weights, into: "weight_diagnostics", keyColumns: keyColumns, in: db)
        try insert(Self.labels(load.codebook), into: "codebook_labels", keyColumns: Array(keyColumns.prefix(2)), in: db)
    }

    /// Inserts every row of `table` with one prepared statement; `keyColumns` the table lacks
    /// come first.
    private func insert(_ table: Table, into name: String, keyColumns: [(String, DatabaseValue)], in db: Database) throws {
        let key = keyColumns.filter { !table.columns.contains($0.0) }
        let columns = (key.map(\.0) + table.columns).map { "\"\($0)\"" }
        let statement = try db.makeStatement(
            sql: "INSERT INTO \(name) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        for row in table.rows {
            try statement.execute(arguments: StatementArguments(key.map(\.1) + row.map(Self.value)))
        }
    }

    static func value(_ cell: Table.Cell) -> DatabaseValue {
        switch cell {
        case .text(let text): text.databaseValue
        case .number(let number): number.databaseValue
        case .integer(let integer): integer.databaseValue
        case .boolean(let flag): flag.databaseValue
        case .missing: .null
        }
    }

    /// The codebook as `variable, code, label` rows; a variable's own label has code `""`.
    static func labels(_ codebook: Codebook) -> Table {
        var table = Table(columns: ["variable", "code", "label"])
        for variable in codebook.variables {
            if let label = variable.label { table.append([.text(variable.name), .text(""), .text(label)]) }
            for value in variable.valueLabels where value.code != "" {
                table.append([.text(variable.name), .text(value.code), .text(value.label)])
            }
        }
        return table
    }

    static func trend(series: String, in db: Database) throws -> [TrendPoint] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT indicator, indicator_label, wave, pipeline, estimate, ci_low, ci_high, n_unweighted
                FROM trend WHERE series = ? ORDER BY indicator, wave
                """,
            arguments: [series]
        ).map { row in
            TrendPoint(
                indicator: row["indicator"], indicatorLabel: row["indicator_label"], wave: row["wave"],
                pipeline: row["pipeline"], estimate: row["estimate"], ciLow: row["ci_low"], ciHigh: row["ci_high"],
                unweightedCount: row["n_unweighted"])
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private func failure(_ error: Error) -> BarometerError {
        if let error = error as? BarometerError { return error }
        let reason = (error as? DatabaseError)?.message ?? "\(error)"
        return BarometerError(.cannotWrite, "cannot write the results database (\(reason))", at: SourceLocation(file: path))
    }
}
