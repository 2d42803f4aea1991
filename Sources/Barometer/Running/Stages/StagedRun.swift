import BarometerAggregate
import BarometerCore
import BarometerLoad
import BarometerTransform
import Foundation
import Logging

/// The work of `PipelineRunner.run(selection:)`: each selected stage runs when it is stale (or
/// forced), takes its input from the stage before it (in memory when that ran now, else its
/// artifact) and writes its own artifact; up-to-date stages are reused without being read.
struct StagedRun {
    typealias RunFacts = StageManifest.RunFacts

    let stages: PipelineStages
    let logger: Logger
    let progress: ProgressBar?
    let run: String
    let started: Date
    private var weighting: (any WeightingMethod)?
    private var extracted: (dataset: Dataset, facts: RunFacts)?
    private var transformed: (output: TransformStage.Output, facts: RunFacts)?
    private var aggregated: StageManifest?
    private var loaded: StageManifest?
    private let writes = BackgroundWrites()
    /// Fingerprint digests of the artifacts this run made.
    private var made: [StageName: String] = [:]

    init(stages: PipelineStages, logger: Logger, progress: ProgressBar?, started: Date) {
        self.stages = stages
        self.logger = logger
        self.progress = progress
        self.started = started
        run = RunIdentifier.make(at: started)
    }

    private var pipeline: Pipeline { stages.loaded.pipeline }
    private var store: StageArtifactStore { stages.store }

    mutating func execute(_ selection: StageSelection) throws -> [StageOutcome] {
        try checkUpstream(of: selection)
        // A failed stage still lets the artifacts before it land, under the run's lock.
        defer { try? writes.wait() }
        // Frames are read and checked before the export, so a bad frame costs no extraction.
        if selection.contains(.transform) { weighting = try stages.transform.weightingMethod() }
        var outcomes: [StageOutcome] = []
        for (index, stage) in StageName.allCases.enumerated() {
            guard selection.contains(stage) else {
                outcomes.append(StageOutcome(stage: stage, action: .skipped))
                continue
            }
            // An artifact this run made may still be on its way to disk: its fingerprint is known.
            let upstream = stage.upstream.flatMap { made[$0] ?? store.manifest(of: $0)?.fingerprintSHA256 }
            // Only an artifact to compare with needs the fingerprint now; a stage that runs
            // anyway takes it for its artifact (extract after reading, beside the export's hash).
            if !selection.force, let recorded = store.manifest(of: stage),
                try recorded.fingerprint == stages.fingerprint(of: stage, upstreamSHA256: upstream),
                stage != .load || stages.isPublished(recorded)
            {
                logger.info("\(stage.rawValue): up to date, reused", metadata: ["stage": "\(stage.rawValue)"])
                outcomes.append(StageOutcome(stage: stage, action: .reused))
                continue
            }
            // Load publishes the run: every artifact before it must be in place first.
            if stage == .load { try writes.wait() }
            progress?.begin(stage, index: index, of: StageName.allCases.count)
            defer { progress?.end() }
            let start = DispatchTime.now()
            made[stage] = try runStage(stage, upstreamSHA256: upstream, startedAt: Date()).sha256
            let seconds = Self.seconds(since: start)
            logger.debug("\(stage.rawValue) took \(String(format: "%.3f", seconds)) s", metadata: ["stage": "\(stage.rawValue)"])
            outcomes.append(StageOutcome(stage: stage, action: .ran, seconds: seconds))
        }
        try writes.wait()
        return outcomes
    }

    /// The summary of the published run, when load is up to date at the end (not after a
    /// range that stopped before a stale load: the figures would not be the published ones).
    func summary(stages outcomes: [StageOutcome]) -> RunSummary? {
        guard let load = loaded ?? store.manifest(of: .load), stages.isPublished(load),
            let aggregate = aggregated ?? store.manifest(of: .aggregate), let tables = aggregate.tables,
            load.fingerprint == (try? stages.fingerprint(of: .load, upstream: aggregate))
        else { return nil }
        return RunSummary(
            pipeline: pipeline.name, title: pipeline.title, rowsRead: aggregate.facts.rowsRead,
            rowsAccepted: tables.rowsAccepted, rowsRejected: aggregate.facts.rejects.count, universeCount: tables.universeCount,
            headline: tables.estimates.first { $0.indicator == pipeline.headline && $0.group == EstimateRow.overallGroup },
            weights: tables.weights, calibration: tables.calibration, trimming: tables.trimming, weightNotes: tables.notes,
            outputDirectory: stages.loaded.outputDirectory, outputFiles: load.publishedFiles ?? [], stages: outcomes)
    }

    /// Stages before the range are its inputs: all must be up to date, or nothing runs.
    private func checkUpstream(of selection: StageSelection) throws {
        guard let stale = try stages.states().first(where: { $0.stage < selection.from && !$0.isUpToDate }) else { return }
        let problem = stale.manifest == nil ? "has no artifact" : "is stale (\(stale.reasons.joined(separator: "; ")))"
        let command = "barometer run \(stages.loaded.path)"
        throw BarometerError(
            .usage,
            "cannot start at \(selection.from.rawValue): \(stale.stage.rawValue) \(problem); run `\(command) --until \(stale.stage.rawValue)` first, or `\(command)` to run every stale stage",
            at: SourceLocation(file: stages.loaded.path))
    }

    /// Runs `stage` and starts writing its artifact; returns the stage's fingerprint.
    private mutating func runStage(_ stage: StageName, upstreamSHA256: String?, startedAt: Date) throws -> StageFingerprint {
        // The stages past the extract free and make column-sized temporaries (`FreedMemory`).
        if stage != .extract { FreedMemory.keepForReuse() }
        // The export is read before extract's fingerprint is taken, so its hash runs beside.
        let extractedNow = stage == .extract ? try stages.extract.run() : nil
        let fingerprint = try stages.fingerprint(of: stage, upstreamSHA256: upstreamSHA256)
        let manifest = { @Sendable (rowsIn: Int, rowsOut: Int, files: [String], facts: RunFacts) in
            StageManifest(
                stage: stage, fingerprint: fingerprint, fingerprintSHA256: fingerprint.sha256,
                started: Self.timestamp(startedAt), finished: Self.timestamp(Date()),
                seconds: Date().timeIntervalSince(startedAt), rowsIn: rowsIn, rowsOut: rowsOut, files: files, facts: facts)
        }
        switch stage {
        case .extract:
            let result = extractedNow!
            for warning in result.warnings { logger.warning("\(warning)", metadata: ["stage": "extract"]) }
            logger.info(
                "extracted \(result.dataset.rowCount) of \(result.rowsRead) rows (\(result.rejects.count) rejected)",
                metadata: ["stage": "extract"])
            let facts = RunFacts(inputs: try stages.exportFiles.files(), rowsRead: result.rowsRead, rejects: result.rejects)
            // The write takes the export's columns and lets each go once written: those the
            // aggregate does not read are freed then, the transform being done with them.
            let dataset = BackgroundWrites.Handoff(result.dataset)
            let layout = StageArtifactStore.layout(of: result.dataset, extra: [])
            let (rowsRead, rowCount) = (result.rowsRead, result.dataset.rowCount)
            writes.start { [store, run] in
                try store.publish(stage, run: run) {
                    try StageArtifactStore.writeDataset(dataset.take(), extra: [], into: $0)
                } manifest: {
                    var sidecar = manifest(rowsRead, rowCount, [StageArtifactStore.datasetFile], facts)
                    sidecar.dataset = layout
                    return sidecar
                }
            }
            extracted = (result.dataset, facts)

        case .transform:
            let (dataset, inputFacts) = try extracted ?? readExtracted()
            extracted = nil
            let rowsIn = dataset.rowCount
            // The export's columns neither stage reads are let go once the extract artifact has them.
            let used = AggregateStage(pipeline: pipeline).columns
            let output = try stages.transform.run(
                on: consume dataset, using: weighting ?? stages.transform.weightingMethod(), keeping: used)
            for note in output.weights.notes { logger.warning("\(note)", metadata: ["stage": "transform"]) }
            var facts = inputFacts
            facts.inputs += stages.frameFiles
            facts.rejects += output.rejects
            precondition(facts.rowsRead == output.dataset.rowCount + facts.rejects.count, "rows read must equal accepted + rejected")
            let (design, calibration, aliases) = DesignColumns.columns(for: output.weights)
            // The export's columns are in the extract artifact already: only the derived ones
            // are written again.
            let derived = StageArtifactStore.projected(output.dataset, onto: stages.transform.derivedColumns)
            let pipeline = pipeline
            let weights = output.weights
            writes.start { [store, run, facts] in
                try store.publish(stage, run: run) {
                    try StageArtifactStore.writeDataset(derived, extra: design, into: $0)
                } manifest: {
                    var sidecar = manifest(rowsIn, derived.rowCount, [StageArtifactStore.datasetFile], facts)
                    sidecar.dataset = StageArtifactStore.layout(of: derived, extra: design)
                    sidecar.design = .init(
                        method: weights.method, universeColumn: pipeline.universe.name, hasStrata: weights.strata != nil,
                        hasClusters: weights.clusters != nil, hasPopulationSizes: weights.populationSizes != nil,
                        calibration: calibration, aliases: aliases.isEmpty ? nil : aliases,
                        calibrationReport: weights.calibrationReport, trimming: weights.trimming,
                        notes: weights.notes)
                    return sidecar
                }
            }
            // Aggregate reads a few of the export's columns, as a rerun from the artifacts does.
            var kept = output
            kept.dataset = StageArtifactStore.projected(output.dataset, onto: output.dataset.columnNames.filter(used.contains))
            transformed = (kept, facts)

        case .aggregate:
            let input = try transformed ?? readTransformed()
            let tables = try AggregateStage(pipeline: pipeline).run(on: input.output)
            let weights = input.output.weights
            let result = StageManifest.AggregatedTables(
                estimates: tables.estimates, comparisons: tables.comparisons, rowsAccepted: input.output.dataset.rowCount,
                universeCount: input.output.inUniverse.lazy.filter { $0 }.count, weightingMethod: weights.method,
                weights: WeightDiagnostics(weights: weights.weights), calibration: weights.calibrationReport,
                trimming: weights.trimming, notes: weights.notes)
            var files = [("estimates.csv", EstimatesTable.make(pipeline: pipeline.name, rows: tables.estimates))]
            if !pipeline.comparisons.isEmpty {
                files.append(("comparisons.csv", ComparisonsTable.make(pipeline: pipeline.name, rows: tables.comparisons)))
            }
            files.append(("weights.csv", Self.weightsTable(pipeline: pipeline.name, result)))
            var sidecar: StageManifest?
            try store.publish(stage, run: run) { folder in
                for (name, table) in files {
                    guard FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data(CSVTableWriter().bytes(of: table))) else {
                        throw BarometerError(
                            .cannotWrite, "cannot write the stage table (\(String(cString: strerror(errno))))",
                            at: SourceLocation(file: "\(folder)/\(name)"))
                    }
                }
            } manifest: {
                var made = manifest(input.output.dataset.rowCount, tables.estimates.count + tables.comparisons.count, files.map(\.0), input.facts)
                made.tables = result
                sidecar = made
                return made
            }
            aggregated = sidecar

        case .load:
            guard let input = aggregated ?? store.manifest(of: .aggregate), let tables = input.tables else {
                throw BarometerError(.usage, "no aggregate artifact to load; run the aggregate stage first")
            }
            let record = LoadStage.RunRecord(
                run: run, started: started, inputs: input.facts.inputs, rowsRead: input.facts.rowsRead,
                rowsAccepted: tables.rowsAccepted, universeCount: tables.universeCount, weightingMethod: tables.weightingMethod,
                weights: tables.weights, calibration: tables.calibration, trimming: tables.trimming, notes: tables.notes,
                weightsTable: Self.weightsTable(pipeline: pipeline.name, tables),
                // The transform artifact's codebook has the flags' labels as well as the export's.
                codebook: store.manifest(of: .transform)?.dataset.map { Codebook($0.codebook) } ?? Codebook())
            let files = try LoadStage(
                pipeline: pipeline, directory: stages.loaded.outputDirectory, database: stages.loaded.database
            ).run(
                tables: AggregateStage.Output(estimates: tables.estimates, comparisons: tables.comparisons),
                rejects: input.facts.rejects, record: record)
            var sidecar: StageManifest?
            try store.publish(stage, run: run) { _ in } manifest: {
                var made = manifest(tables.estimates.count + tables.comparisons.count, files.count, [], input.facts)
                made.publishedRun = run
                made.publishedFiles = files
                sidecar = made
                return made
            }
            loaded = sidecar
        }
        return fingerprint
    }

    private func readExtracted() throws -> (dataset: Dataset, facts: RunFacts) {
        let manifest = try requireManifest(.extract)
        return (try timedRead(manifest) { try store.readDataset(of: $0).dataset }, manifest.facts)
    }

    private func readTransformed() throws -> (output: TransformStage.Output, facts: RunFacts) {
        let manifest = try requireManifest(.transform)
        let extract = try requireManifest(.extract)
        let (dataset, extra) = try timedRead(manifest) {
            try store.readTransformedDataset(transform: $0, extract: extract, columns: AggregateStage(pipeline: pipeline).columns)
        }
        guard let design = manifest.design, case .integer(let universe)? = dataset[design.universeColumn]?.values else {
            throw BarometerError(
                .badData, "the transform artifact has no design; rerun the stage with --force",
                at: SourceLocation(file: store.path(of: .transform)))
        }
        let output = TransformStage.Output(
            dataset: dataset, inUniverse: universe.map { $0 == 1 }, weights: try DesignColumns.weights(from: extra, design: design),
            rejects: [])
        return (output, manifest.facts)
    }

    /// Reads an artifact, logging how long it took against how long its stage took.
    private func timedRead<T>(_ manifest: StageManifest, _ read: (StageManifest) throws -> T) rethrows -> T {
        let start = DispatchTime.now()
        defer {
            let seconds = Self.seconds(since: start)
            logger.debug(
                "read the \(manifest.stage.rawValue) artifact in \(String(format: "%.3f", seconds)) s (the stage took \(String(format: "%.3f", manifest.seconds)) s)",
                metadata: ["stage": "\(manifest.stage.rawValue)"])
        }
        return try read(manifest)
    }

    private func requireManifest(_ stage: StageName) throws -> StageManifest {
        guard let manifest = store.manifest(of: stage) else {
            throw BarometerError(.usage, "the \(stage.rawValue) stage has no artifact; run it first", at: SourceLocation(file: store.path(of: stage)))
        }
        return manifest
    }

    /// `weights.csv` from what the aggregate artifact keeps of the weights.
    private static func weightsTable(pipeline: String, _ tables: StageManifest.AggregatedTables) -> Table {
        WeightsTable.make(
            pipeline: pipeline,
            weights: SurveyWeights(
                weights: [], method: tables.weightingMethod, calibrationReport: tables.calibration, trimming: tables.trimming,
                notes: tables.notes),
            diagnostics: tables.weights)
    }

    static func timestamp(_ date: Date) -> String { Timestamp.iso8601(date) }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
