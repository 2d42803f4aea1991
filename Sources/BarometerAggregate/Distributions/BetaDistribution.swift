/// The beta distribution, as Korn–Graubard intervals use it.
public enum BetaDistribution {
    public static func cdf(_ x: Double, a: Double, b: Double) -> Double { SpecialFunctions.incompleteBeta(x, a: a, b: b).lower }

    public static func upperTail(_ x: Double, a: Double, b: Double) -> Double { SpecialFunctions.incompleteBeta(x, a: a, b: b).upper }

    public static func quantile(_ p: Double, a: Double, b: Double) -> Double {
        guard !p.isNaN, a > 0, b > 0, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        if p < 0.5 {
            return MonotoneInverse.solve(p, lower: 0, upper: 1, start: a / (a + b), increasing: true) { cdf($0, a: a, b: b) }
        }
        return MonotoneInverse.solve(1 - p, lower: 0, upper: 1, start: a / (a + b)) { upperTail($0, a: a, b: b) }
    }
}
