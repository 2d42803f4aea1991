import BarometerCore
import Foundation
import Testing

@testable import BarometerAggregate
@testable import BarometerLoad

@Suite struct ReportWriterTests {
    static let hostile = "<b>Stat & \"kommune\"</b> | *x* 'y'"

    static func row(_ indicator: String, group: String = "overall", level: String = "all", label: String = "All", share: Double, n: Int = 1878) -> EstimateRow {
        EstimateRow(
            indicator: indicator, indicatorLabel: "Label of \(indicator)", group: group, level: level, levelLabel: label,
            estimate: MeanEstimate(estimate: share, standardError: 0.01, degreesOfFreedom: 2262, unweightedCount: n, weightedCount: 11140),
            interval: ClosedInterval(low: share - 0.02, high: share + 0.02), intervalMethod: .logit, confidenceLevel: 0.95)
    }

    static func content(trend: [TrendPoint] = []) -> ReportContent {
        var suppressed = row("positive_role", group: "sektor", level: "2", label: "Region", share: 0.3, n: 12)
        suppressed.suppression = "fewer than 30 respondents"
        let estimates = [
            row("positive_role", share: 0.15867), row("initiated", share: 0.0320), row("promoted", share: 0.0928),
            row("collaborated", share: 0.0905), row("positive_role", group: "sektor", level: "1", label: hostile, share: 0.06, n: 1445),
            suppressed,
        ]
        let comparisons = [("0", "No", 0.258, Double.nan), ("1", "Yes", 0.398, 0.14)].map { level, label, share, difference in
            ComparisonRow(
                comparison: "value", outcome: "citizen", outcomeLabel: "Bedre inddragelse | borgere", group: "positive_role",
                level: level, levelLabel: label,
                estimate: MeanEstimate(estimate: share, standardError: 0.02, degreesOfFreedom: 2262, unweightedCount: 900, weightedCount: 5000),
                interval: ClosedInterval(low: share - 0.03, high: share + 0.03), intervalMethod: .logit, confidenceLevel: 0.95,
                difference: difference, test: nil, adjustedPValue: 0.0004, correction: .holm, alpha: 0.05)
        }
        return ReportContent(
            title: "Frivillige & co", pipeline: "frivillige-2019", wave: "2018-2019", run: "20190101T000000Z",
            headline: "positive_role", subElements: ["initiated", "promoted", "collaborated"],
            breakdowns: [("sektor", "Sektor <alle>")], estimates: estimates, comparisons: comparisons, trend: trend,
            methods: ReportContent.Methods(
                universe: "Innovative", universeCount: 1878, rowsRead: 2271, rowsRejected: 0, weighting: "expansion",
                weightCount: 2271, kishDesignEffect: 1.28, effectiveSampleSize: 1772, intervalMethod: .logit,
                confidenceLevel: 0.95, test: .f, correction: .holm, alpha: 0.05,
                suppression: SuppressionRules(minimumCount: 30, complementary: true), sources: ["data.csv (data)"]))
    }

    @Test func numbersFollowTheLanguage() {
        let danish = ReportNumberFormat(.danish), english = ReportNumberFormat(.english)
        #expect(danish.percent(0.15867) == "15,9\u{00A0}%" && english.percent(0.15867) == "15.9%")
        #expect(danish.number(1878) == "1.878" && english.number(1234567) == "1,234,567")
        #expect(danish.percentInterval(0.141, 0.178) == "14,1–17,8\u{00A0}%")
        #expect(danish.points(-0.026) == "−2,6" && english.points(0.14) == "+14.0")
        #expect(danish.pValue(0.0004) == "< 0,001" && english.pValue(0.4504) == "0.450")
        #expect(english.number(-0.0001, decimals: 1) == "0.0")
    }

    @Test(arguments: ReportLanguage.allCases)
    func theHTMLIsStrictSelfContainedAndEscaped(language: ReportLanguage) throws {
        let html = HTMLReportWriter(language: language).html(Self.content())
        let page = try StrictHTML.parse(html)
        #expect(!page.elements.contains("script") && !page.elements.contains("link") && !page.elements.contains("img"))
        // Nothing is fetched: the only addresses are the XHTML and SVG namespaces.
        #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/", with: "").range(of: "http") == nil)
        #expect(page.elements.filter { $0 == "svg" }.count == 2)
        // The hostile label comes back as the text it was.
        #expect(page.tables["breakdown-sektor"]?[1][0] == Self.hostile)
        #expect(page.tables["breakdown-sektor"]?[2] == ["Region", "–", "–", "12"])
        #expect(page.textByID["headline-share"] == (language == .danish ? "15,9\u{00A0}%" : "15.9%"))
        let value = try #require(page.tables["comparison-value"])
        #expect(value[1].first == "Bedre inddragelse | borgere")
        #expect(value[1].last == (language == .danish ? "★ Ja" : "★ Yes"))
    }

    @Test func theTrendAppearsOnlyWithSeveralWaves() throws {
        let one = [TrendPoint(indicator: "positive_role", indicatorLabel: "P", wave: "2018-2019", pipeline: "p", estimate: 0.159, ciLow: nil, ciHigh: nil, unweightedCount: 1878)]
        #expect(try StrictHTML.parse(HTMLReportWriter(language: .english).html(Self.content(trend: one))).tables["trend"] == nil)
        let two = one + [TrendPoint(indicator: "positive_role", indicatorLabel: "P", wave: "2015-2016", pipeline: "q", estimate: 0.165, ciLow: nil, ciHigh: nil, unweightedCount: 1963)]
        let page = try StrictHTML.parse(HTMLReportWriter(language: .english).html(Self.content(trend: two)))
        #expect(page.tables["trend"] == [["Indicator", "2015-2016", "2018-2019"], ["P", "16.5%", "15.9%"]])
    }

    @Test func markdownHasTheSameTablesWithPipesEscaped() {
        let markdown = MarkdownReportWriter(language: .danish).markdown(Self.content())
        #expect(markdown.contains("| \\<b\\>Stat & \"kommune\"\\</b\\> \\| \\*x\\* 'y' | 6,0\u{00A0}% |"))
        #expect(markdown.contains("| **Bedre inddragelse \\| borgere** | **25,8\u{00A0}%** | **39,8\u{00A0}%** |"))
        #expect(markdown.hasPrefix("# Frivillige & co\n"))
        // Every row of a table has as many cells as its header.
        for table in markdown.components(separatedBy: "\n\n") where table.hasPrefix("|") {
            let widths = table.split(separator: "\n").map { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
            #expect(Set(widths).count == 1, "\(table)")
        }
    }
}
