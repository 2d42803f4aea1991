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
        let weights = design.weights
        var inDomain = domain
        var weightSum = 0.0
        var weightedValues = 0.0
        var count = 0
        for row in 0..<design.rowCount where domain[row] {
            let value = values[row]
            if value.isNaN {
                inDomain[row] = false
                continue
            }
            weightSum += weights[row]
            weightedValues += weights[row] * value
            count += 1
        }
        guard count > 0, weightSum > 0 else { return nil }
        let mean = weightedValues / weightSum
        var scores = [Double](repeating: 0, count: design.rowCount)
        for row in 0..<design.rowCount where inDomain[row] {
            scores[row] = weights[row] * (values[row] - mean) / weightSum
        }
        let variance = design.variance(ofScores: scores)
        // R's deff: v / (svyvar · (Σw − n) / (Σw · n)), svyvar = n/(n − 1) · Σw(y − ȳ)²/Σw.
        var squares = 0.0
        for row in 0..<design.rowCount where inDomain[row] {
            squares += weights[row] * (values[row] - mean) * (values[row] - mean)
        }
        let n = Double(count)
        let populationVariance = n / (n - 1) * squares / weightSum
        let srsVariance = weightSum < n ? Double.nan : populationVariance * (weightSum - n) / (weightSum * n)
        return MeanEstimate(
            estimate: mean,
            standardError: variance.squareRoot(),
            degreesOfFreedom: design.degreesOfFreedom(in: inDomain),
            unweightedCount: count,
            weightedCount: weightSum,
            designEffect: variance / srsVariance)
    }
}
