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
public struct SQLiteResultsDatabase: ResultsStore {
    /// The database file, e.g. `Output/barometer.sqlite`.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// GRDB's migrator with every migration of `DatabaseSchema`.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in DatabaseSchema.migrations {
            migrator.registerMigration(migration.id) { db in try db.execute(sql: migration.sql) }
        }
        return migrator
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
            try Self.migrator.migrate(queue)
            return queue
        } catch {
            throw failure(error)
        }
    }

    public func load(_ load: WaveLoad, publish: ([TrendPoint]) throws -> Void) throws {
        let queue = try open()
        do {
            try queue.write { db in
                let session = Session(db: db)
                try session.replace(with: load)
                try publish(try session.trend(series: load.series))
            }
        } catch {
            throw failure(error)
        }
    }

    public func trend(series: String) throws -> [TrendPoint] {
        do {
            return try open().read { db in try Session(db: db).trend(series: series) }
        } catch {
            throw failure(error)
        }
    }

    private struct Session: ResultsSession {
        let db: Database

        func execute(_ sql: String, _ values: [Table.Cell]) throws {
            try db.execute(sql: sql, arguments: StatementArguments(values.map(Self.value)))
        }

        /// One prepared statement, executed per row.
        func insert(into table: String, columns: [String], rows: [[Table.Cell]]) throws {
            let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(sql: "INSERT INTO \(table) (\(names)) VALUES (\(marks))")
            for row in rows { try statement.execute(arguments: StatementArguments(row.map(Self.value))) }
        }

        func trend(series: String) throws -> [TrendPoint] {
            try Row.fetchAll(db, sql: DatabaseSchema.trendQuery, arguments: [series]).map { row in
                TrendPoint(
                    indicator: row["indicator"], indicatorLabel: row["indicator_label"], wave: row["wave"],
                    pipeline: row["pipeline"], estimate: row["estimate"], ciLow: row["ci_low"], ciHigh: row["ci_high"],
                    unweightedCount: row["n_unweighted"])
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
    }

    private func failure(_ error: Error) -> BarometerError {
        if let error = error as? BarometerError { return error }
        let reason = (error as? DatabaseError)?.message ?? "\(error)"
        return BarometerError(.cannotWrite, "cannot write the results database (\(reason))", at: SourceLocation(file: path))
    }
}
