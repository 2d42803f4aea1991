import BarometerAggregate
import BarometerCore
import BarometerLoad
import BarometerTransform
import Foundation

/// Writes the tables, the rejects and the manifest into the pipeline's output folder, all or
/// nothing.
public struct LoadStage: Sendable {
    public var pipeline: Pipeline
    public var directory: String

    public init(pipeline: Pipeline, directory: String) {
        self.pipeline = pipeline
        self.directory = directory
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
    }

    /// Publishes the run's files; returns their names.
    @discardableResult
    public func run(tables: AggregateStage.Output, rejects: [RejectedRow], record: RunRecord) throws -> [String] {
        var outputs = OutputSet(directory: directory)
        addTable("estimates", EstimatesTable.make(pipeline: pipeline.name, rows: tables.estimates), to: &outputs)
        if !pipeline.comparisons.isEmpty {
            addTable("comparisons", ComparisonsTable.make(pipeline: pipeline.name, rows: tables.comparisons), to: &outputs)
        }
        outputs.add("rejects.csv", bytes: CSVTableWriter().bytes(of: RejectsTable.make(rejects)))
        if let table = record.weightsTable { outputs.add("weights.csv", bytes: CSVTableWriter().bytes(of: table)) }
        let digests = outputs.fileNames.map { name in (name, outputs.sha256(of: name)) }
        outputs.add("manifest.json", text: manifest(record, rejected: rejects.count, outputs: digests).serialized())
        try outputs.publish(run: record.run, keep: pipeline.output.keep)
        return outputs.fileNames
    }

    /// `<name>.csv` and `<name>.json` (`{pipeline, wave, <name>: [rows]}`) of the same table.
    private func addTable(_ name: String, _ table: Table, to outputs: inout OutputSet) {
        outputs.add("\(name).csv", bytes: CSVTableWriter().bytes(of: table))
        let document = JSONValue.object([("pipeline", .string(pipeline.name)), ("wave", .string(pipeline.wave)), (name, table.json)])
        outputs.add("\(name).json", text: document.serialized())
    }

    private func manifest(_ record: RunRecord, rejected: Int, outputs: [(String, String)]) -> JSONValue {
        let weights = record.weights
        return .object([
            ("tool", .string("barometer")),
            ("version", .string(BarometerVersion.current)),
            ("pipeline", .string(pipeline.name)),
            ("run", .string(record.run)),
            ("title", .string(pipeline.title)),
            ("wave", .string(pipeline.wave)),
            ("started", .string(Self.timestamp(record.started))),
            ("finished", .string(Self.timestamp(Date()))),
            (
                "inputs",
                .array(
                    record.inputs.map {
                        .object([
                            ("role", .string($0.role)), ("path", .string($0.path)), ("bytes", .integer($0.bytes)),
                            ("sha256", .string($0.sha256)),
                        ])
                    })
            ),
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

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
