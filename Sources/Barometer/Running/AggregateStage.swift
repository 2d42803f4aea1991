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
        let design = try SurveyDesign(
            weights: weights.weights, strata: weights.strata, clusters: weights.clusters,
            populationSizes: weights.populationSizes)
        let builder = EstimateTableBuilder(
            indicators: pipeline.flags.map { .init(name: $0.name, label: $0.label) },
            breakdowns: pipeline.estimates.breakdowns,
            intervalMethod: pipeline.estimates.interval,
            confidenceLevel: pipeline.estimates.confidence)
        let estimates = try builder.estimates(for: transformed.dataset, design: design, universe: transformed.inUniverse)
        var comparisons: [ComparisonRow] = []
        for spec in pipeline.comparisons {
            comparisons += try ComparisonBuilder(
                name: spec.name, test: spec.test, correction: spec.correction, alpha: spec.alpha,
                intervalMethod: pipeline.estimates.interval, confidenceLevel: pipeline.estimates.confidence
            ).rows(
                outcomes: try outcomes(of: spec, in: transformed.dataset), group: spec.group,
                dataset: transformed.dataset, design: design, universe: transformed.inUniverse)
        }
        return Output(estimates: estimates, comparisons: comparisons)
    }

    /// Each outcome as 0/1 per row, NaN where the `exclude` rule holds.
    private func outcomes(of spec: ComparisonSpec, in dataset: Dataset) throws -> [ComparisonBuilder.Outcome] {
        var evaluator = RuleEvaluator(dataset: dataset)
        evaluator.context = "comparison '\(spec.name)'"
        let excluded = try spec.exclude.map { try evaluator.evaluate($0) }
        return try spec.outcomes.map { outcome in
            let values = try evaluator.evaluate(outcome.rule)
            return ComparisonBuilder.Outcome(
                name: outcome.name, label: outcome.label,
                values: values.indices.map { excluded?[$0] == true ? .nan : values[$0] ? 1 : 0 })
        }
    }
}
