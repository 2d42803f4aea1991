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
        self.init(values: values, rows: DomainScores.rows(of: domain, with: values), design: design)
    }

    /// Fits `values` over `rows` (ascending, none of them NaN).
    public init?(values: [Double], rows domainRows: [Int32], design: SurveyDesign) {
        let rows = domainRows.map(Int.init)
        guard !rows.isEmpty else { return nil }
        // svyglm scales the weights to mean 1; the sandwich below does not depend on the scale,
        // but the starting values do. A calibrated subset keeps every row of the design (with
        // weight 0 outside the domain), so R's mean is over all of them.
        let meanWeight =
            rows.reduce(0.0) { $0 + design.weights[$1] } / Double(design.isCalibrated ? design.rowCount : rows.count)
        let weights = rows.map { design.weights[$0] / meanWeight }
        let y = rows.map { values[$0] }

        // Iteration 1 starts from a different μ per row; after it every row shares one η, so
        // later iterations reduce to sums over the domain (the same arithmetic, done once).
        let eta = zip(weights, y).map { weight, value in Self.link((weight * value + 0.5) / (weight + 1)) }
        let mu0 = eta.map(Self.inverseLink)
        var devianceBefore = Self.deviance(y, mu0, weights)
        var workingWeights = [Double](repeating: 0, count: rows.count)
        var weightedZ = 0.0
        var weightSum = 0.0
        for index in rows.indices {
            let derivative = Self.derivative(eta[index])
            let z = eta[index] + (y[index] - mu0[index]) / derivative
            let working = weights[index] * derivative * derivative / (mu0[index] * (1 - mu0[index]))
            workingWeights[index] = working
            weightedZ += working * z
            weightSum += working
        }
        var coefficient = weightedZ / weightSum
        // Σw, Σw·y and the part of the deviance that does not depend on μ.
        var totalWeight = 0.0
        var weightedY = 0.0
        var constant = 0.0
        for index in rows.indices {
            let value = y[index]
            totalWeight += weights[index]
            weightedY += weights[index] * value
            let a = value > 0 ? value * log(value) : 0
            let b = value < 1 ? (1 - value) * log(1 - value) : 0
            constant += 2 * weights[index] * (a + b)
        }
        let deviance = { (mu: Double) in constant - 2 * (weightedY * log(mu) + (totalWeight - weightedY) * log(1 - mu)) }
        // The working weights of the last iteration are w·c with one factor c for all rows,
        // except when the fit stops after iteration 1 (then they are the per-row ones above).
        var sharedFactor: Double?
        var mu = Self.inverseLink(coefficient)
        var current = deviance(mu)
        for _ in 1..<25 {
            if abs(current - devianceBefore) / (abs(current) + 0.1) < 1e-8 { break }
            devianceBefore = current
            let derivative = Self.derivative(coefficient)
            let factor = derivative * derivative / (mu * (1 - mu))
            // Σ W·z / Σ W with W = w·factor and z = η + (y − μ)/dμ/dη.
            coefficient = (factor * (coefficient * totalWeight + (weightedY - mu * totalWeight) / derivative)) / (factor * totalWeight)
            sharedFactor = factor
            mu = Self.inverseLink(coefficient)
            current = deviance(mu)
        }
        let information = sharedFactor.map { $0 * totalWeight } ?? workingWeights.reduce(0, +)
        // Scores (y − μ)/(dμ/dη) · W / information, as multiples of the design weights.
        let derivative = Self.derivative(coefficient)
        let factors = rows.indices.map { index -> Double in
            let weight = design.weights[rows[index]]
            guard weight != 0 else { return 0 }
            let working = sharedFactor.map { $0 * weights[index] } ?? workingWeights[index]
            return (y[index] - mu) / derivative * working / information / weight
        }
        self.coefficient = coefficient
        self.standardError = design.variance(of: DomainScores(rows: domainRows, factors: [factors])).squareRoot()
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
