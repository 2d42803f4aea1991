/// Weighted means in domains by Taylor linearization, equal to R's `svymean` on a `subset`.
///
/// The mean is the ratio r = Σ w·y / Σ w over the domain; its linearized score is
/// w·(y - r) / Σ w inside the domain and zero outside, and the variance is the design variance
/// of those scores.
public struct DomainMeanEstimator: Sendable {
    public let design: SurveyDesign

    public init(design: SurveyDesign) {
        self.design = design
    }

    /// The mean of `values` over the rows where `domain` is true; NaN values are left out, as
    /// R's `na.rm = TRUE` does. Returns nil when the domain has no row with a value.
    public func mean(of values: [Double], in domain: [Bool]) -> MeanEstimate? {
        mean(of: values, inRows: DomainScores.rows(of: domain, with: values))
    }

    /// The mean of `values` over `rows` (ascending, none of them NaN); nil when there are none.
    public func mean(of values: [Double], inRows rows: [Int32]) -> MeanEstimate? {
        guard let sums = WeightedSums(values: values, rows: rows, weights: design.weights) else { return nil }
        let variance = design.variance(
            of: DomainScores(rows: rows, centring: values, mean: sums.mean, weightSum: sums.weightSum, indicator: false))
        return estimate(sums, variance: variance, values: values, rows: rows)
    }

    /// The mean of `values` over `rows` and its interval by `method` at `level` (e.g. 0.95);
    /// nil when there are no rows. The same figures as `mean` and `IntervalMethod.interval`.
    ///
    /// For the logit interval both variances come from one pass over the domain's rows: the
    /// fit's scores are the mean's plus a multiple of the domain's indicator, so the covariance
    /// of those two gives both (see `LogitFit.MeanScores`).
    public func mean(
        of values: [Double], inRows rows: [Int32], interval method: IntervalMethod, level: Double
    ) -> (estimate: MeanEstimate, interval: ClosedInterval)? {
        guard method == .logit else {
            return mean(of: values, inRows: rows).map {
                ($0, method.interval(for: $0, level: level, values: values, rows: rows, design: design))
            }
        }
        guard let sums = WeightedSums(values: values, rows: rows, weights: design.weights) else { return nil }
        let covariance = design.covariance(
            of: DomainScores(rows: rows, centring: values, mean: sums.mean, weightSum: sums.weightSum, indicator: true))
        let estimate = estimate(sums, variance: covariance[0][0], values: values, rows: rows)
        let scores = LogitFit.MeanScores(mean: sums.mean, weightSum: sums.weightSum, covariance: covariance)
        return (
            estimate,
            method.interval(for: estimate, level: level, values: values, rows: rows, design: design, meanScores: scores)
        )
    }

    /// Σw and the mean over a domain's rows.
    private struct WeightedSums {
        var weightSum = 0.0
        var mean = 0.0

        init?(values: [Double], rows: [Int32], weights: [Double]) {
            var weightedValues = 0.0
            for row in rows.lazy.map(Int.init) {
                weightSum += weights[row]
                weightedValues += weights[row] * values[row]
            }
            guard !rows.isEmpty, weightSum > 0 else { return nil }
            mean = weightedValues / weightSum
        }
    }

    private func estimate(_ sums: WeightedSums, variance: Double, values: [Double], rows: [Int32]) -> MeanEstimate {
        let (mean, weightSum, weights) = (sums.mean, sums.weightSum, design.weights)
        // R's deff: v / (svyvar · (Σw − n) / (Σw · n)), svyvar = n/(n − 1) · Σw(y − ȳ)²/Σw.
        var squares = 0.0
        for row in rows.lazy.map(Int.init) {
            squares += weights[row] * (values[row] - mean) * (values[row] - mean)
        }
        let n = Double(rows.count)
        let populationVariance = n / (n - 1) * squares / weightSum
        let srsVariance = weightSum < n ? Double.nan : populationVariance * (weightSum - n) / (weightSum * n)
        return MeanEstimate(
            estimate: mean,
            standardError: variance.squareRoot(),
            degreesOfFreedom: design.degreesOfFreedom(inRows: rows),
            unweightedCount: rows.count,
            weightedCount: weightSum,
            designEffect: variance / srsVariance)
    }
}
