import Foundation

/// Student's t distribution; `df = .infinity` is the standard normal.
public enum StudentT {
    public static func cdf(_ x: Double, df: Double) -> Double {
        x <= 0 ? lowerTail(x, df: df) : 1 - lowerTail(-x, df: df)
    }

    public static func upperTail(_ x: Double, df: Double) -> Double { lowerTail(-x, df: df) }

    /// P(T ≤ x) for x ≤ 0, from the incomplete beta on the side that keeps it accurate.
    private static func lowerTail(_ x: Double, df: Double) -> Double {
        guard !x.isNaN, !df.isNaN, df > 0 else { return .nan }
        if df.isInfinite { return Normal.cdf(x) }
        if x.isInfinite { return x < 0 ? 0 : 1 }
        // R switches to Abramowitz & Stegun 26.7.8 above 4e5 degrees of freedom; so do we, to
        // give R's figures.
        if df > 4e5 {
            let v = 1 / (4 * df)
            return Normal.cdf(x * (1 - v) / (1 + x * x * 2 * v).squareRoot())
        }
        let logR = log(df) - 2 * log(abs(x))
        if logR < -600 {
            // Far tail: I_r(df/2, ½) ≈ r^{df/2} / ((df/2)·B(df/2, ½)), r = df/x² below any double.
            let a = df / 2
            return exp(a * logR - log(a) - SpecialFunctions.logBeta(a, 0.5)) / 2
        }
        // I_{df/(df+x²)}(df/2, ½)/2, with both df/(df+x²) and x²/(df+x²) formed without
        // cancellation or overflow (r = df/x² for large |x|).
        let beta: Double
        if x * x < df {
            let squared = x * x
            beta = SpecialFunctions.incompleteBeta(
                squared / (df + squared), complement: df / (df + squared), a: 0.5, b: df / 2
            ).upper
        } else {
            let r = df / abs(x) / abs(x)
            beta = SpecialFunctions.incompleteBeta(r / (1 + r), complement: 1 / (1 + r), a: df / 2, b: 0.5).lower
        }
        return x <= 0 ? beta / 2 : 1 - beta / 2
    }

    public static func quantile(_ p: Double, df: Double) -> Double {
        guard !p.isNaN, !df.isNaN, df > 0, p >= 0, p <= 1 else { return .nan }
        if df.isInfinite { return Normal.quantile(p) }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -lowerQuantile(1 - p, df: df) }
        return lowerQuantile(p, df: df)
    }

    private static func lowerQuantile(_ p: Double, df: Double) -> Double {
        MonotoneInverse.solve(p, lower: -.greatestFiniteMagnitude, upper: 0, start: min(-1e-3, Normal.quantile(p)), increasing: true) {
            lowerTail($0, df: df)
        }
    }
}
