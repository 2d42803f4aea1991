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

    @Test func aDesignEffectBelowOneDoesNotLiftTheEffectiveSizeAboveTheRealOne() {
        // p(1 − p)/Var = 100 (what R's beta interval uses), but only 25 respondents.
        let small = estimate(0.5, se: 0.05, n: 25)
        #expect(NCHSPresentationStandard.effectiveSampleSize(of: small) == 25)
        #expect(nchs.reason(for: small) == "NCHS: effective sample size below 30")
        // Korn–Graubard at n* = 25 · (t₂₄/t₁₀₀)², R: qbeta(0.025, n*/2, n*/2 + 1) and its mirror.
        let interval = NCHSPresentationStandard.kornGraubardInterval(for: small)
        #expect(abs(interval.low - 0.30316367508557396) < 1e-12)
        #expect(abs(interval.high - 0.69683632491442582) < 1e-12)
    }

    @Test func sharesOfZeroAndOneGetAnIntervalAtTheRealSize() {
        // n = 100 on 5 degrees of freedom: n* = 100 · (t₉₉/t₅)² = 59.58, as Stata's kg_nchs reports;
        // R: qbeta(0.025, n*, 1) = 0.93996503900602224 and qbeta(0.975, 1, n*).
        let one = NCHSPresentationStandard.kornGraubardInterval(for: estimate(1, se: 0, n: 100, df: 5))
        #expect(abs(one.low - 0.93996503900602224) < 1e-12 && one.high == 1)
        let zero = NCHSPresentationStandard.kornGraubardInterval(for: estimate(0, se: 0, n: 100, df: 5))
        #expect(zero.low == 0 && abs(zero.high - 0.06003496099397776) < 1e-12)
        // 0.06 wide: fine next to a share of 1, infinitely wide relative to a share of 0.
        #expect(nchs.reason(for: estimate(1, se: 0, n: 100, df: 5)) == nil)
        #expect(nchs.reason(for: estimate(0, se: 0, n: 100, df: 5)) == "NCHS: confidence interval wider than 130 % of the share")
    }

    @Test func noDegreesOfFreedomMeansNoInterval() {
        #expect(nchs.reason(for: estimate(0.3, se: 0.01, n: 2000, df: 0)) == "NCHS: no Korn–Graubard interval (no design degrees of freedom)")
    }

    /// Overall, sektor 1 and 2, and the sektor × stoerrelse cells, with `n` per cell.
    func crossing(_ n: [String: Int], stoerrelseToo: Bool = false) -> [EstimateRow] {
        var rows = [row("all", estimate(0.2, se: 0.01, n: 400), group: EstimateRow.overallGroup)]
        rows += ["1", "2"].map { row($0, estimate(0.2, se: 0.02, n: 200)) }
        if stoerrelseToo { rows += ["1", "2"].map { row($0, estimate(0.2, se: 0.02, n: 200), group: "stoerrelse") } }
        rows += ["1:1", "1:2", "2:1", "2:2"].map { row($0, estimate(0.2, se: 0.05, n: n[$0]!), group: "sektor:stoerrelse") }
        return rows
    }

    @Test func aSuppressedCellIsProtectedWithinItsRowOfTheCrossing() {
        // 1:1 is too small. The smallest other cell, 2:1, would not protect it: sektor 1's share
        // and weighted n are published, so 1:1 follows from 1:2. Its row partner 1:2 must go.
        var rows = crossing(["1:1": 12, "1:2": 188, "2:1": 40, "2:2": 160])
        SuppressionRules(minimumCount: 30, complementary: true).apply(to: &rows)
        let suppressed = rows.filter { $0.suppression != nil }.map { "\($0.group) \($0.level) \($0.suppression!)" }
        #expect(suppressed == ["sektor:stoerrelse 1:1 fewer than 30 respondents", "sektor:stoerrelse 1:2 \(ComplementarySuppression.reason)"])
    }

    @Test func protectionSpreadsAlongRowsAndColumnsUntilNoCellIsAlone() {
        // With stoerrelse published too, 1:2 leaves column 2 with one suppressed cell, 1:1 column 1:
        // both other cells go, and then every row and column has two.
        var rows = crossing(["1:1": 12, "1:2": 188, "2:1": 40, "2:2": 160], stoerrelseToo: true)
        SuppressionRules(minimumCount: 30, complementary: true).apply(to: &rows)
        #expect(rows.filter { $0.suppression != nil }.map(\.level) == ["1:1", "1:2", "2:1", "2:2"])
        #expect(rows.filter { $0.group != "sektor:stoerrelse" }.allSatisfy { $0.suppression == nil })
    }

    @Test func aSuppressedLevelIsNotLeftRecoverableFromItsCells() {
        // Sektor 2 itself is hidden (say by NCHS) while its cells are not: one cell of its row goes,
        // and through the overall share sektor 1 and then one of its cells as well.
        var rows = crossing(["1:1": 100, "1:2": 100, "2:1": 90, "2:2": 110])
        rows[2].suppression = "NCHS: effective sample size below 30"
        ComplementarySuppression.apply(to: &rows)
        #expect(rows.filter { $0.suppression != nil }.map { "\($0.group) \($0.level)" } == [
            "sektor 1", "sektor 2", "sektor:stoerrelse 1:1", "sektor:stoerrelse 2:1",
        ])
    }
}
