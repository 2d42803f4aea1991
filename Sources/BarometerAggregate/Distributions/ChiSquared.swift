/// The chi-squared distribution (non-integer degrees of freedom allowed).
public enum ChiSquared {
    public static func cdf(_ x: Double, df: Double) -> Double {
        guard !x.isNaN, df > 0 else { return .nan }
        return SpecialFunctions.incompleteGamma(df / 2, max(0, x) / 2).lower
    }

    public static func upperTail(_ x: Double, df: Double) -> Double {
        guard !x.isNaN, df > 0 else { return .nan }
        return SpecialFunctions.incompleteGamma(df / 2, max(0, x) / 2).upper
    }

    public static func quantile(_ p: Double, df: Double) -> Double {
        guard !p.isNaN, df > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        if p < 0.5 {
            return MonotoneInverse.solve(p, lower: 0, upper: .greatestFiniteMagnitude, start: df, increasing: true) { cdf($0, df: df) }
        }
        return MonotoneInverse.solve(1 - p, lower: 0, upper: .greatestFiniteMagnitude, start: df) { upperTail($0, df: df) }
    }
}
