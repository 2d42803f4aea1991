import BarometerAggregate
import BarometerCore
import BarometerTransform

/// Estimates the indicator flags overall and by breakdown, and runs the comparisons, under the
/// weighted design.
public struct AggregateStage: Sendable {
    public var pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// The tables the aggregate stage makes.
    public struct Output: Sendable {
        public var estimates: [EstimateRow]
        public var comparisons: [ComparisonRow]
    }

    public func run(on transformed: TransformStage.Output) throws -> Output {
        let weights = transformed.weights
        let spec = pipeline.estimates
        var dataset = transformed.dataset
        for collapse in spec.collapse { dataset = try collapse.apply(to: dataset) }
        let builder = EstimateTableBuilder(
            indicators: pipeline.flags.map { .init(name: $0.name, label: $0.label) },
            breakdowns: spec.breakdowns.map { [$0] } + spec.crossings,
            intervalMethod: spec.interval,
            confidenceLevel: spec.confidence)
        let comparers = pipeline.comparisons.map { comparison in
            ComparisonBuilder(
                name: comparison.name, test: comparison.test, correction: comparison.correction, alpha: comparison.alpha,
                intervalMethod: spec.interval, confidenceLevel: spec.confidence)
        }
        let (universe, columns) = (transformed.inUniverse, dataset)
        // The design does not depend on what the jobs run over (domains, groups, the outcomes'
        // exclusions), so the two are made side by side.
        let (designs, preparations) = try Parallel.run(
            ParallelJobs(count: 1) { _ in
                try SurveyDesign(
                    weights: weights.weights, strata: weights.strata, clusters: weights.clusters,
                    populationSizes: weights.populationSizes, calibration: weights.calibration)
            },
            ParallelJobs(count: 1) { _ in
                try Preparation(
                    domains: builder.domains(of: columns, universe: universe),
                    comparisons: zip(pipeline.comparisons, comparers).map { comparison, comparer in
                        // Each outcome's rule is evaluated in its job: only the outcomes being
                        // compared are held.
                        (
                            try comparer.groups(comparison.group, dataset: columns, universe: universe),
                            try outcomes(of: comparison, in: columns)
                        )
                    })
            })
        let (design, prepared) = (designs[0], preparations[0])
        let outcomeJobs = zip(pipeline.comparisons, prepared.comparisons).map { comparison, prepared in
            ParallelJobs(count: comparison.outcomes.count) { prepared.groups.compare(try prepared.outcome($0), design: design) }
        }
        // Every estimate and every outcome's test in one pool, the tests (the longest jobs)
        // first, so that no core waits for another's last job while work is left.
        let (tested, estimated) = try Parallel.run(
            ParallelJobs(concatenating: outcomeJobs),
            builder.jobs(over: prepared.domains, in: dataset, design: design))
        var estimates = estimated.flatMap { $0 }
        var comparisons: [ComparisonRow] = []
        var rest = tested[...]
        for (comparer, jobs) in zip(comparers, outcomeJobs) {
            comparisons += comparer.rows(of: Array(rest.prefix(jobs.count)))
            rest = rest.dropFirst(jobs.count)
        }
        spec.suppression.apply(to: &estimates)
        for index in comparisons.indices {
            comparisons[index].suppression = spec.suppression.reason(for: comparisons[index].estimate)
        }
        // A difference would give away a suppressed share, so an outcome with one loses them all.
        let exposed = Set(comparisons.filter { $0.suppression != nil }.map { "\($0.comparison)\u{1}\($0.outcome)" })
        for index in comparisons.indices where exposed.contains("\(comparisons[index].comparison)\u{1}\(comparisons[index].outcome)") {
            comparisons[index].difference = .nan
        }
        return Output(estimates: estimates, comparisons: comparisons)
    }

    /// What the aggregate jobs run over besides the design.
    private struct Preparation: Sendable {
        var domains: [EstimateTableBuilder.Domain]
        /// Per comparison, its groups and its outcomes by index.
        var comparisons: [(groups: ComparisonBuilder.Groups, outcome: @Sendable (Int) throws -> ComparisonBuilder.Outcome)]
    }

    /// Outcome `index` of `spec` as 0/1 per row, NaN where the `exclude` rule holds (which is
    /// evaluated once, here).
    private func outcomes(of spec: ComparisonSpec, in dataset: Dataset) throws
        -> @Sendable (_ index: Int) throws -> ComparisonBuilder.Outcome
    {
        let context = "comparison '\(spec.name)'"
        var evaluator = RuleEvaluator(dataset: dataset)
        evaluator.context = context
        let excluded = try spec.exclude.map { try evaluator.evaluate($0) }
        return { index in
            var evaluator = RuleEvaluator(dataset: dataset)
            evaluator.context = context
            let outcome = spec.outcomes[index]
            let values = try evaluator.evaluate(outcome.rule)
            return ComparisonBuilder.Outcome(
                name: outcome.name, label: outcome.label,
                values: values.indices.map { excluded?[$0] == true ? .nan : values[$0] ? 1 : 0 })
        }
    }
}

extension AggregateStage {
    /// The dataset columns the stage reads (flags, universe, breakdowns, comparison rules,
    /// collapsed variables), so a rerun from the transform artifact parses only those.
    var columns: Set<String> {
        let spec = pipeline.estimates
        let rules = pipeline.comparisons.flatMap { $0.outcomes.map(\.rule) + [$0.exclude].compactMap { $0 } }
        return Set(
            [pipeline.universe.name] + pipeline.flags.map(\.name) + spec.breakdowns + spec.crossings.flatMap { $0 }
                + spec.collapse.map(\.column) + pipeline.comparisons.map(\.group)
                + rules.flatMap { $0.columns + $0.flagReferences })
    }
}
