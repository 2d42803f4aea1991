import BarometerAggregate
import BarometerCore
import BarometerExtract
import BarometerLoad
import BarometerTransform
import Foundation
import Logging

/// Runs a loaded pipeline: extract, transform, aggregate, load, each stage reused when its
/// artifact is up to date (see `StageArtifactStore`).
///
/// Every input is checked to exist and hashed before any work starts, so a missing file fails
/// fast with exit code 66 and the manifest names exactly the bytes the figures came from.
public struct PipelineRunner: Sendable {
    public var loaded: PipelineLoader.Loaded
    public var logger: Logger
    /// Seconds to wait for another run of the same pipeline to finish; 0 fails at once.
    public var lockWait: Double
    /// The bar drawn while a stage runs; nil draws none.
    public var progress: ProgressBar?

    public init(
        _ loaded: PipelineLoader.Loaded, logger: Logger = Logger(label: "barometer"), lockWait: Double = 0,
        progress: ProgressBar? = nil
    ) {
        self.loaded = loaded
        self.logger = logger
        self.lockWait = lockWait
        self.progress = progress
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
        let stages = try PipelineStages(loaded)
        // Frames are read and checked before the export, so a bad frame costs no extraction.
        let weighting = try stages.transform.weightingMethod()

        let extracted = try timed("extract") { try stages.extract.run() }
        logger.info(
            "extracted \(extracted.dataset.rowCount) of \(extracted.rowsRead) rows (\(extracted.rejects.count) rejected)",
            metadata: ["stage": "extract"])
        for warning in extracted.warnings { logger.warning("\(warning)", metadata: ["stage": "extract"]) }
        // As in a run, the stages past the extract keep freed memory for reuse.
        FreedMemory.keepForReuse()
        let transformed = try timed("transform") { try stages.transform.run(on: extracted.dataset, using: weighting) }
        for note in transformed.weights.notes { logger.warning("\(note)", metadata: ["stage": "transform"]) }
        let tables = try timed("aggregate") { try AggregateStage(pipeline: pipeline).run(on: transformed) }
        let computation = Computation(
            inputs: try stages.exportFiles.files() + stages.frameFiles, extracted: extracted, transformed: transformed, tables: tables)
        precondition(
            extracted.rowsRead == transformed.dataset.rowCount + computation.rejects.count,
            "rows read must equal accepted + rejected")
        return computation
    }

    /// Runs every stale stage under the pipeline's lock, reusing up-to-date artifacts, and
    /// publishes the outputs as a new run.
    public func run() throws -> RunSummary {
        let (outcomes, summary) = try run(StageSelection())
        guard let summary else { preconditionFailure("a run through load publishes: \(outcomes)") }
        return summary
    }

    /// Runs the selected stages under the pipeline's lock: stale ones (all with `force`),
    /// reusing the rest. The summary is there when the published outputs are up to date at the
    /// end (always, unless the selection stops before load).
    ///
    /// - Throws: `.usage` (64) without doing anything when a stage before the selection is
    ///   missing or stale; `.locked` (75) when another run holds the lock.
    public func run(_ selection: StageSelection) throws -> (stages: [StageOutcome], summary: RunSummary?) {
        let started = Date()
        let directory = loaded.outputDirectory
        let lock = try PipelineLock(directory: directory, wait: lockWait)
        defer { lock.release() }
        OutputSet.removeStaleStaging(in: directory)
        let stages = try PipelineStages(loaded)
        stages.store.removeLeftovers()
        var staged = StagedRun(stages: stages, logger: logger, progress: progress, started: started)
        let outcomes = try staged.execute(selection)
        return (outcomes, staged.summary(stages: outcomes))
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
