import Foundation

/// How a confidence interval for a share is formed. Every method uses the t distribution on
/// the domain's design degrees of freedom, as R's `svyciprop` does.
public enum IntervalMethod: String, Sendable, Codable, CaseIterable {
    /// On the logit scale, from the quasi-binomial fit R's `svyciprop(method = "logit")` makes
    /// (see `LogitFit`). The default.
    case logit
    /// On the logit scale by the delta method: R's `svyciprop(method = "xlogit")`.
    case xlogit
    /// Korn–Graubard: exact binomial (Clopper–Pearson) limits at the effective sample size,
    /// R's `svyciprop(method = "beta")`.
    case beta
    /// Wilson's score interval at the effective sample size p(1 − p)/Var(p̂) with the t quantile
    /// on the domain's degrees of freedom: R's `svyciprop(method = "wilson")` from survey 4.5.
    /// Undefined (NaN) for a share of 0 or 1, as in R, where that effective size is 0/0.
    case wilson

    /// The interval at `level` (e.g. 0.95) for the share `estimate` of `values` in `domain`.
    /// Only `logit` refits the data; the others need the estimate alone (and accept no design).
    public func interval(
        for estimate: MeanEstimate, level: Double, values: [Double], domain: [Bool], design: SurveyDesign?
    ) -> ClosedInterval {
        interval(for: estimate, level: level, values: values, rows: DomainScores.rows(of: domain, with: values), design: design)
    }

    /// The interval for the share of `values` over `rows` (ascending, none of them NaN).
    public func interval(
        for estimate: MeanEstimate, level: Double, values: [Double], rows: [Int32], design: SurveyDesign?
    ) -> ClosedInterval {
        interval(for: estimate, level: level, values: values, rows: rows, design: design, meanScores: nil)
    }

    /// The same, with the logit fit's variance taken from `meanScores` where it can be, and its
    /// sums from `tally` when the rows were counted by profile.
    func interval(
        for estimate: MeanEstimate, level: Double, values: [Double], rows: [Int32], design: SurveyDesign?,
        meanScores: LogitFit.MeanScores?, tally: ProfileTally? = nil
    ) -> ClosedInterval {
        let p = estimate.estimate
        let alpha = 1 - level
        let t = StudentT.quantile(1 - alpha / 2, df: estimate.degreesOfFreedom)
        let variance = estimate.standardError * estimate.standardError
        switch self {
        case .logit:
            guard let design, let fit = LogitFit(values: values, rows: rows, design: design, meanScores: meanScores, tally: tally)
            else {
                return ClosedInterval(low: .nan, high: .nan)
            }
            return fit.interval(level: level, degreesOfFreedom: estimate.degreesOfFreedom)
        case .xlogit:
            let center = log(p / (1 - p))
            let halfWidth = t * estimate.standardError / (p * (1 - p))
            let expit = { (x: Double) in exp(x) / (1 + exp(x)) }
            return ClosedInterval(low: expit(center - halfWidth), high: expit(center + halfWidth))
        case .beta:
            // R's nrow(design): the domain's rows, or every row of a calibrated design.
            let rows = Double(design?.isCalibrated == true ? design!.rowCount : estimate.unweightedCount)
            let ratio = StudentT.quantile(alpha / 2, df: rows - 1) / StudentT.quantile(alpha / 2, df: estimate.degreesOfFreedom)
            let n = p * (1 - p) / variance * ratio * ratio
            return ClosedInterval(
                low: Self.betaQuantile(alpha / 2, n * p, n * (1 - p) + 1),
                high: Self.betaQuantile(1 - alpha / 2, n * p + 1, n * (1 - p)))
        case .wilson:
            // Not `effectiveSampleSize`, which stands in the unweighted n at 0 and 1: R does not.
            let n = p * (1 - p) / variance
            let z2 = t * t
            let denominator = 1 + z2 / n
            let center = (p + z2 / (2 * n)) / denominator
            let halfWidth = t * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
            return ClosedInterval(low: center - halfWidth, high: center + halfWidth)
        }
    }

    /// R's qbeta, including its point masses when a shape parameter is 0.
    private static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 { return 0 }
        if b == 0 { return 1 }
        return BetaDistribution.quantile(p, a: a, b: b)
    }
}

/// The two ends of a confidence interval; NaN ends when it is undefined.
public struct ClosedInterval: Sendable, Equatable, Codable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}
