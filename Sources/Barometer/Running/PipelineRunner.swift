import BarometerAggregate
import BarometerCore
import BarometerExtract
import BarometerLoad
import BarometerTransform
import Foundation
import Logging

/// Runs a loaded pipeline end to end: extract, transform, aggregate, load.
///
/// Every input is checked to exist and hashed before any work starts, so a missing file fails
/// fast with exit code 66 and the manifest names exactly the bytes the figures came from.
public struct PipelineRunner: Sendable {
    public var loaded: PipelineLoader.Loaded
    public var logger: Logger
    /// Seconds to wait for another run of the same pipeline to finish; 0 fails at once.
    public var lockWait: Double

    public init(_ loaded: PipelineLoader.Loaded, logger: Logger = Logger(label: "barometer"), lockWait: Double = 0) {
        self.loaded = loaded
        self.logger = logger
        self.lockWait = lockWait
    }

    /// Everything a run computes before it writes anything.
    public struct Computation: Sendable {
        public var inputs: [InputFile]
        public var extracted: ExtractResult
        public var transformed: TransformStage.Output
        public var tables: AggregateStage.Output
        public var estimates: [EstimateRow] { tables.estimates }

        public var rejects: [RejectedRow] { extracted.rejects + transformed.rejects }
        public var universeCount: Int { transformed.inUniverse.lazy.filter { $0 }.count }
    }

    /// Extracts, transforms and aggregates in memory, writing nothing: what `validate` runs.
    public func compute() throws -> Computation {
        let pipeline = loaded.pipeline
        let extract = ExtractStage(
            input: pipeline.input, path: loaded.resolve(pipeline.input.path), dataPath: pipeline.input.data.map(loaded.resolve))
        let loadedCopy = loaded
        let transform = TransformStage(pipeline: pipeline, resolve: { loadedCopy.resolve($0) })
        let inputs = try extract.inputFiles() + transform.inputFiles()
        // Frames are read and checked before the export, so a bad frame costs no extraction.
        let weighting = try transform.weightingMethod()

        let extracted = try timed("extract") { try extract.run() }
        logger.info(
            "extracted \(extracted.dataset.rowCount) of \(extracted.rowsRead) rows (\(extracted.rejects.count) rejected)",
            metadata: ["stage": "extract"])
        let transformed = try timed("transform") { try transform.run(on: extracted.dataset, using: weighting) }
        for note in transformed.weights.notes { logger.warning("\(note)", metadata: ["stage": "transform"]) }
        let tables = try timed("aggregate") { try AggregateStage(pipeline: pipeline).run(on: transformed) }
        let computation = Computation(inputs: inputs, extracted: extracted, transformed: transformed, tables: tables)
        precondition(
            extracted.rowsRead == transformed.dataset.rowCount + computation.rejects.count,
            "rows read must equal accepted + rejected")
        return computation
    }

    /// Runs the pipeline under its lock and publishes the outputs as a new run.
    public func run() throws -> RunSummary {
        let started = Date()
        let directory = loaded.outputDirectory
        let lock = try PipelineLock(directory: directory, wait: lockWait)
        defer { lock.release() }
        OutputSet.removeStaleStaging(in: directory)

        let computed = try compute()
        let pipeline = loaded.pipeline
        let weights = computed.transformed.weights
        let diagnostics = WeightDiagnostics(weights: weights.weights)
        let record = LoadStage.RunRecord(
            run: RunIdentifier.make(at: started), started: started, inputs: computed.inputs,
            rowsRead: computed.extracted.rowsRead, rowsAccepted: computed.transformed.dataset.rowCount,
            universeCount: computed.universeCount, weightingMethod: weights.method,
            weights: diagnostics, calibration: weights.calibrationReport, trimming: weights.trimming, notes: weights.notes,
            weightsTable: WeightsTable.make(pipeline: pipeline.name, weights: weights, diagnostics: diagnostics),
            codebook: computed.extracted.dataset.codebook)
        let files = try timed("load") {
            try LoadStage(pipeline: pipeline, directory: directory, database: loaded.database)
                .run(tables: computed.tables, rejects: computed.rejects, record: record)
        }
        return RunSummary(
            pipeline: pipeline.name, title: pipeline.title, rowsRead: record.rowsRead,
            rowsAccepted: record.rowsAccepted, rowsRejected: computed.rejects.count, universeCount: record.universeCount,
            headline: computed.estimates.first { $0.indicator == pipeline.headline && $0.group == EstimateRow.overallGroup },
            weights: diagnostics, calibration: weights.calibrationReport, trimming: weights.trimming,
            weightNotes: weights.notes, outputDirectory: directory, outputFiles: files)
    }

    private func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now()
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            logger.debug("\(stage) took \(String(format: "%.3f", seconds)) s", metadata: ["stage": "\(stage)"])
        }
        return try body()
    }
}
