import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// The shipped pipelines on the sample wave, end to end, against R's survey package
/// (`Reference/sample-pipelines.R` made the fixtures from the same files).
@Suite struct SamplePipelineReferenceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `name` into a fresh temporary folder and returns that folder.
    static func run(_ name: String) throws -> (RunSummary, String) {
        var loaded = try PipelineLoader().load(path: repository.appendingPathComponent("Pipelines/\(name).yml").path)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID())").path
        loaded.pipeline.output.directory = directory
        loaded.pipeline.output.database = directory + "/barometer.sqlite"
        return (try PipelineRunner(loaded).run(), directory)
    }

    /// A small CSV reader for the fixtures and outputs, which quote nothing these tests read.
    static func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    @Test(arguments: ["frivillige-2019", "borgere-2019"])
    func estimatesEqualR(pipeline: String) throws {
        let (summary, directory) = try Self.run(pipeline)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reference = try Self.rows(Self.repository.appendingPathComponent("Tests/BarometerTests/Reference/\(pipeline).csv").path)
        let estimates = try Self.rows(directory + "/estimates.csv")
        #expect(estimates.count == reference.count)
        #expect(summary.rowsRead == 2271 && summary.rowsRejected == 0 && summary.universeCount == 1878)
        for expected in reference {
            let key = "\(expected["indicator"]!) \(expected["group"]!) \(expected["level"]!)"
            let actual = try #require(
                estimates.first {
                    $0["indicator"] == expected["indicator"] && $0["group"] == expected["group"] && $0["level"] == expected["level"]
                }, "no row for \(key)")
            #expect(actual["n_unweighted"] == expected["n_unweighted"], "\(key) n")
            if actual["suppressed"] == "true" {
                #expect(Int(actual["n_unweighted"]!)! < 30 || actual["suppression_reason"]!.hasPrefix("complementary"))
                #expect(actual["estimate"] == "")
                continue
            }
            for column in ["estimate", "se", "ci_low", "ci_high", "n_weighted", "deff"] {
                // Both empty where the figure is undefined (the deff of a share of 0).
                guard let r = Double(expected[column]!) else {
                    #expect(actual[column] == "", "\(key) \(column)")
                    continue
                }
                let a = try #require(Double(actual[column]!), "\(key) \(column)")
                #expect(abs(a - r) <= 1e-10 * abs(r), "\(key) \(column): \(a) vs R \(r)")
            }
            #expect(actual["n_unweighted"] == expected["n_unweighted"], "\(key) n")
            #expect(Double(actual["df"]!) == Double(expected["df"]!), "\(key) df")
        }
    }

    @Test(arguments: ["frivillige-2019", "borgere-2019"])
    func comparisonsEqualR(pipeline: String) throws {
        let (_, directory) = try Self.run(pipeline)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reference = try Self.rows(Self.repository.appendingPathComponent("Tests/BarometerTests/Reference/\(pipeline)-comparisons.csv").path)
        let comparisons = try Self.rows(directory + "/comparisons.csv")
        #expect(comparisons.count == reference.count)
        for expected in reference {
            let key = "\(expected["comparison"]!) \(expected["outcome"]!) \(expected["level"]!)"
            let actual = try #require(
                comparisons.first {
                    $0["comparison"] == expected["comparison"] && $0["outcome"] == expected["outcome"] && $0["level"] == expected["level"]
                }, "\(key)")
            for column in ["share", "se", "ci_low", "ci_high", "n_weighted", "deff", "difference", "statistic", "ndf", "ddf"] {
                guard let r = Double(expected[column]!) else {
                    #expect(actual[column] == "", "\(key) \(column)")
                    continue
                }
                let a = try #require(Double(actual[column]!), "\(key) \(column)")
                #expect(abs(a - r) <= 1e-10 * abs(r), "\(key) \(column): \(a) vs R \(r)")
            }
            for column in ["p_value", "p_adjusted"] {
                #expect(abs(Double(actual[column]!)! - Double(expected[column]!)!) <= 1e-12, "\(key) \(column)")
            }
            #expect(actual["n_unweighted"] == expected["n_unweighted"])
            #expect(Double(actual["df"]!) == Double(expected["df"]!), "\(key) df")
            #expect(actual["ci_method"] == "logit" && actual["ci_level"] == "0.95")
            #expect(actual["significant"] == String(Double(expected["p_adjusted"]!)! < 0.05), "\(key) significant")
            #expect(actual["test"] == "F")
        }
    }

    @Test func asPublishedOnlyCitizenInvolvementDiffersWithVolunteers() throws {
        let (_, directory) = try Self.run("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let comparisons = try Self.rows(directory + "/comparisons.csv")
        #expect(comparisons.count == 10)
        for row in comparisons {
            #expect(row["significant"] == (row["outcome"] == "citizen_involvement" ? "true" : "false"), "\(row["outcome"]!)")
            #expect(row["correction"] == "holm")
        }
    }

    @Test func theSectorComparisonNamesItsCorrection() throws {
        // Political goals differ by sector at 0.036 before the correction, not after (0.18).
        let (_, directory) = try Self.run("borgere-2019")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bySector = try Self.rows(directory + "/comparisons.csv").filter { $0["comparison"] == "value_by_sector" }
        #expect(bySector.map(\.["level"]) == Array(repeating: ["1", "2", "3"], count: 5).flatMap { $0 })
        #expect(bySector.allSatisfy { $0["correction"] == "bh" && $0["significant"] == "false" })
        let goals = try #require(bySector.first { $0["outcome"] == "political_goals" })
        #expect(Double(goals["p_value"]!)! < 0.05 && Double(goals["p_adjusted"]!)! > 0.05)
    }

    @Test func theHeadlineIsNearThePublishedSixteenPercent() throws {
        let (summary, directory) = try Self.run("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let headline = try #require(summary.headline)
        #expect(headline.indicator == "positive_role")
        #expect(headline.estimate.estimate > 0.14 && headline.estimate.estimate < 0.18)
        #expect(
            summary.outputFiles == [
                "estimates.csv", "estimates.json", "comparisons.csv", "comparisons.json", "rejects.csv", "weights.csv",
                "report.html", "report.md", "manifest.json",
            ])
    }

    @Test func theTripleSExportGivesByteIdenticalEstimates() throws {
        var tripleS = try PipelineLoader().load(path: Self.repository.appendingPathComponent("Pipelines/frivillige-2019-triple-s.yml").path)
        let bundle = try PipelineLoader().load(path: Self.repository.appendingPathComponent("Pipelines/frivillige-2019.yml").path)
        tripleS.pipeline.name = bundle.pipeline.name
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("barometer-\(UUID())").path
        tripleS.pipeline.output.directory = directory
        tripleS.pipeline.output.database = "none"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = try PipelineRunner(tripleS).run()
        #expect(summary.rowsRead == 2271 && summary.rowsRejected == 0)
        let (_, csvDirectory) = try Self.run("frivillige-2019")
        defer { try? FileManager.default.removeItem(atPath: csvDirectory) }
        let fromTripleS = try #require(FileManager.default.contents(atPath: directory + "/estimates.csv"))
        #expect(fromTripleS == FileManager.default.contents(atPath: csvDirectory + "/estimates.csv"))
    }

    @Test func twoRunsWriteByteIdenticalTables() throws {
        let (_, first) = try Self.run("frivillige-2019")
        let (_, second) = try Self.run("frivillige-2019")
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        for file in ["estimates.csv", "estimates.json", "rejects.csv"] {
            #expect(FileManager.default.contents(atPath: "\(first)/\(file)") == FileManager.default.contents(atPath: "\(second)/\(file)"))
        }
    }
}
