import BarometerCore

/// A way of giving every respondent a survey weight.
///
/// A method first names the rows it cannot weight (missing stratum, bad weight value); the
/// pipeline rejects those rows, then asks for the weights of the rest. Keeping the two apart
/// means rejected rows never distort the weights of accepted ones.
public protocol WeightingMethod: Sendable {
    /// Rows that cannot be weighted, with the reason.
    func problems(in dataset: Dataset) throws -> [RowProblem]
    /// Weights and design for every row; called on a dataset without problem rows.
    func weights(for dataset: Dataset) throws -> SurveyWeights
}
