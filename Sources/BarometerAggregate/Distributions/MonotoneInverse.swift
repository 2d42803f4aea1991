import Foundation

/// Inverts a monotone tail probability by bracketing and bisection on the log scale, so
/// quantiles reach full precision for probabilities down to 1e-300 without a special start.
enum MonotoneInverse {
    /// The x in (lower, upper) with `tail(x) = p`, where `tail` falls from 1 to 0 as x grows
    /// (an upper tail) — or rises, with `increasing`. Brackets are widened geometrically.
    static func solve(
        _ p: Double, lower: Double, upper: Double, start: Double, increasing: Bool = false,
        tail: (Double) -> Double
    ) -> Double {
        let target = log(p)
        // g(x) > 0 means x is too small.
        func g(_ x: Double) -> Double {
            let value = log(tail(x)) - target
            return increasing ? -value : value
        }
        var low = start
        var high = start
        var step = max(1, abs(start))
        while low > lower, g(low) <= 0 {
            low = max(lower, low - step)
            step *= 2
        }
        step = max(1, abs(start))
        while high < upper, g(high) > 0 {
            high = min(upper, high + step)
            step *= 2
        }
        // Bisection in x, or in log x on (0, ∞) where quantiles span many magnitudes.
        let positive = low >= 0
        for _ in 0..<2000 {
            let mid = positive && low > 0 ? (low * high).squareRoot() : (low + high) / 2
            if mid <= low || mid >= high { break }
            if g(mid) > 0 { low = mid } else { high = mid }
            if high - low <= 2 * Double.ulpOfOne * max(abs(low), abs(high)) { break }
        }
        return (low + high) / 2
    }
}
