import GRDB

/// The versioned schema of the results database, as GRDB migrations.
///
/// Every table is keyed by `pipeline` and `wave`, so several pipelines and waves live side by
/// side in one file. Migrations only ever append: a released migration is never edited, a
/// schema change is a new migration (see the schema section of `Output/README.md`).
///
/// - `v1`: `runs`, `estimates`, `comparisons`.
/// - `v2`: `runs.series` (back-filled with the pipeline name), `weight_diagnostics`,
///   `codebook_labels` and the `trend` view.
public enum DatabaseSchema {
    /// The identifiers of all migrations, oldest first; the last is the current version.
    public static var versions: [String] { migrator.migrations }

    /// Registers every migration in order.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2") { db in try db.execute(sql: v2) }
        return migrator
    }

    static let v1 = """
        CREATE TABLE runs (
            pipeline TEXT NOT NULL,
            id TEXT NOT NULL,
            wave TEXT NOT NULL,
            title TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
            tool_version TEXT NOT NULL,
            inputs TEXT NOT NULL,
            rows_read INTEGER NOT NULL,
            rows_accepted INTEGER NOT NULL,
            rows_rejected INTEGER NOT NULL,
            universe INTEGER NOT NULL,
            PRIMARY KEY (pipeline, id)
        );
        CREATE INDEX runs_by_wave ON runs (pipeline, wave, status);
        CREATE TABLE estimates (
            pipeline TEXT NOT NULL,
            wave TEXT NOT NULL,
            run_id TEXT NOT NULL,
            indicator TEXT NOT NULL,
            "group" TEXT NOT NULL,
            level TEXT NOT NULL,
            level_label TEXT NOT NULL,
            estimate REAL,
            se REAL,
            ci_low REAL,
            ci_high REAL,
            n_unweighted INTEGER NOT NULL,
            n_weighted REAL,
            indicator_label TEXT NOT NULL,
            df REAL,
            ci_method TEXT NOT NULL,
            ci_level REAL,
            deff REAL,
            n_effective REAL,
            suppressed INTEGER NOT NULL,
            suppression_reason TEXT,
            PRIMARY KEY (pipeline, wave, indicator, "group", level),
            FOREIGN KEY (pipeline, run_id) REFERENCES runs (pipeline, id)
        );
        CREATE TABLE comparisons (
            pipeline TEXT NOT NULL,
            wave TEXT NOT NULL,
            run_id TEXT NOT NULL,
            comparison TEXT NOT NULL,
            outcome TEXT NOT NULL,
            outcome_label TEXT NOT NULL,
            "group" TEXT NOT NULL,
            level TEXT NOT NULL,
            level_label TEXT NOT NULL,
            share REAL,
            se REAL,
            ci_low REAL,
            ci_high REAL,
            n_unweighted INTEGER NOT NULL,
            n_weighted REAL,
            difference REAL,
            test TEXT,
            statistic REAL,
            ndf REAL,
            ddf REAL,
            p_value REAL,
            p_adjusted REAL,
            correction TEXT NOT NULL,
            alpha REAL,
            significant INTEGER,
            suppressed INTEGER NOT NULL,
            suppression_reason TEXT,
            df REAL,
            ci_method TEXT NOT NULL,
            ci_level REAL,
            deff REAL,
            n_effective REAL,
            PRIMARY KEY (pipeline, wave, comparison, outcome, "group", level),
            FOREIGN KEY (pipeline, run_id) REFERENCES runs (pipeline, id)
        );
        """

    static let v2 = """
        ALTER TABLE runs ADD COLUMN series TEXT NOT NULL DEFAULT '';
        UPDATE runs SET series = pipeline;
        CREATE TABLE weight_diagnostics (
            pipeline TEXT NOT NULL,
            wave TEXT NOT NULL,
            run_id TEXT NOT NULL,
            method TEXT NOT NULL,
            count INTEGER NOT NULL,
            minimum REAL,
            maximum REAL,
            mean REAL,
            sum REAL,
            cv REAL,
            kish_deff REAL,
            effective_n REAL,
            calibration TEXT,
            iterations INTEGER,
            converged INTEGER,
            largest_gap REAL,
            trimmed INTEGER,
            notes TEXT,
            PRIMARY KEY (pipeline, wave),
            FOREIGN KEY (pipeline, run_id) REFERENCES runs (pipeline, id)
        );
        CREATE TABLE codebook_labels (
            pipeline TEXT NOT NULL,
            wave TEXT NOT NULL,
            variable TEXT NOT NULL,
            code TEXT NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (pipeline, wave, variable, code)
        );
        CREATE VIEW trend AS
            SELECT r.series, e.indicator, e.indicator_label, e.wave, e.pipeline, e.run_id,
                   e.estimate, e.ci_low, e.ci_high, e.n_unweighted, e.n_weighted, e.suppressed
            FROM estimates e
            JOIN runs r ON r.pipeline = e.pipeline AND r.id = e.run_id
            WHERE e."group" = 'overall'
            ORDER BY r.series, e.indicator, e.wave;
        """
}
