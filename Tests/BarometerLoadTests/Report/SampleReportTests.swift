import Barometer
import BarometerAggregate
import BarometerCore
import Foundation
import Testing

@testable import BarometerLoad

/// The volunteer series' two sample waves run end to end; the 2018-2019 report, parsed
/// strictly, shows exactly the figures of the run's tables and of the database's trend.
@Suite(.serialized) struct SampleReportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ name: String, into folder: String, language: ReportLanguage) throws -> PipelineRunner.Computation {
        var loaded = try PipelineLoader().load(path: repository.appendingPathComponent("Pipelines/\(name).yml").path)
        loaded.pipeline.output.directory = folder + "/" + name
        loaded.pipeline.output.language = language
        _ = try PipelineRunner(loaded).run()
        return try PipelineRunner(loaded).compute()
    }

    @Test(arguments: ReportLanguage.allCases)
    func theReportShowsTheTables(language: ReportLanguage) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-report-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let older = try Self.run("frivillige-2016", into: folder, language: language)
        let computed = try Self.run("frivillige-2019", into: folder, language: language)
        let format = ReportNumberFormat(language)
        let html = try String(contentsOfFile: folder + "/frivillige-2019/report.html", encoding: .utf8)
        let page = try StrictHTML.parse(html)
        let overall = { (rows: [EstimateRow], indicator: String) in
            rows.first { $0.indicator == indicator && $0.group == EstimateRow.overallGroup }!
        }

        let headline = overall(computed.estimates, "positive_role")
        #expect(page.textByID["headline-share"] == format.percent(headline.estimate.estimate))
        #expect(page.textByID["headline-detail"]?.hasSuffix("n = " + format.number(1878)) == true)

        let parts = try #require(page.tables["sub-elements"])
        #expect(parts.count == 5)
        for (row, indicator) in zip(parts.dropFirst(), ["positive_role", "initiated", "promoted", "collaborated"]) {
            let estimate = overall(computed.estimates, indicator)
            #expect(row == [
                estimate.indicatorLabel, format.percent(estimate.estimate.estimate),
                format.percentInterval(estimate.interval.low, estimate.interval.high),
                format.number(Double(estimate.estimate.unweightedCount)),
            ])
        }

        for group in ["sektor", "arbejdsplads"] {
            let rows = computed.estimates.filter { $0.indicator == "positive_role" && $0.group == group }
            let table = try #require(page.tables["breakdown-\(group)"])
            #expect(table.dropFirst().map { $0[0] } == rows.map(\.levelLabel))
            #expect(table.dropFirst().map { $0[1] } == rows.map { format.percent($0.estimate.estimate) })
            #expect(table.dropFirst().map { $0[3] } == rows.map { format.number(Double($0.estimate.unweightedCount)) })
        }

        let value = try #require(page.tables["comparison-value_by_positive_role"])
        let citizen = computed.tables.comparisons.filter { $0.outcome == "citizen_involvement" }
        let shown = try #require(value.first { $0[0] == citizen[0].outcomeLabel })
        #expect(Array(shown[1...2]) == citizen.map { format.percent($0.estimate.estimate) })
        #expect(shown.last?.hasPrefix("★") == true)
        #expect(value.filter { $0.last?.hasPrefix("★") == true }.count == 1, "only citizen involvement differs")

        let trend = try #require(page.tables["trend"])
        #expect(trend[0].dropFirst() == ["2015-2016", "2018-2019"])
        #expect(trend[1] == [
            headline.indicatorLabel, format.percent(overall(older.estimates, "positive_role").estimate.estimate),
            format.percent(headline.estimate.estimate),
        ])

        let markdown = try String(contentsOfFile: folder + "/frivillige-2019/report.md", encoding: .utf8)
        #expect(markdown.contains("| \(headline.indicatorLabel) | \(format.percent(headline.estimate.estimate)) |"))
    }
}
