/// A weighted mean (a share, for a 0/1 variable) in a domain, with its design-based error.
public struct MeanEstimate: Sendable, Equatable, Codable {
    public var estimate: Double
    public var standardError: Double
    /// Design degrees of freedom of the domain (PSUs minus strata).
    public var degreesOfFreedom: Double
    /// Respondents in the domain with a value.
    public var unweightedCount: Int
    /// Sum of their weights: the estimated population size of the domain.
    public var weightedCount: Double
    /// Design variance over the variance of simple random sampling without replacement of the
    /// same size, as R's `svymean(deff = TRUE)`; NaN where R gives NA.
    public var designEffect: Double

    public init(
        estimate: Double, standardError: Double, degreesOfFreedom: Double, unweightedCount: Int, weightedCount: Double,
        designEffect: Double = .nan
    ) {
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        self.unweightedCount = unweightedCount
        self.weightedCount = weightedCount
        self.designEffect = designEffect
    }

    /// The sample size a simple random sample would need for the same precision of this share:
    /// p(1 − p) / Var(p̂), as Korn and Graubard define it; the unweighted n when the share is
    /// 0 or 1 (no variance to compare).
    public var effectiveSampleSize: Double {
        let variance = standardError * standardError
        guard variance > 0 else { return Double(unweightedCount) }
        return estimate * (1 - estimate) / variance
    }
}
