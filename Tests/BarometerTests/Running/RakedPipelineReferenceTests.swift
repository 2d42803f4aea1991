import BarometerCore
import Foundation
import Testing

@testable import Barometer

/// `Pipelines/frivillige-2019-raked.yml` end to end against R's survey package
/// (`Reference/raked-pipeline.R`): the stratified design raked to sector, size band and region,
/// then svymean, svyciprop and svychisq on subsets of the raked design.
@Suite struct RakedPipelineReferenceTests {
    typealias Sample = SamplePipelineReferenceTests
    static let reference = Sample.repository.appendingPathComponent("Tests/BarometerTests/Reference")

    @Test func estimatesAndStandardErrorsEqualR() throws {
        let (summary, directory) = try Sample.run("frivillige-2019-raked")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let expected = try Sample.rows(Self.reference.appendingPathComponent("frivillige-2019-raked.csv").path)
        let estimates = try Sample.rows(directory + "/estimates.csv")
        #expect(estimates.count == expected.count && expected.count == 80)
        #expect(summary.rowsRead == 2271 && summary.rowsRejected == 0 && summary.universeCount == 1878)
        // R's rake run with exactly the passes Barometer's stopping rule took.
        let calibration = try #require(summary.calibration)
        #expect(calibration.iterations == Int(expected[0]["passes"]!)!)
        #expect(calibration.converged && calibration.largestGap <= 1e-10)
        for row in expected {
            let key = "\(row["indicator"]!) \(row["group"]!) \(row["level"]!)"
            let actual = try #require(
                estimates.first {
                    $0["indicator"] == row["indicator"] && $0["group"] == row["group"] && $0["level"] == row["level"]
                },
                "no row for \(key)")
            #expect(actual["n_unweighted"] == row["n_unweighted"], "\(key) n")
            #expect(Double(actual["df"]!) == Double(row["df"]!), "\(key) df")
            if actual["suppressed"] == "true" {
                #expect(actual["estimate"] == "")
                continue
            }
            for column in ["estimate", "se", "ci_low", "ci_high", "n_weighted", "deff"] {
                guard let r = Double(row[column]!) else {
                    #expect(actual[column] == "", "\(key) \(column)")
                    continue
                }
                let a = try #require(Double(actual[column]!), "\(key) \(column)")
                #expect(abs(a - r) <= 1e-10 * abs(r), "\(key) \(column): \(a) vs R \(r)")
            }
        }
    }

    @Test func theValueComparisonOnTheRakedDesignEqualsR() throws {
        let (_, directory) = try Sample.run("frivillige-2019-raked")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let expected = try Sample.rows(
            Self.reference.appendingPathComponent("frivillige-2019-raked-comparisons.csv").path)
        let comparisons = try Sample.rows(directory + "/comparisons.csv")
        #expect(comparisons.count == expected.count)
        for row in expected {
            let key = "\(row["outcome"]!) \(row["level"]!)"
            let actual = try #require(
                comparisons.first { $0["outcome"] == row["outcome"] && $0["level"] == row["level"] }, "\(key)")
            for column in ["share", "se", "ci_low", "ci_high", "statistic", "ndf", "ddf"] {
                let a = Double(actual[column]!)!
                let r = Double(row[column]!)!
                #expect(abs(a - r) <= 1e-10 * abs(r), "\(key) \(column): \(a) vs R \(r)")
            }
            for column in ["p_value", "p_adjusted"] {
                #expect(abs(Double(actual[column]!)! - Double(row[column]!)!) <= 1e-12, "\(key) \(column)")
            }
            #expect(actual["n_unweighted"] == row["n_unweighted"], "\(key) n")
        }
    }

    @Test func theDiagnosticsGoToTheManifestAndWeightsTable() throws {
        let (summary, directory) = try Sample.run("frivillige-2019-raked")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(summary.outputFiles.contains("weights.csv"))
        let table = try Sample.rows(directory + "/weights.csv")
        let value = { (statistic: String) in table.first { $0["statistic"] == statistic }?["value"] }
        #expect(value("iterations") == String(summary.calibration!.iterations))
        #expect(value("converged") == "true")
        #expect(value("count") == "2271")
        #expect(Double(value("sum")!)! == summary.weights.sum)
        #expect(Double(value("kish_deff")!)! == summary.weights.kishDesignEffect)
        let cells = table.filter { $0["statistic"] == "cell_gap" }
        #expect(
            cells.map { $0["margin"]! } == Array(repeating: "sektor", count: 3)
                + Array(repeating: "stoerrelse", count: 3) + Array(repeating: "region", count: 5))
        #expect(cells.allSatisfy { Double($0["value"]!)! <= 1e-10 })
        #expect(cells.map { Int($0["respondents"]!)! }.reduce(0, +) == 3 * 2271)

        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json")))
            as! [String: Any]
        let weighting = manifest["weighting"] as! [String: Any]
        let calibration = weighting["calibration"] as! [String: Any]
        #expect(calibration["kind"] as? String == "rake")
        #expect(calibration["converged"] as? Bool == true)
        #expect((calibration["cells"] as! [Any]).count == 11)
        #expect(
            (weighting["method"] as! String).hasPrefix(
                "raked to margins sektor, stoerrelse, region from expansion weights"))
        let inputs = (manifest["inputs"] as! [[String: Any]]).filter { $0["role"] as? String == "frame" }.map {
            $0["path"] as! String
        }
        #expect(
            inputs.map { ($0 as NSString).lastPathComponent } == [
                "frame.csv", "margins-sektor.csv", "margins-stoerrelse.csv", "margins-region.csv",
            ])
    }
}
