import Testing

@testable import BarometerAggregate

/// Cells built to trip each suppression rule, and one that trips none.
@Suite struct SuppressionRulesTests {
    func estimate(_ p: Double, se: Double, n: Int, df: Double = 100) -> MeanEstimate {
        MeanEstimate(estimate: p, standardError: se, degreesOfFreedom: df, unweightedCount: n, weightedCount: Double(n) * 5)
    }

    func row(_ level: String, _ estimate: MeanEstimate, group: String = "sektor") -> EstimateRow {
        EstimateRow(
            indicator: "f", indicatorLabel: "f", group: group, level: level, levelLabel: level, estimate: estimate,
            interval: ClosedInterval(low: 0, high: 1), intervalMethod: .logit, confidenceLevel: 0.95)
    }

    let nchs = SuppressionRules(nchs: true)

    @Test func aSmallCellIsSuppressed() {
        #expect(SuppressionRules(minimumCount: 30).reason(for: estimate(0.5, se: 0.05, n: 29)) == "fewer than 30 respondents")
        #expect(SuppressionRules(minimumCount: 30).reason(for: estimate(0.5, se: 0.05, n: 30)) == nil)
    }

    @Test func nchsEffectiveSampleSizeBelowThirty() {
        // n_eff = 0.5·0.5/0.1² = 25.
        #expect(nchs.reason(for: estimate(0.5, se: 0.1, n: 200)) == "NCHS: effective sample size below 30")
    }

    @Test func nchsAbsoluteWidth() {
        // n_eff = 0.25/0.085² ≈ 34.6 passes, but the Korn–Graubard interval is about 0.35 wide.
        #expect(nchs.reason(for: estimate(0.5, se: 0.085, n: 200)) == "NCHS: confidence interval 0.30 wide or wider")
    }

    @Test func nchsRelativeWidth() {
        // p = 0.05 with n_eff ≈ 40: the interval (about 0.006 to 0.17) is far wider than 130 % of p.
        let p = 0.05
        let se = (p * (1 - p) / 40).squareRoot()
        #expect(nchs.reason(for: estimate(p, se: se, n: 200)) == "NCHS: confidence interval wider than 130 % of the share")
    }

    @Test func aPreciseShareIsShown() {
        #expect(nchs.reason(for: estimate(0.3, se: 0.01, n: 2000)) == nil)
    }

    @Test func complementarySuppressionProtectsTheLoneSuppressedLevel() {
        var rows = [
            row("all", estimate(0.2, se: 0.01, n: 500), group: EstimateRow.overallGroup),
            row("1", estimate(0.2, se: 0.02, n: 300)),
            row("2", estimate(0.2, se: 0.03, n: 120)),
            row("3", estimate(0.2, se: 0.05, n: 12)),
        ]
        SuppressionRules(minimumCount: 30, complementary: true).apply(to: &rows)
        #expect(rows.map(\.suppression) == [nil, nil, "complementary: protects another suppressed level", "fewer than 30 respondents"])
    }

    @Test func twoSuppressedLevelsNeedNoMore() {
        var rows = [row("1", estimate(0.2, se: 0.02, n: 300)), row("2", estimate(0.2, se: 0.05, n: 20)), row("3", estimate(0.2, se: 0.05, n: 12))]
        SuppressionRules(minimumCount: 30, complementary: true).apply(to: &rows)
        #expect(rows.map { $0.suppression != nil } == [false, true, true])
    }
}
