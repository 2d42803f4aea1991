import BarometerAggregate
import BarometerCore

/// Estimates the indicator flags overall and by breakdown under the weighted design.
public struct AggregateStage: Sendable {
    public var pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public func run(on transformed: TransformStage.Output) throws -> [EstimateRow] {
        let weights = transformed.weights
        let design = try SurveyDesign(
            weights: weights.weights, strata: weights.strata, clusters: weights.clusters,
            populationSizes: weights.populationSizes)
        let builder = EstimateTableBuilder(
            indicators: pipeline.flags.map { .init(name: $0.name, label: $0.label) },
            breakdowns: pipeline.estimates.breakdowns,
            intervalMethod: pipeline.estimates.interval,
            confidenceLevel: pipeline.estimates.confidence)
        return try builder.estimates(for: transformed.dataset, design: design, universe: transformed.inUniverse)
    }
}
