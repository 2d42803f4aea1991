/// A weighted mean (a share, for a 0/1 variable) in a domain, with its design-based error.
public struct MeanEstimate: Sendable, Equatable {
    public var estimate: Double
    public var standardError: Double
    /// Design degrees of freedom of the domain (PSUs minus strata).
    public var degreesOfFreedom: Double
    /// Respondents in the domain with a value.
    public var unweightedCount: Int
    /// Sum of their weights: the estimated population size of the domain.
    public var weightedCount: Double

    public init(estimate: Double, standardError: Double, degreesOfFreedom: Double, unweightedCount: Int, weightedCount: Double) {
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.unweightedCount = unweightedCount
        self.weightedCount = weightedCount
    }
}
