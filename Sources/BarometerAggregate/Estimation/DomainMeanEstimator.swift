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
        let weights = design.weights
        var weightSum = 0.0
        var weightedValues = 0.0
        for row in rows.lazy.map(Int.init) {
            weightSum += weights[row]
            weightedValues += weights[row] * values[row]
        }
        guard !rows.isEmpty, weightSum > 0 else { return nil }
        let mean = weightedValues / weightSum
        let variance = design.variance(
            of: DomainScores(rows: rows, factors: [rows.map { (values[Int($0)] - mean) / weightSum }]))
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
