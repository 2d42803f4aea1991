import Foundation

/// The standard normal distribution.
public enum Normal {
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    public static func upperTail(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    public static func quantile(_ p: Double) -> Double {
        guard !p.isNaN, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// Quantile for p ≤ ½ from the lower tail, where p keeps its relative precision.
    private static func lowerQuantile(_ p: Double) -> Double {
        if p == 0.5 { return 0 }
        return MonotoneInverse.solve(p, lower: -40, upper: 0, start: -1, increasing: true, tail: cdf)
    }
}
