import Foundation

// TEMPORARY until the distributions branch lands: plain continued-fraction t distribution.
public enum StudentT {
    public static func cdf(_ x: Double, df: Double) -> Double {
        let ib = incompleteBeta(df / (df + x * x), df / 2, 0.5)
        return x > 0 ? 1 - ib / 2 : ib / 2
    }
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard df > 0, p > 0, p < 1 else { return .nan }
        var lo = -1e3, hi = 1e3
        for _ in 0..<200 { let mid = (lo + hi) / 2; if cdf(mid, df: df) < p { lo = mid } else { hi = mid } }
        return (lo + hi) / 2
    }
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }; if x >= 1 { return 1 }
        let lg: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let lx: Double = a * log(x) + b * log(1 - x)
        let bt = exp(lg + lx)
        if x < (a + 1) / (a + b + 2) { return bt * cf(x, a, b) / a }
        return 1 - bt * cf(1 - x, b, a) / b
    }
    static func cf(_ x: Double, _ a: Double, _ b: Double) -> Double {
        var c = 1.0, d = 1 - (a + b) * x / (a + 1); if abs(d) < 1e-300 { d = 1e-300 }; d = 1 / d; var h = d
        for m in 1...300 { let m = Double(m)
            var aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa * d; if abs(d) < 1e-300 { d = 1e-300 }; c = 1 + aa / c; if abs(c) < 1e-300 { c = 1e-300 }; d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa * d; if abs(d) < 1e-300 { d = 1e-300 }; c = 1 + aa / c; if abs(c) < 1e-300 { c = 1e-300 }; d = 1 / d
            let del = d * c; h *= del; if abs(del - 1) < 1e-16 { break } }
        return h
    }
}
