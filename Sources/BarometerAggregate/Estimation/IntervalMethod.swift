/// How a confidence interval for a share is formed.
public enum IntervalMethod: String, Sendable, Codable, CaseIterable {
    /// On the logit scale with a t quantile on the design's degrees of freedom, then back, from
    /// the quasi-binomial fit R's `svyciprop(method = "logit")` makes (see `LogitFit`).
    case logit

    /// The interval at `level` (e.g. 0.95) for the share `estimate` of `values` in `domain`.
    public func interval(
        for estimate: MeanEstimate, level: Double, values: [Double], domain: [Bool], design: SurveyDesign
    ) -> ClosedInterval {
        switch self {
        case .logit:
            guard let fit = LogitFit(values: values, domain: domain, design: design) else {
                return ClosedInterval(low: .nan, high: .nan)
            }
            return fit.interval(level: level, degreesOfFreedom: estimate.degreesOfFreedom)
        }
    }
}

/// The two ends of a confidence interval; NaN ends when it is undefined.
public struct ClosedInterval: Sendable, Equatable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}
