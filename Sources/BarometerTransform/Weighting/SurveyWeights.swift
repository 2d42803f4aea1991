/// Weights and the sample design they come with, ready for design-based estimation.
///
/// Arrays are per row of the dataset they were computed for. `strata` and `clusters` are
/// codes (any Int32); `populationSizes` is the finite population correction as R's
/// `svydesign(fpc=)` takes it: the population count of the row's stratum.
public struct SurveyWeights: Sendable, Equatable {
    public var weights: [Double]
    public var strata: [Int32]?
    public var clusters: [Int32]?
    public var populationSizes: [Double]?
    /// One line for the manifest and the report, e.g. "expansion N_h/n_h over 9 strata of stratum".
    public var method: String

    public init(
        weights: [Double], strata: [Int32]? = nil, clusters: [Int32]? = nil, populationSizes: [Double]? = nil,
        method: String
    ) {
        self.weights = weights
        self.strata = strata
        self.clusters = clusters
        self.populationSizes = populationSizes
        self.method = method
    }
}
