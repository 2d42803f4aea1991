import BarometerCore
import BarometerExtract
import BarometerTransform

/// Weights the respondents and derives the universe and indicator flags.
public struct TransformStage: Sendable {
    public var pipeline: Pipeline
    /// Resolves paths in the pipeline (the frame file) against the pipeline's folder.
    public var resolve: @Sendable (String) -> String

    public init(pipeline: Pipeline, resolve: @escaping @Sendable (String) -> String) {
        self.pipeline = pipeline
        self.resolve = resolve
    }

    /// The transformed dataset, its weights and design, and rows turned away on the way.
    public struct Output: Sendable {
        public var dataset: Dataset
        public var inUniverse: [Bool]
        public var weights: SurveyWeights
        public var rejects: [RejectedRow]
    }

    /// The columns the stage adds to the export's: the universe, then the flags.
    public var derivedColumns: [String] {
        [pipeline.universe.name] + pipeline.flags.map(\.name)
    }

    /// The export's columns the stage reads: those of the universe's and flags' rules and of
    /// the weighting.
    public var columns: Set<String> {
        let rules = [pipeline.universe.rule] + pipeline.flags.map(\.rule)
        return Set(rules.flatMap(\.columns) + pipeline.weighting.columns)
    }

    /// Files the transform reads besides the dataset (population frames and margins), hashed
    /// (see `InputFile` for when a `known` hash is reused).
    public func inputFiles(known: [InputFile] = []) throws -> [InputFile] {
        var seen = Set<String>()
        return try pipeline.weighting.frames.map(resolve).filter { seen.insert($0).inserted }.map {
            try InputFile(role: "frame", path: $0, known: known)
        }
    }

    public func run(on extracted: Dataset) throws -> Output {
        try run(on: extracted, using: try weightingMethod())
    }

    /// Runs with a weighting method made beforehand by `weightingMethod()`, so that bad frames
    /// fail before the export is read.
    ///
    /// With `keeping`, the output has only those of the export's columns and the ones the stage
    /// reads (rejected rows keep every column's text): the others are let go as soon as the
    /// stage has its rejects, when the caller hands the export over (`consume`).
    public func run(on extracted: consuming Dataset, using method: any WeightingMethod, keeping: Set<String>? = nil) throws
        -> Output
    {
        let problems = try method.problems(in: extracted)
        var rejects: [RejectedRow] = []
        if !problems.isEmpty {
            var keep = [Bool](repeating: true, count: extracted.rowCount)
            for problem in problems where keep[problem.row] {
                keep[problem.row] = false
                rejects.append(
                    RejectedRow(
                        location: extracted.location(ofRow: problem.row, column: problem.variable),
                        variable: problem.variable, reason: problem.reason,
                        raw: extracted.columns.map { $0.text(at: problem.row) }.joined(separator: ";")))
            }
            extracted = extracted.filtered(keep)
        }
        var dataset = consume extracted
        if let keeping {
            let wanted = keeping.union(columns)
            dataset = StageArtifactStore.projected(dataset, onto: dataset.columnNames.filter(wanted.contains))
        }
        let derived = try FlagDeriver(universe: pipeline.universe, flags: pipeline.flags).apply(to: dataset)
        let weights = try method.weights(for: derived.dataset)
        return Output(dataset: derived.dataset, inUniverse: derived.inUniverse, weights: weights, rejects: rejects)
    }

    /// The weighting method the pipeline describes, with every frame read and checked: counts,
    /// duplicate cells, and margins that disagree on the population total fail here.
    public func weightingMethod() throws -> any WeightingMethod {
        try method(for: pipeline.weighting)
    }

    private func method(for spec: WeightingSpec) throws -> any WeightingMethod {
        switch spec {
        case .column(let weight, let strata, let clusters, let fpc):
            return ColumnWeights(weightColumn: weight, strataColumn: strata, clusterColumn: clusters, populationColumn: fpc)
        case .expansion(let frame, let dialect, let stratum, let population, let fpc):
            let counts = try PopulationFrame(
                dataset: try readFrame(frame, dialect), stratumColumn: stratum, populationColumn: population)
            return ExpansionWeights(stratumColumn: stratum, frame: counts, finitePopulationCorrection: fpc)
        case .poststratify(let start, let cells, let trim):
            let method = PostStratifiedWeights(
                start: try start.map(method(for:)) ?? EqualWeights(), frame: try cellFrame(cells), collapse: cells.collapse)
            return try trim.map { try trimming(method, $0) } ?? method
        case .rake(let start, let margins, let options, let trim):
            let method = try RakingWeights(
                start: try start.map(method(for:)) ?? EqualWeights(),
                margins: try margins.map { RakingWeights.Margin(frame: try cellFrame($0), collapse: $0.collapse) },
                tolerance: options.tolerance, maxIterations: options.maxIterations,
                allowNonconvergence: options.allowNonconvergence, variance: options.variance)
            return try trim.map { try trimming(method, $0) } ?? method
        case .trim(let start, let trim):
            return try trimming(try method(for: start), trim)
        }
    }

    private func trimming(_ method: any WeightingMethod, _ spec: WeightingSpec.TrimSpec) throws -> WeightTrimming {
        try WeightTrimming(
            method: method, lower: spec.lower, upper: spec.upper, relativeToMean: spec.relative, maxRounds: spec.maxRounds)
    }

    private func cellFrame(_ spec: WeightingSpec.CellsSpec) throws -> CellFrame {
        try CellFrame(dataset: try readFrame(spec.frame, spec.dialect), variables: spec.variables, populationColumn: spec.population)
    }

    private func readFrame(_ path: String, _ dialect: CSVDialect) throws -> Dataset {
        let frameData = try CSVReader(dialect: dialect).read(path: resolve(path))
        guard frameData.rejects.isEmpty else {
            let first = frameData.rejects[0]
            throw BarometerError(.badData, "population frame row rejected: \(first.reason)", at: first.location)
        }
        return frameData.dataset
    }
}
