import Foundation

/// The versioned schema of the results database, the same SQL for SQLite and PostgreSQL.
///
/// Every table is keyed by `pipeline` and `wave`, so several pipelines and waves live side by
/// side in one database. Migrations only ever append: a released migration is never edited, a
/// schema change is a new migration (see "The results database" in the README). SQLite applies
/// them with GRDB's `DatabaseMigrator` (table `grdb_migrations`), PostgreSQL in the same order
/// with its own record (table `barometer_migrations`).
///
/// - `v1`: `runs`, `estimates`, `comparisons`.
/// - `v2`: `runs.series` (back-filled with the pipeline name), `weight_diagnostics`,
///   `codebook_labels` and the `trend` view.
public enum DatabaseSchema {
    /// Every migration, oldest first; the last is the current version.
    public static let migrations: [(id: String, sql: String)] = [("v1", v1), ("v2", v2)]

    /// The identifiers of all migrations, oldest first.
    public static var versions: [String] { migrations.map(\.id) }

    /// The statements of a migration, one by one (PostgreSQL runs one statement per query).
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }

    /// The `trend` rows of one series, by indicator and wave.
    static let trendQuery = """
        SELECT indicator, indicator_label, wave, pipeline, estimate, ci_low, ci_high, n_unweighted
        FROM trend WHERE series = ? ORDER BY indicator, wave
        """

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
            rows_read BIGINT NOT NULL,
            rows_accepted BIGINT NOT NULL,
            rows_rejected BIGINT NOT NULL,
            universe BIGINT NOT NULL,
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
            estimate DOUBLE PRECISION,
            se DOUBLE PRECISION,
            ci_low DOUBLE PRECISION,
            ci_high DOUBLE PRECISION,
            n_unweighted BIGINT NOT NULL,
            n_weighted DOUBLE PRECISION,
            indicator_label TEXT NOT NULL,
            df DOUBLE PRECISION,
            ci_method TEXT NOT NULL,
            ci_level DOUBLE PRECISION,
            deff DOUBLE PRECISION,
            n_effective DOUBLE PRECISION,
            suppressed BIGINT NOT NULL,
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
            share DOUBLE PRECISION,
            se DOUBLE PRECISION,
            ci_low DOUBLE PRECISION,
            ci_high DOUBLE PRECISION,
            n_unweighted BIGINT NOT NULL,
            n_weighted DOUBLE PRECISION,
            difference DOUBLE PRECISION,
            test TEXT,
            statistic DOUBLE PRECISION,
            ndf DOUBLE PRECISION,
            ddf DOUBLE PRECISION,
            p_value DOUBLE PRECISION,
            p_adjusted DOUBLE PRECISION,
            correction TEXT NOT NULL,
            alpha DOUBLE PRECISION,
            significant BIGINT,
            suppressed BIGINT NOT NULL,
            suppression_reason TEXT,
            df DOUBLE PRECISION,
            ci_method TEXT NOT NULL,
            ci_level DOUBLE PRECISION,
            deff DOUBLE PRECISION,
            n_effective DOUBLE PRECISION,
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
            count BIGINT NOT NULL,
            minimum DOUBLE PRECISION,
            maximum DOUBLE PRECISION,
            mean DOUBLE PRECISION,
            sum DOUBLE PRECISION,
            cv DOUBLE PRECISION,
            kish_deff DOUBLE PRECISION,
            effective_n DOUBLE PRECISION,
            calibration TEXT,
            iterations BIGINT,
            converged BIGINT,
            largest_gap DOUBLE PRECISION,
            trimmed BIGINT,
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
