import BarometerCore
import Foundation
import GRDB
import Testing

@testable import BarometerLoad

/// Opens a database written by the first released schema and checks the migrations keep its
/// rows and bring it to the current version.
@Suite struct DatabaseMigrationTests {
    /// Schema v1 exactly as released (frozen here: `DatabaseSchema.v1` may be reformatted, this
    /// file may not), with one run and one estimate in it.
    static let version1 = """
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1');
        CREATE TABLE runs (
            pipeline TEXT NOT NULL, id TEXT NOT NULL, wave TEXT NOT NULL, title TEXT NOT NULL, started TEXT NOT NULL,
            finished TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
            tool_version TEXT NOT NULL, inputs TEXT NOT NULL, rows_read INTEGER NOT NULL,
            rows_accepted INTEGER NOT NULL, rows_rejected INTEGER NOT NULL, universe INTEGER NOT NULL,
            PRIMARY KEY (pipeline, id));
        CREATE INDEX runs_by_wave ON runs (pipeline, wave, status);
        CREATE TABLE estimates (
            pipeline TEXT NOT NULL, wave TEXT NOT NULL, run_id TEXT NOT NULL, indicator TEXT NOT NULL,
            "group" TEXT NOT NULL, level TEXT NOT NULL, level_label TEXT NOT NULL, estimate REAL, se REAL,
            ci_low REAL, ci_high REAL, n_unweighted INTEGER NOT NULL, n_weighted REAL,
            indicator_label TEXT NOT NULL, df REAL, ci_method TEXT NOT NULL, ci_level REAL, deff REAL,
            n_effective REAL, suppressed INTEGER NOT NULL, suppression_reason TEXT,
            PRIMARY KEY (pipeline, wave, indicator, "group", level),
            FOREIGN KEY (pipeline, run_id) REFERENCES runs (pipeline, id));
        CREATE TABLE comparisons (
            pipeline TEXT NOT NULL, wave TEXT NOT NULL, run_id TEXT NOT NULL, comparison TEXT NOT NULL,
            outcome TEXT NOT NULL, outcome_label TEXT NOT NULL, "group" TEXT NOT NULL, level TEXT NOT NULL,
            level_label TEXT NOT NULL, share REAL, se REAL, ci_low REAL, ci_high REAL,
            n_unweighted INTEGER NOT NULL, n_weighted REAL, difference REAL, test TEXT, statistic REAL, ndf REAL,
            ddf REAL, p_value REAL, p_adjusted REAL, correction TEXT NOT NULL, alpha REAL, significant INTEGER,
            suppressed INTEGER NOT NULL, suppression_reason TEXT, df REAL, ci_method TEXT NOT NULL, ci_level REAL,
            deff REAL, n_effective REAL,
            PRIMARY KEY (pipeline, wave, comparison, outcome, "group", level),
            FOREIGN KEY (pipeline, run_id) REFERENCES runs (pipeline, id));
        INSERT INTO runs VALUES ('frivillige-2016', 'R1', '2015-2016', 'Titel', '2016-01-01', '2016-01-01',
            'current', '0.1', '[]', 2363, 2363, 0, 1950);
        INSERT INTO estimates VALUES ('frivillige-2016', '2015-2016', 'R1', 'positive_role', 'overall', 'all',
            'Alle', 0.14, 0.01, 0.12, 0.16, 1950, 12000, 'Positiv rolle', 2354, 'logit', 0.95, 1.2, 1600, 0, NULL);
        """

    @Test func aVersion1DatabaseIsMigratedWithItsRows() throws {
        let path = NSTemporaryDirectory() + "barometer-v1-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DatabaseQueue(path: path).write { db in try db.execute(sql: Self.version1) }

        let database = SQLiteResultsDatabase(path: path)
        let queue = try database.open()
        #expect(try queue.read { db in try SQLiteResultsDatabase.migrator.appliedIdentifiers(db) } == Set(DatabaseSchema.versions))
        #expect(try queue.read { db in try String.fetchOne(db, sql: "SELECT series FROM runs") } == "frivillige-2016")
        // The old wave keeps its rows and, with `series` back-filled, continues into a new wave.
        try database.load(SQLiteResultsDatabaseTests.wave(series: "frivillige-2016")) { _ in }
        let trend = try database.trend(series: "frivillige-2016")
        #expect(trend.map(\.wave) == ["2018-2019", "2015-2016", "2018-2019"])
        #expect(trend[1].estimate == 0.14 && trend[1].unweightedCount == 1950)
    }
}
