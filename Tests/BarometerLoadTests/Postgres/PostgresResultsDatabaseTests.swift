import Barometer
import BarometerCore
import Foundation
import GRDB
import Testing

@testable import BarometerLoad

enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["BAROMETER_TEST_POSTGRES_URL"]
    static let serverOrCI = url != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    static let reason: Comment = "no PostgreSQL server: run `eval \"$(.ci/postgres-server start)\"` first"
}

/// The PostgreSQL loader against a real server: `.ci/postgres-server start` (which `.ci/run`
/// calls) exports its URL as `BAROMETER_TEST_POSTGRES_URL`. Without one these tests are skipped
/// with that reason on a developer's machine, and fail in CI.
@Suite(.serialized, .enabled(if: PostgresTestServer.serverOrCI, PostgresTestServer.reason))
struct PostgresResultsDatabaseTests {
    static var url: String? { PostgresTestServer.url }

    /// The database, emptied of every Barometer table.
    func freshDatabase() throws -> PostgresResultsDatabase {
        let url = try #require(Self.url, "CI must start a PostgreSQL server (.ci/postgres-server start)")
        let database = try PostgresResultsDatabase(url: url)
        try database.withSession { session in
            for statement in [
                "DROP VIEW IF EXISTS trend", "DROP TABLE IF EXISTS estimates, comparisons, weight_diagnostics, codebook_labels, runs, barometer_migrations",
            ] { try session.execute(statement, []) }
        }
        return database
    }

    func count(_ sql: String, in database: PostgresResultsDatabase) throws -> Int {
        var result = -1
        try database.withSession { session in result = try session.run(sql, []).rows.first!.decode(Int.self) }
        return result
    }

    @Test func rerunsReplaceAndAFailedPublishRollsBack() throws {
        let database = try freshDatabase()
        try database.load(SQLiteResultsDatabaseTests.wave(run: "A")) { _ in }
        try database.load(SQLiteResultsDatabaseTests.wave(run: "B", share: 0.2)) { _ in }
        #expect(try count("SELECT count(*) FROM estimates", in: database) == 3)
        #expect(try count("SELECT count(*) FROM runs WHERE status = 'superseded'", in: database) == 1)
        #expect(throws: BarometerError.self) {
            try database.load(SQLiteResultsDatabaseTests.wave(run: "C", share: 0.5)) { _ in
                throw BarometerError(.cannotWrite, "disk full")
            }
        }
        #expect(try count("SELECT count(*) FROM runs", in: database) == 2)
        #expect(try database.trend(series: "frivillige").last?.estimate == 0.2)
        let hostile = "O'Brien\"); DROP TABLE runs; --"
        try database.load(SQLiteResultsDatabaseTests.wave(wave: hostile, run: "D", label: hostile)) { _ in }
        #expect(try count("SELECT count(*) FROM estimates", in: database) == 6)
    }

    @Test func aPasswordIsNeverShown() throws {
        let database = try PostgresResultsDatabase(url: "postgres://user:secret@127.0.0.1:1/db")
        #expect(database.description == "postgres://user@127.0.0.1:1/db")
        let error = #expect(throws: BarometerError.self) { try database.trend(series: "x") }
        #expect(error?.kind == .cannotWrite && error?.message.contains("secret") == false)
    }

    /// Both sample waves through the real pipelines into SQLite and PostgreSQL: the same rows.
    @Test func theSampleWavesLoadIdenticallyIntoSQLiteAndPostgreSQL() throws {
        let postgres = try freshDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-pg-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for target in [folder + "/barometer.sqlite", Self.url!] {
            for name in ["frivillige-2016", "frivillige-2019", "frivillige-2019"] {
                var loaded = try PipelineLoader().load(
                    path: SampleReportTests.repository.appendingPathComponent("Pipelines/\(name).yml").path)
                loaded.pipeline.output.directory = folder + "/" + name
                loaded.pipeline.output.database = target
                _ = try PipelineRunner(loaded).run()
            }
        }
        let sqlite = SQLiteResultsDatabase(path: folder + "/barometer.sqlite")
        #expect(try postgres.trend(series: "frivillige") == sqlite.trend(series: "frivillige"))
        #expect(try postgres.trend(series: "frivillige").count == 8)
        let query = """
            SELECT pipeline || '|' || wave || '|' || indicator || '|' || "group" || '|' || level || '|' || level_label
                   || '|' || n_unweighted || '|' || suppressed, estimate, se, ci_low, ci_high, n_weighted, deff
            FROM estimates ORDER BY pipeline, wave, indicator, "group", level
            """
        var fromPostgres: [String] = []
        try postgres.withSession { session in
            fromPostgres = try session.run(query, []).rows.map { row in
                let (key, a, b, c, d, e, f) = try row.decode((String, Double?, Double?, Double?, Double?, Double?, Double?).self)
                return "\(key) \([a, b, c, d, e, f])"
            }
        }
        let fromSQLite = try sqlite.open().read { db in
            try Row.fetchAll(db, sql: query).map { row in
                "\(row[0] as String) \([row[1], row[2], row[3], row[4], row[5], row[6]] as [Double?])"
            }
        }
        #expect(fromPostgres.count == fromSQLite.count && fromPostgres.count > 100)
        #expect(fromPostgres == fromSQLite)
        for table in ["runs", "comparisons", "weight_diagnostics", "codebook_labels"] {
            let sqliteCount = try sqlite.open().read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") }
            #expect(try count("SELECT count(*) FROM \(table)", in: postgres) == sqliteCount, "\(table)")
        }
    }
}
