import Foundation

/// Log-gamma and the regularized incomplete beta and gamma functions, the core of every
/// distribution Barometer needs.
///
/// Each incomplete function is evaluated on the side where its continued fraction or series
/// converges, and that side is returned directly; the other is one minus it. So the smaller of
/// the two tails is never the difference of two numbers near one, and upper-tail p-values keep
/// their relative accuracy far out (to 1e-300 and beyond).
public enum SpecialFunctions {
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// I_x(a, b), the regularized incomplete beta function (the beta distribution's cdf).
    public static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(x, a: a, b: b).lower
    }

    /// Both tails of I_x(a, b): `lower` = I_x(a, b), `upper` = 1 − I_x(a, b), each accurate.
    ///
    /// Pass `complement` (1 − x) when the caller can form it without rounding (x near 1 from a
    /// ratio such as df/(df + t²)): with a large a, a·log(x) needs those digits.
    static func incompleteBeta(_ x: Double, complement: Double? = nil, a: Double, b: Double) -> (lower: Double, upper: Double) {
        guard !x.isNaN, !a.isNaN, !b.isNaN, a > 0, b > 0 else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        let y = complement ?? 1 - x
        if x < (a + 1) / (a + b + 2) {
            let lower = exp(logBetaPrefix(x, y, a, b)) * betaFraction(x, a, b) / a
            return (lower, 1 - lower)
        }
        let upper = exp(logBetaPrefix(y, x, b, a)) * betaFraction(y, b, a) / b
        return (1 - upper, upper)
    }

    /// log(x^a y^b / B(a, b)) with y = 1 − x.
    private static func logBetaPrefix(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        let logY = y > 0.5 ? log1p(-x) : log(y)
        let logX = x > 0.5 ? log1p(-y) : log(x)
        return a * logX + b * logY - logBeta(a, b)
    }

    /// log B(a, b), with the large-argument cancellation of lgamma avoided by Stirling's
    /// series where both arguments are large.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let (small, large) = a < b ? (a, b) : (b, a)
        if small >= 10 {
            // log B = ½log(2π) − ½log(q) + (p−½)log(p/(p+q)) + q·log(q/(p+q)) + corrections.
            let sum = small + large
            let correction = stirlingCorrection(small) + stirlingCorrection(large) - stirlingCorrection(sum)
            return 0.5 * log(2 * Double.pi) - 0.5 * log(large) + (small - 0.5) * log(small / sum)
                + large * log1p(-small / sum) + correction
        }
        if large >= 10 {
            let correction = stirlingCorrection(large) - stirlingCorrection(small + large)
            return lgamma(small) + correction + small - small * log(small + large)
                + (large - 0.5) * log1p(-small / (small + large))
        }
        return lgamma(small) + lgamma(large) - lgamma(small + large)
    }

    /// log Γ(x) − (½log(2π) + (x − ½)log x − x) for x ≥ 10, by its asymptotic series.
    private static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x
        let square = inverse * inverse
        return inverse * (1.0 / 12 - square * (1.0 / 360 - square * (1.0 / 1260 - square * (1.0 / 1680 - square * (1.0 / 1188)))))
    }

    /// The continued fraction of the incomplete beta (modified Lentz), for x < (a+1)/(a+b+2).
    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// P(a, x), the regularized lower incomplete gamma function.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double { incompleteGamma(a, x).lower }

    /// Q(a, x) = 1 − P(a, x), computed directly in the upper tail.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double { incompleteGamma(a, x).upper }

    static func incompleteGamma(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        guard !a.isNaN, !x.isNaN, a > 0 else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // Series: P = e^{-x} x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<100_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            let lower = exp(logPrefix) * sum
            return (lower, 1 - lower)
        }
        // Continued fraction for Q (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        let upper = exp(logPrefix) * h
        return (1 - upper, upper)
    }
}
