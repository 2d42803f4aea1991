import BarometerCore
import Foundation
import PostgresNIO

/// The PostgreSQL results database: the same schema and the same one-transaction loading as
/// `SQLiteResultsDatabase`, on a server named by a `postgres://user@host:port/database` URL.
///
/// The password comes from the URL only when the URL itself came from the environment
/// (`BAROMETER_DATABASE_URL`), else from `PGPASSWORD`; it never appears in a message. Rows are
/// inserted in batched multi-row statements with bound parameters. Migrations are recorded in
/// `barometer_migrations` and applied under an advisory lock, so concurrent first runs agree.
public struct PostgresResultsDatabase: ResultsStore {
    public let configuration: PostgresConnection.Configuration
    /// `postgres://user@host:port/database`, for messages: never the password.
    public let description: String

    /// Reads `url`; a password in it is taken as given (the caller decides where URLs may carry one).
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw BarometerError(.usage, "not a PostgreSQL URL (postgres://user@host:port/database)")
        }
        let user = components.user ?? environment["PGUSER"] ?? "postgres"
        let port = components.port ?? 5432
        let database = components.path.isEmpty ? nil : String(components.path.dropFirst())
        configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: components.password ?? environment["PGPASSWORD"],
            database: database, tls: .disable)
        description = "postgres://\(user)@\(host):\(port)/\(database ?? "")"
    }

    /// Whether `target` names a PostgreSQL database rather than an SQLite file.
    public static func isURL(_ target: String) -> Bool {
        target.hasPrefix("postgres://") || target.hasPrefix("postgresql://")
    }

    /// Whether the URL carries a password (not allowed in a pipeline file).
    public static func hasPassword(_ url: String) -> Bool { URLComponents(string: url)?.password != nil }

    public func load(_ load: WaveLoad, publish: ([TrendPoint]) throws -> Void) throws {
        try withSession { session in
            try session.replace(with: load)
            try publish(try session.trend(series: load.series))
        }
    }

    public func trend(series: String) throws -> [TrendPoint] {
        var points: [TrendPoint] = []
        try withSession { session in points = try session.trend(series: series) }
        return points
    }

    /// Connects, migrates, and runs `body` in one transaction, rolled back if anything throws.
    func withSession(_ body: (Session) throws -> Void) throws {
        var logger = Logger(label: "barometer.postgres")
        logger.logLevel = .error
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw failure(error, doing: "cannot connect to")
        }
        defer { try? connection.close().wait() }
        let session = Session(connection: connection, logger: logger)
        do {
            try session.execute("BEGIN", [])
            try migrate(session)
            try session.execute("COMMIT", [])
            try session.execute("BEGIN", [])
            try body(session)
            try session.execute("COMMIT", [])
        } catch {
            try? session.execute("ROLLBACK", [])
            throw failure(error, doing: "cannot write")
        }
    }

    private func migrate(_ session: Session) throws {
        try session.execute("SELECT pg_advisory_xact_lock(7207301)", [])
        try session.execute("CREATE TABLE IF NOT EXISTS barometer_migrations (identifier TEXT NOT NULL PRIMARY KEY)", [])
        let applied = Set(try session.strings("SELECT identifier FROM barometer_migrations"))
        for migration in DatabaseSchema.migrations where !applied.contains(migration.id) {
            for statement in DatabaseSchema.statements(migration.sql) { try session.execute(statement, []) }
            try session.execute("INSERT INTO barometer_migrations (identifier) VALUES (?)", [.text(migration.id)])
        }
    }

    struct Session: ResultsSession {
        let connection: PostgresConnection
        let logger: Logger
        /// PostgreSQL allows 65,535 parameters a statement.
        static let maximumParameters = 30_000

        @discardableResult
        func run(_ sql: String, _ values: [Table.Cell]) throws -> PostgresQueryResult {
            var binds = PostgresBindings(capacity: values.count)
            for value in values {
                switch value {
                case .text(let text): binds.append(text)
                case .number(let number): binds.append(number)
                case .integer(let integer): binds.append(integer)
                case .boolean(let flag): binds.append(flag ? 1 : 0)
                case .missing: binds.appendNull()
                }
            }
            return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
        }

        func execute(_ sql: String, _ values: [Table.Cell]) throws { try run(sql, values) }

        func strings(_ sql: String) throws -> [String] {
            try run(sql, []).rows.map { try $0.decode(String.self) }
        }

        /// Multi-row `INSERT ... VALUES (...), (...)` statements of up to `maximumParameters` values.
        func insert(into table: String, columns: [String], rows: [[Table.Cell]]) throws {
            guard !columns.isEmpty else { return }
            let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            let perStatement = max(1, Self.maximumParameters / columns.count)
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                let batch = rows[start..<min(rows.count, start + perStatement)]
                let values = Array(repeating: tuple, count: batch.count).joined(separator: ", ")
                try run("INSERT INTO \(table) (\(names)) VALUES \(values)", batch.flatMap { $0 })
            }
        }

        func trend(series: String) throws -> [TrendPoint] {
            try run(DatabaseSchema.trendQuery, [.text(series)]).rows.map { row in
                let (indicator, label, wave, pipeline, estimate, low, high, count) = try row.decode(
                    (String, String, String, String, Double?, Double?, Double?, Int).self)
                return TrendPoint(
                    indicator: indicator, indicatorLabel: label, wave: wave, pipeline: pipeline, estimate: estimate,
                    ciLow: low, ciHigh: high, unweightedCount: count)
            }
        }

        /// `?` placeholders as PostgreSQL's `$1`, `$2`, ... (the SQL here has no `?` in literals).
        static func numbered(_ sql: String) -> String {
            var out = ""
            var number = 0
            for character in sql {
                if character == "?" {
                    number += 1
                    out += "$\(number)"
                } else {
                    out.append(character)
                }
            }
            return out
        }
    }

    private func failure(_ error: Error, doing what: String) -> BarometerError {
        if let error = error as? BarometerError { return error }
        let reason = (error as? PSQLError).map { $0.serverInfo?[.message] ?? "\($0.code)" } ?? "\(error)"
        return BarometerError(.cannotWrite, "\(what) the results database \(description) (\(reason))")
    }
}
