import BarometerAggregate
import BarometerCore
import BarometerLoad
import BarometerTransform
import Foundation

/// Writes the tables, the rejects and the manifest into the pipeline's output folder, all or
/// nothing, and loads the same figures into the results database.
///
/// The database transaction is open while the files are published: a failure in either
/// leaves both as they were.
public struct LoadStage: Sendable {
    public var pipeline: Pipeline
    public var directory: String
    /// The results database (an SQLite file or a `postgres://` URL), or nil for files only.
    public var database: String?

    public init(pipeline: Pipeline, directory: String, database: String? = nil) {
        self.pipeline = pipeline
        self.directory = directory
        self.database = database
    }

    /// What the manifest records about the run besides the tables.
    public struct RunRecord: Sendable {
        public var run: String
        public var started: Date
        public var inputs: [InputFile]
        public var rowsRead: Int
        public var rowsAccepted: Int
        public var universeCount: Int
        public var weightingMethod: String
        public var weights: WeightDiagnostics
        /// Iterations, convergence and final cell gaps of a post-stratification or raking.
        public var calibration: CalibrationReport? = nil
        public var trimming: TrimmingReport? = nil
        /// Plain-word warnings about the weights (e.g. raking that did not converge).
        public var notes: [String] = []
        /// The table for `weights.csv`.
        var weightsTable: Table? = nil
        /// The export's codebook, loaded into `codebook_labels`.
        public var codebook = Codebook()
    }

    /// Publishes the run's files; returns their names.
    @discardableResult
    public func run(tables: AggregateStage.Output, rejects: [RejectedRow], record: RunRecord) throws -> [String] {
        var outputs = OutputSet(directory: directory)
        let estimates = EstimatesTable.make(pipeline: pipeline.name, rows: tables.estimates)
        let comparisons =
            pipeline.comparisons.isEmpty ? nil : ComparisonsTable.make(pipeline: pipeline.name, rows: tables.comparisons)
        addTable("estimates", estimates, to: &outputs)
        if let comparisons { addTable("comparisons", comparisons, to: &outputs) }
        outputs.add("rejects.csv", bytes: CSVTableWriter().bytes(of: RejectsTable.make(rejects)))
        if let table = record.weightsTable { outputs.add("weights.csv", bytes: CSVTableWriter().bytes(of: table)) }
        let finished = Date()
        let publish = { (outputs: inout OutputSet, trend: [TrendPoint]) throws in
            let content = reportContent(tables, record: record, rejected: rejects.count, trend: trend)
            outputs.add("report.html", text: HTMLReportWriter(language: pipeline.output.language).html(content))
            outputs.add("report.md", text: MarkdownReportWriter(language: pipeline.output.language).markdown(content))
            let digests = outputs.fileNames.map { name in (name, outputs.sha256(of: name)) }
            outputs.add(
                "manifest.json", text: manifest(record, rejected: rejects.count, outputs: digests, finished: finished).serialized())
            try outputs.publish(run: record.run, keep: pipeline.output.keep)
        }
        if let database {
            let load = WaveLoad(
                run: record.run, pipeline: pipeline.name, series: pipeline.series, wave: pipeline.wave,
                title: pipeline.title, started: record.started, finished: finished, toolVersion: BarometerVersion.current,
                inputs: inputsJSON(record.inputs), rowsRead: record.rowsRead, rowsAccepted: record.rowsAccepted,
                rowsRejected: rejects.count, universe: record.universeCount, estimates: estimates,
                comparisons: comparisons, weights: weightDiagnosticsTable(record), codebook: record.codebook)
            let store: any ResultsStore =
                PostgresResultsDatabase.isURL(database)
                ? try PostgresResultsDatabase(url: database) : SQLiteResultsDatabase(path: database)
            try store.load(load) { trend in try publish(&outputs, trend) }
        } else {
            try publish(&outputs, [])
        }
        return outputs.fileNames
    }

    /// The report's figures, labels (breakdowns by their codebook label) and methods.
    private func reportContent(
        _ tables: AggregateStage.Output, record: RunRecord, rejected: Int, trend: [TrendPoint]
    ) -> ReportContent {
        let comparison = pipeline.comparisons.first
        let methods = ReportContent.Methods(
            universe: pipeline.universe.label, universeCount: record.universeCount,
            rowsRead: record.rowsRead, rowsRejected: rejected, weighting: record.weightingMethod,
            weightCount: record.weights.count, kishDesignEffect: record.weights.kishDesignEffect,
            effectiveSampleSize: record.weights.effectiveSampleSize, intervalMethod: pipeline.estimates.interval,
            confidenceLevel: pipeline.estimates.confidence, test: comparison?.test, correction: comparison?.correction,
            alpha: comparison?.alpha, suppression: pipeline.estimates.suppression,
            sources: record.inputs.filter { $0.role != "pipeline" }.map { "\($0.path) (\($0.role))" })
        return ReportContent(
            title: pipeline.title, pipeline: pipeline.name, wave: pipeline.wave, run: record.run,
            headline: pipeline.headline, subElements: pipeline.flags.map(\.name).filter { $0 != pipeline.headline },
            breakdowns: pipeline.estimates.breakdowns.map { ($0, record.codebook[$0]?.label ?? $0) },
            estimates: tables.estimates, comparisons: tables.comparisons, trend: trend, methods: methods)
    }

    /// The one row of `weight_diagnostics` in the results database.
    private func weightDiagnosticsTable(_ record: RunRecord) -> Table {
        var table = Table(columns: [
            "method", "count", "minimum", "maximum", "mean", "sum", "cv", "kish_deff", "effective_n", "calibration",
            "iterations", "converged", "largest_gap", "trimmed", "notes",
        ])
        let weights = record.weights
        let calibration = record.calibration
        table.append([
            .text(record.weightingMethod), .integer(weights.count), .real(weights.minimum), .real(weights.maximum),
            .real(weights.mean), .real(weights.sum), .real(weights.coefficientOfVariation), .real(weights.kishDesignEffect),
            .real(weights.effectiveSampleSize), calibration.map { .text($0.kind.rawValue) } ?? .missing,
            calibration.map { .integer($0.iterations) } ?? .missing, calibration.map { .boolean($0.converged) } ?? .missing,
            calibration.map { .real($0.largestGap) } ?? .missing, record.trimming.map { .integer($0.trimmed) } ?? .missing,
            record.notes.isEmpty ? .missing : .text(record.notes.joined(separator: "\n")),
        ])
        return table
    }

    private func inputsJSON(_ inputs: [InputFile]) -> JSONValue {
        .array(
            inputs.map {
                .object([
                    ("role", .string($0.role)), ("path", .string($0.path)), ("bytes", .integer($0.bytes)),
                    ("sha256", .string($0.sha256)),
                ])
            })
    }

    /// `<name>.csv` and `<name>.json` (`{pipeline, wave, <name>: [rows]}`) of the same table.
    private func addTable(_ name: String, _ table: Table, to outputs: inout OutputSet) {
        outputs.add("\(name).csv", bytes: CSVTableWriter().bytes(of: table))
        let document = JSONValue.object([("pipeline", .string(pipeline.name)), ("wave", .string(pipeline.wave)), (name, table.json)])
        outputs.add("\(name).json", text: document.serialized())
    }

    private func manifest(_ record: RunRecord, rejected: Int, outputs: [(String, String)], finished: Date) -> JSONValue {
        let weights = record.weights
        return .object([
            ("tool", .string("barometer")),
            ("version", .string(BarometerVersion.current)),
            ("pipeline", .string(pipeline.name)),
            ("run", .string(record.run)),
            ("title", .string(pipeline.title)),
            ("wave", .string(pipeline.wave)),
            ("started", .string(Timestamp.iso8601(record.started))),
            ("finished", .string(Timestamp.iso8601(finished))),
            ("inputs", inputsJSON(record.inputs)),
            (
                "rows",
                .object([
                    ("read", .integer(record.rowsRead)), ("accepted", .integer(record.rowsAccepted)),
                    ("rejected", .integer(rejected)), ("universe", .integer(record.universeCount)),
                ])
            ),
            (
                "weighting",
                .object([
                    ("method", .string(record.weightingMethod)), ("count", .integer(weights.count)),
                    ("min", .number(weights.minimum)), ("max", .number(weights.maximum)),
                    ("mean", .number(weights.mean)), ("sum", .number(weights.sum)),
                    ("cv", .number(weights.coefficientOfVariation)),
                    ("kish_deff", .number(weights.kishDesignEffect)),
                    ("effective_n", .number(weights.effectiveSampleSize)),
                ] + calibrationEntries(record))
            ),
            ("outputs", .array(outputs.map { .object([("name", .string($0.0)), ("sha256", .string($0.1))]) })),
        ])
    }

    /// Raking or post-stratification, trimming and notes, when the run had them.
    private func calibrationEntries(_ record: RunRecord) -> [(String, JSONValue)] {
        var entries: [(String, JSONValue)] = []
        if let report = record.calibration {
            entries.append(
                (
                    "calibration",
                    .object([
                        ("kind", .string(report.kind.rawValue)), ("iterations", .integer(report.iterations)),
                        ("converged", .bool(report.converged)), ("tolerance", .number(report.tolerance)),
                        ("largest_gap", .number(report.largestGap)),
                        (
                            "cells",
                            .array(
                                report.cells.map {
                                    .object([
                                        ("margin", .string($0.margin)), ("cell", .string($0.cell)),
                                        ("respondents", .integer($0.respondents)), ("target", .number($0.target)),
                                        ("achieved", .number($0.achieved)), ("relative_gap", .number($0.relativeGap)),
                                    ])
                                })
                        ),
                    ])
                ))
        }
        if let trimming = record.trimming {
            entries.append(
                (
                    "trimming",
                    .object([
                        ("lower", .number(trimming.lower)), ("upper", .number(trimming.upper)),
                        ("trimmed", .integer(trimming.trimmed)), ("rounds", .integer(trimming.rounds)),
                    ])
                ))
        }
        if !record.notes.isEmpty { entries.append(("notes", .array(record.notes.map { .string($0) }))) }
        return entries
    }
}
