import BarometerAggregate
import BarometerCore
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

    public func run() throws -> RunSummary {
        let started = Date()
        let directory = loaded.outputDirectory
        let lock = try PipelineLock(directory: directory, wait: lockWait)
        defer { lock.release() }
        OutputSet.removeStaleStaging(in: directory)
        let pipeline = loaded.pipeline
        let extract = ExtractStage(input: pipeline.input, path: loaded.resolve(pipeline.input.path))
        let loadedCopy = loaded
        let transform = TransformStage(pipeline: pipeline, resolve: { loadedCopy.resolve($0) })
        let inputs = try extract.inputFiles() + transform.inputFiles()

        let extracted = try timed("extract") { try extract.run() }
        logger.info(
            "extracted \(extracted.dataset.rowCount) of \(extracted.rowsRead) rows (\(extracted.rejects.count) rejected)",
            metadata: ["stage": "extract"])
        let transformed = try timed("transform") { try transform.run(on: extracted.dataset) }
        let estimates = try timed("aggregate") { try AggregateStage(pipeline: pipeline).run(on: transformed) }

        let rejects = extracted.rejects + transformed.rejects
        let universeCount = transformed.inUniverse.lazy.filter { $0 }.count
        let diagnostics = WeightDiagnostics(weights: transformed.weights.weights)
        let record = LoadStage.RunRecord(
            run: RunIdentifier.make(at: started), started: started, inputs: inputs, rowsRead: extracted.rowsRead,
            rowsAccepted: transformed.dataset.rowCount, universeCount: universeCount,
            weightingMethod: transformed.weights.method, weights: diagnostics)
        precondition(record.rowsRead == record.rowsAccepted + rejects.count, "rows read must equal accepted + rejected")
        let files = try timed("load") {
            try LoadStage(pipeline: pipeline, directory: directory).run(estimates: estimates, rejects: rejects, record: record)
        }
        return RunSummary(
            pipeline: pipeline.name, title: pipeline.title, rowsRead: record.rowsRead,
            rowsAccepted: record.rowsAccepted, rowsRejected: rejects.count, universeCount: universeCount,
            headline: estimates.first { $0.indicator == pipeline.headline && $0.group == EstimateRow.overallGroup },
            weights: diagnostics, outputDirectory: directory, outputFiles: files)
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
