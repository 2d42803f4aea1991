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

    /// The covariance of the mean's scores over the same rows, from which the fit's variance
    /// follows without another pass: with δ = ȳ − μ, the fit's factors (y − μ)·s equal
    /// (g₁ + δ·g₂)·Σw·s, where g₁ = (y − ȳ)/Σw are the mean's and g₂ = 1/Σw the indicator's.
    struct MeanScores {
        var mean: Double
        var weightSum: Double
        /// The 2 × 2 covariance of the totals of g₁ and g₂.
        var covariance: [[Double]]
    }

    /// Fits `values` over `rows` (ascending, none of them NaN).
    public init?(values: [Double], rows domainRows: [Int32], design: SurveyDesign) {
        self.init(values: values, rows: domainRows, design: design, meanScores: nil)
    }

    /// Fits `values` over `rows`, taking the variance from `meanScores` when given and the fit
    /// ends with one working weight factor for all rows (it nearly always does), and the sums
    /// from `tally` when given (the same rows, counted by profile).
    init?(values: [Double], rows domainRows: [Int32], design: SurveyDesign, meanScores: MeanScores?, tally: ProfileTally? = nil) {
        if let tally {
            self.init(classes: tally, design: design, meanScores: meanScores) { factor in
                tally.covariance(statistics: 1) { [factor($0, $1)] }[0][0]
            }
        } else {
            let weights = design.weights
            self.init(
                classes: DomainRows(values: values, rows: domainRows, weights: weights), design: design, meanScores: meanScores
            ) { factor in
                let factors = domainRows.map { factor(weights[Int($0)], values[Int($0)]) }
                return design.variance(of: DomainScores(rows: domainRows, factors: [factors]))
            }
        }
    }

    /// Fits the values of `classes`; `variance` is the design variance of the scores whose
    /// factor in a row of weight w and value y is `factor(w, y)`.
    private init?(
        classes: some WeightedClasses, design: SurveyDesign, meanScores: MeanScores?,
        variance: ((_ weight: Double, _ value: Double) -> Double) -> Double
    ) {
        guard classes.rowCount > 0 else { return nil }
        // svyglm scales the weights to mean 1; the sandwich below does not depend on the scale,
        // but the starting values do. A calibrated subset keeps every row of the design (with
        // weight 0 outside the domain), so R's mean is over all of them.
        // The mean's Σw is the same sum, in the same order: not taken again.
        let domainWeight = meanScores?.weightSum ?? classes.weightSum
        let meanWeight = domainWeight / Double(design.isCalibrated ? design.rowCount : classes.rowCount)

        // Iteration 1 starts from a different μ per row; after it every row shares one η, so
        // later iterations reduce to sums over the domain (the same arithmetic, done once).
        // A row's part of iteration 1 depends on its weight and value alone, which repeat.
        var terms = FirstIterationTerms()
        var devianceBefore = 0.0
        var weightedZ = 0.0
        var weightSum = 0.0
        // Σw, Σw·y and the part of the deviance that does not depend on μ.
        var totalWeight = 0.0
        var weightedY = 0.0
        var constant = 0.0
        classes.forEach { rowWeight, value, count in
            let weight = rowWeight / meanWeight
            let term = terms.of(weight: weight, value: value)
            devianceBefore += count * term.deviance
            weightedZ += count * (term.working * term.z)
            weightSum += count * term.working
            totalWeight += count * weight
            weightedY += count * (weight * value)
            constant += count * term.constant
        }
        var coefficient = weightedZ / weightSum
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
        let derivative = Self.derivative(coefficient)
        // Scores (y − μ)/(dμ/dη) · W / information, W the working weights, as multiples of the
        // design weights.
        let factorVariance: Double
        if sharedFactor != nil {
            // W = c·w/w̄ and information = c·Σ(w/w̄): the shared factor c cancels.
            let scale = 1 / (derivative * meanWeight * totalWeight)
            if let meanScores {
                let (delta, v, s) = (meanScores.mean - mu, meanScores.covariance, scale * meanScores.weightSum)
                self.coefficient = coefficient
                self.standardError = (s * s * (v[0][0] + 2 * delta * v[0][1] + delta * delta * v[1][1])).squareRoot()
                return
            }
            factorVariance = variance { _, value in (value - mu) * scale }
        } else {
            let information = weightSum
            factorVariance = variance { weight, value in
                guard weight != 0 else { return 0 }
                let working = terms.of(weight: weight / meanWeight, value: value).working
                return (value - mu) / derivative * working / information / weight
            }
        }
        self.coefficient = coefficient
        self.standardError = factorVariance.squareRoot()
    }

    /// The interval for the share: the logit interval on the design's degrees of freedom, mapped back.
    public func interval(level: Double, degreesOfFreedom: Double) -> ClosedInterval {
        let t = StudentT.quantile(1 - (1 - level) / 2, df: degreesOfFreedom)
        let expit = { (x: Double) in exp(x) / (1 + exp(x)) }
        return ClosedInterval(low: expit(coefficient - t * standardError), high: expit(coefficient + t * standardError))
    }

    fileprivate static func link(_ mu: Double) -> Double { log(mu / (1 - mu)) }

    /// R's `logit_linkinv`, with its guards against overflow.
    fileprivate static func inverseLink(_ eta: Double) -> Double {
        let t = eta < -threshold ? epsilon : eta > threshold ? 1 / epsilon : exp(eta)
        return t / (1 + t)
    }

    /// R's `logit_mu_eta`: dμ/dη, never below machine epsilon.
    fileprivate static func derivative(_ eta: Double) -> Double {
        guard eta >= -threshold, eta <= threshold else { return epsilon }
        let e = exp(eta)
        return e / ((1 + e) * (1 + e))
    }

    /// One row's part of the first iteration, remembered for the weights and values seen last:
    /// calibrated and expansion weights take a few values, so most rows cost no logarithm.
    private struct FirstIterationTerms {
        struct Term {
            /// The row's part of R's binomial deviance at the starting μ,
            /// 2·w·(y·log(y/μ) + (1 − y)·log((1 − y)/(1 − μ))).
            var deviance: Double
            /// Working weight and working response of IRLS.
            var working: Double
            var z: Double
            /// The row's part of the deviance that does not depend on μ.
            var constant: Double
        }

        private var keys = [(UInt64, UInt64)](repeating: (UInt64.max, UInt64.max), count: 4096)
        private var remembered = [Term](repeating: Term(deviance: 0, working: 0, z: 0, constant: 0), count: 4096)

        mutating func of(weight: Double, value: Double) -> Term {
            let key = (weight.bitPattern, value.bitPattern)
            let slot = Int(truncatingIfNeeded: (key.0 &* 0x9E37_79B9_7F4A_7C15 ^ key.1) >> 52)
            if keys[slot] == key { return remembered[slot] }
            let eta = LogitFit.link((weight * value + 0.5) / (weight + 1))
            let mu = LogitFit.inverseLink(eta)
            let derivative = LogitFit.derivative(eta)
            let a = value > 0 ? value * log(value / mu) : 0
            let b = value < 1 ? (1 - value) * log((1 - value) / (1 - mu)) : 0
            let ca = value > 0 ? value * log(value) : 0
            let cb = value < 1 ? (1 - value) * log(1 - value) : 0
            let term = Term(
                deviance: 2 * weight * (a + b), working: weight * derivative * derivative / (mu * (1 - mu)),
                z: eta + (value - mu) / derivative, constant: 2 * weight * (ca + cb))
            keys[slot] = key
            remembered[slot] = term
            return term
        }
    }
}
