import Foundation

/// How a confidence interval for a share is formed from its estimate and design-based error.
public enum IntervalMethod: String, Sendable, Codable, CaseIterable {
    /// On the logit scale with a t quantile on the design's degrees of freedom, then back:
    /// R's `svyciprop(method = "logit")`. Undefined (NaN) for shares of exactly 0 or 1.
    case logit

    /// The interval at `level` (e.g. 0.95) for `estimate`.
    public func interval(for estimate: MeanEstimate, level: Double) -> ClosedInterval {
        let p = estimate.estimate
        let t = StudentT.quantile(1 - (1 - level) / 2, df: estimate.degreesOfFreedom)
        switch self {
        case .logit:
            guard p > 0, p < 1 else { return ClosedInterval(low: .nan, high: .nan) }
            let center = (p / (1 - p)).logarithm
            let halfWidth = t * estimate.standardError / (p * (1 - p))
            return ClosedInterval(low: expit(center - halfWidth), high: expit(center + halfWidth))
        }
    }

    private func expit(_ x: Double) -> Double { 1 / (1 + (-x).exponential) }
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

extension Double {
    fileprivate var logarithm: Double { Foundation.log(self) }
    fileprivate var exponential: Double { Foundation.exp(self) }
}
