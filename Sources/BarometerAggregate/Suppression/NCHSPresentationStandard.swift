/// The NCHS data presentation standard for proportions (Parker et al. 2017, *Vital and Health
/// Statistics* 2(175)), as far as it decides whether a share is shown.
///
/// A share is suppressed when its effective sample size is below 30, when its Korn–Graubard
/// interval is 0.30 wide or wider, or when that interval is wider than 0.05 and wider than 130 %
/// of the share. (The standard's other flags, fewer than 8 degrees of freedom and shares of 0 or
/// 1, call for a statistician's review rather than suppression, and are not applied.)
///
/// The standard's effective sample size and Korn–Graubard interval differ from R's
/// `svyciprop(method = "beta")` in two places, both for safety: the effective n is never larger
/// than the real n (a design effect below 1 counts as 1), and for a share of 0 or 1 it is the
/// real n, so such a share still gets an interval.
public enum NCHSPresentationStandard {
    public static let minimumEffectiveSampleSize = 30.0
    public static let maximumWidth = 0.30
    public static let widthNeedingRelativeCheck = 0.05
    public static let maximumRelativeWidth = 1.30

    /// p(1 − p)/Var(p̂), at most the unweighted n; the unweighted n for a share of 0 or 1.
    public static func effectiveSampleSize(of estimate: MeanEstimate) -> Double {
        let n = Double(estimate.unweightedCount)
        let variance = estimate.standardError * estimate.standardError
        let p = estimate.estimate
        guard p > 0, p < 1, variance > 0 else { return n }
        return min(n, p * (1 - p) / variance)
    }

    /// The Korn–Graubard interval: Clopper–Pearson limits at the effective n scaled by
    /// (t_{n−1} / t_df)² for the design's degrees of freedom. NaN ends without degrees of freedom.
    public static func kornGraubardInterval(for estimate: MeanEstimate, level: Double = 0.95) -> ClosedInterval {
        let alpha = 1 - level
        let p = estimate.estimate
        let n = Double(estimate.unweightedCount)
        let ratio = StudentT.quantile(alpha / 2, df: n - 1) / StudentT.quantile(alpha / 2, df: estimate.degreesOfFreedom)
        let size = effectiveSampleSize(of: estimate) * ratio * ratio
        guard size.isFinite, size > 0 else { return ClosedInterval(low: .nan, high: .nan) }
        let events = size * p
        return ClosedInterval(
            low: p <= 0 ? 0 : BetaDistribution.quantile(alpha / 2, a: events, b: size - events + 1),
            high: p >= 1 ? 1 : BetaDistribution.quantile(1 - alpha / 2, a: events + 1, b: size - events))
    }

    /// Why the standard suppresses `estimate`, or nil when it may be shown.
    public static func reason(for estimate: MeanEstimate) -> String? {
        if effectiveSampleSize(of: estimate) < minimumEffectiveSampleSize {
            return "NCHS: effective sample size below 30"
        }
        let interval = kornGraubardInterval(for: estimate)
        let width = interval.high - interval.low
        guard width.isFinite else { return "NCHS: no Korn–Graubard interval (no design degrees of freedom)" }
        if width >= maximumWidth { return "NCHS: confidence interval 0.30 wide or wider" }
        // For a share of 0 the relative width is infinite: shown only if the interval is narrow.
        if width > widthNeedingRelativeCheck, width > maximumRelativeWidth * estimate.estimate {
            return "NCHS: confidence interval wider than 130 % of the share"
        }
        return nil
    }
}
