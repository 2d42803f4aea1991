import BarometerCore

/// Weight 1 for every respondent: the starting weights of a post-stratification or raking
/// when the pipeline names no design, as R's `svydesign(ids = ~1)` without weights.
public struct EqualWeights: WeightingMethod {
    public init() {}

    public func problems(in dataset: Dataset) throws -> [RowProblem] { [] }

    public func weights(for dataset: Dataset) throws -> SurveyWeights {
        SurveyWeights(weights: [Double](repeating: 1, count: dataset.rowCount), method: "equal weights")
    }
}
