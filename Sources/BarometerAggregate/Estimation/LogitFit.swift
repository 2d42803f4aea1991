import Foundation

/// The intercept-only quasi-binomial model R's `svyciprop(method = "logit")` fits with
/// `svyglm`, reproduced step for step so the interval agrees with R's to the last digits.
///
/// R does not use the closed-form logit of the share: it runs `glm.fit`'s iteratively
/// reweighted least squares (start μ = (w·y + ½)/(w + 1), stop when the relative change in
/// deviance is below 1e-8, at most 25 iterations) and takes the sandwich variance from the last
/// iteration's working weights. The result differs from the delta method in the eighth digit,
/// which is why this is not a formula.
public struct LogitFit: Sendable, Equatable {
    /// The fitted log-odds.
    public var coefficient: Double
    /// Its design-based standard error.
    public var standardError: Double

    private static let threshold = 30.0
    private static let epsilon = Double.ulpOfOne

    /// Fits `values` (shares between 0 and 1) over the rows of `domain` that have a value.
    public init?(values: [Double], domain: [Bool], design: SurveyDesign) {
        let rows = (0..<design.rowCount).filter { domain[$0] && !values[$0].isNaN }
        guard !rows.isEmpty else { return nil }
        // svyglm scales the weights to mean 1; the sandwich below does not depend on the scale,
        // but the starting values do.
        let meanWeight = rows.reduce(0.0) { $0 + design.weights[$1] } / Double(rows.count)
        let weights = rows.map { design.weights[$0] / meanWeight }
        let y = rows.map { values[$0] }

        var eta = zip(weights, y).map { weight, value in Self.link((weight * value + 0.5) / (weight + 1)) }
        var mu = eta.map(Self.inverseLink)
        var devianceBefore = Self.deviance(y, mu, weights)
        var workingWeights = [Double](repeating: 0, count: rows.count)
        var coefficient = 0.0
        for _ in 0..<25 {
            var weightedZ = 0.0
            var weightSum = 0.0
            for index in rows.indices {
                let derivative = Self.derivative(eta[index])
                let z = eta[index] + (y[index] - mu[index]) / derivative
                let working = weights[index] * derivative * derivative / (mu[index] * (1 - mu[index]))
                workingWeights[index] = working
                weightedZ += working * z
                weightSum += working
            }
            coefficient = weightedZ / weightSum
            eta = [Double](repeating: coefficient, count: rows.count)
            mu = eta.map(Self.inverseLink)
            let deviance = Self.deviance(y, mu, weights)
            if abs(deviance - devianceBefore) / (abs(deviance) + 0.1) < 1e-8 { break }
            devianceBefore = deviance
        }
        let information = workingWeights.reduce(0, +)
        var scores = [Double](repeating: 0, count: design.rowCount)
        let derivative = Self.derivative(coefficient)
        for (index, row) in rows.enumerated() {
            scores[row] = (y[index] - mu[index]) / derivative * workingWeights[index] / information
        }
        self.coefficient = coefficient
        self.standardError = design.variance(ofScores: scores).squareRoot()
    }

    /// The interval for the share: the logit interval on the design's degrees of freedom, mapped back.
    public func interval(level: Double, degreesOfFreedom: Double) -> ClosedInterval {
        let t = StudentT.quantile(1 - (1 - level) / 2, df: degreesOfFreedom)
        let expit = { (x: Double) in exp(x) / (1 + exp(x)) }
        return ClosedInterval(low: expit(coefficient - t * standardError), high: expit(coefficient + t * standardError))
    }

    private static func link(_ mu: Double) -> Double { log(mu / (1 - mu)) }

    /// R's `logit_linkinv`, with its guards against overflow.
    private static func inverseLink(_ eta: Double) -> Double {
        let t = eta < -threshold ? epsilon : eta > threshold ? 1 / epsilon : exp(eta)
        return t / (1 + t)
    }

    /// R's `logit_mu_eta`: dμ/dη, never below machine epsilon.
    private static func derivative(_ eta: Double) -> Double {
        guard eta >= -threshold, eta <= threshold else { return epsilon }
        let e = exp(eta)
        return e / ((1 + e) * (1 + e))
    }

    /// R's binomial deviance: 2·Σ w·(y·log(y/μ) + (1 − y)·log((1 − y)/(1 − μ))).
    private static func deviance(_ y: [Double], _ mu: [Double], _ weights: [Double]) -> Double {
        var total = 0.0
        for index in y.indices {
            let value = y[index]
            let a = value > 0 ? value * log(value / mu[index]) : 0
            let b = value < 1 ? (1 - value) * log((1 - value) / (1 - mu[index])) : 0
            total += 2 * weights[index] * (a + b)
        }
        return total
    }
}
