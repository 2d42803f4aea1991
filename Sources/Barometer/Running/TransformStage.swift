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

    /// Files the transform reads besides the dataset (the population frame).
    public func inputFiles() throws -> [InputFile] {
        switch pipeline.weighting {
        case .column: []
        case .expansion(let frame, _, _, _, _): [try InputFile(role: "frame", path: resolve(frame))]
        }
    }

    public func run(on extracted: Dataset) throws -> Output {
        let method = try weightingMethod()
        let problems = try method.problems(in: extracted)
        var dataset = extracted
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
            dataset = extracted.filtered(keep)
        }
        let derived = try FlagDeriver(universe: pipeline.universe, flags: pipeline.flags).apply(to: dataset)
        let weights = try method.weights(for: derived.dataset)
        return Output(dataset: derived.dataset, inUniverse: derived.inUniverse, weights: weights, rejects: rejects)
    }

    private func weightingMethod() throws -> any WeightingMethod {
        switch pipeline.weighting {
        case .column(let weight, let strata, let clusters, let fpc):
            return ColumnWeights(weightColumn: weight, strataColumn: strata, clusterColumn: clusters, populationColumn: fpc)
        case .expansion(let frame, let dialect, let stratum, let population, let fpc):
            let frameData = try CSVReader(dialect: dialect).read(path: resolve(frame))
            guard frameData.rejects.isEmpty else {
                let first = frameData.rejects[0]
                throw BarometerError(.badData, "population frame row rejected: \(first.reason)", at: first.location)
            }
            let counts = try PopulationFrame(dataset: frameData.dataset, stratumColumn: stratum, populationColumn: population)
            return ExpansionWeights(stratumColumn: stratum, frame: counts, finitePopulationCorrection: fpc)
        }
    }
}
