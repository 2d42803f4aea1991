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
        let classes = DomainRows(values: values, rows: rows, weights: design.weights)
        guard let sums = WeightedSums(classes) else { return nil }
        let variance = design.variance(
            of: DomainScores(rows: rows, centring: values, mean: sums.mean, weightSum: sums.weightSum, indicator: false))
        return estimate(sums, variance: variance, classes: classes, degreesOfFreedom: design.degreesOfFreedom(inRows: rows))
    }

    /// The mean of `values` over `rows` and its interval by `method` at `level` (e.g. 0.95);
    /// nil when there are no rows. The same figures as `mean` and `IntervalMethod.interval`.
    ///
    /// For the logit interval both variances come from one pass over the domain's rows: the
    /// fit's scores are the mean's plus a multiple of the domain's indicator, so the covariance
    /// of those two gives both (see `LogitFit.MeanScores`). A share (values 0 and 1) in a design
    /// whose rows repeat takes one pass that counts them by profile (see `ProfileTally`).
    public func mean(
        of values: [Double], inRows rows: [Int32], interval method: IntervalMethod, level: Double
    ) -> (estimate: MeanEstimate, interval: ClosedInterval)? {
        if let tally = design.tally(of: values, inRows: rows) {
            return mean(
                of: tally, values: values, rows: rows, tally: tally, degreesOfFreedom: tally.degreesOfFreedom, interval: method,
                level: level
            ) { sums in
                tally.covariance(statistics: 2) { _, value in [(value - sums.mean) / sums.weightSum, 1 / sums.weightSum] }
            }
        }
        guard method == .logit else {
            return mean(of: values, inRows: rows).map {
                ($0, method.interval(for: $0, level: level, values: values, rows: rows, design: design))
            }
        }
        return mean(
            of: DomainRows(values: values, rows: rows, weights: design.weights), values: values, rows: rows, tally: nil,
            degreesOfFreedom: design.degreesOfFreedom(inRows: rows), interval: method, level: level
        ) { sums in
            design.covariance(
                of: DomainScores(rows: rows, centring: values, mean: sums.mean, weightSum: sums.weightSum, indicator: true))
        }
    }

    /// The mean of `classes` (the rows of `values` or their `tally`) and its interval;
    /// `covariance` gives the covariance of the mean's scores and the domain indicator's, from
    /// which the logit fit takes its variance too (see `LogitFit.MeanScores`).
    private func mean(
        of classes: some WeightedClasses, values: [Double], rows: [Int32], tally: ProfileTally?, degreesOfFreedom: Double,
        interval method: IntervalMethod, level: Double, covariance: (WeightedSums) -> [[Double]]
    ) -> (estimate: MeanEstimate, interval: ClosedInterval)? {
        guard let sums = WeightedSums(classes) else { return nil }
        let covariance = covariance(sums)
        let estimate = estimate(sums, variance: covariance[0][0], classes: classes, degreesOfFreedom: degreesOfFreedom)
        let scores = LogitFit.MeanScores(mean: sums.mean, weightSum: sums.weightSum, covariance: covariance)
        return (
            estimate,
            method.interval(
                for: estimate, level: level, values: values, rows: rows, design: design, meanScores: scores, tally: tally)
        )
    }

    /// Σw and the mean over a domain's rows.
    private struct WeightedSums {
        var weightSum = 0.0
        var mean = 0.0

        init?(_ classes: some WeightedClasses) {
            var weightedValues = 0.0
            var weightSum = 0.0
            classes.forEach { weight, value, count in
                weightSum += count * weight
                weightedValues += count * (weight * value)
            }
            guard classes.rowCount > 0, weightSum > 0 else { return nil }
            self.weightSum = weightSum
            mean = weightedValues / weightSum
        }
    }

    private func estimate(
        _ sums: WeightedSums, variance: Double, classes: some WeightedClasses, degreesOfFreedom: Double
    ) -> MeanEstimate {
        let (mean, weightSum) = (sums.mean, sums.weightSum)
        // R's deff: v / (svyvar · (Σw − n) / (Σw · n)), svyvar = n/(n − 1) · Σw(y − ȳ)²/Σw.
        var squares = 0.0
        classes.forEach { weight, value, count in squares += count * (weight * (value - mean) * (value - mean)) }
        let n = Double(classes.rowCount)
        let populationVariance = n / (n - 1) * squares / weightSum
        let srsVariance = weightSum < n ? Double.nan : populationVariance * (weightSum - n) / (weightSum * n)
        return MeanEstimate(
            estimate: mean,
            standardError: variance.squareRoot(),
            degreesOfFreedom: degreesOfFreedom,
            unweightedCount: classes.rowCount,
            weightedCount: weightSum,
            designEffect: variance / srsVariance)
    }
}
