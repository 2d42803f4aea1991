/// Fisher's F distribution (non-integer degrees of freedom allowed, as Rao–Scott tests need).
public enum FDistribution {
    public static func cdf(_ x: Double, df1: Double, df2: Double) -> Double { tails(x, df1, df2).lower }

    public static func upperTail(_ x: Double, df1: Double, df2: Double) -> Double { tails(x, df1, df2).upper }

    private static func tails(_ x: Double, _ df1: Double, _ df2: Double) -> (lower: Double, upper: Double) {
        guard !x.isNaN, df1 > 0, df2 > 0 else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        if df2.isInfinite {
            let chi = SpecialFunctions.incompleteGamma(df1 / 2, df1 * x / 2)
            return (chi.lower, chi.upper)
        }
        // P(F ≤ x) = I_{d1x/(d1x+d2)}(d1/2, d2/2); the argument is formed on its small side.
        let product = df1 * x
        if product < df2 {
            return SpecialFunctions.incompleteBeta(
                product / (product + df2), complement: df2 / (product + df2), a: df1 / 2, b: df2 / 2)
        }
        let flipped = SpecialFunctions.incompleteBeta(
            df2 / (df2 + product), complement: product / (df2 + product), a: df2 / 2, b: df1 / 2)
        return (flipped.upper, flipped.lower)
    }

    public static func quantile(_ p: Double, df1: Double, df2: Double) -> Double {
        guard !p.isNaN, df1 > 0, df2 > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        if p < 0.5 {
            return MonotoneInverse.solve(p, lower: 0, upper: .greatestFiniteMagnitude, start: 1, increasing: true) {
                cdf($0, df1: df1, df2: df2)
            }
        }
        return MonotoneInverse.solve(1 - p, lower: 0, upper: .greatestFiniteMagnitude, start: 1) {
            upperTail($0, df1: df1, df2: df2)
        }
    }
}
