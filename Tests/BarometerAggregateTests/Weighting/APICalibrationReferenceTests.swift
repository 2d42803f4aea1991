import BarometerCore
import BarometerTransform
import Foundation
import Testing

@testable import BarometerAggregate

/// Post-stratified, raked and calibrated designs on R's `api` data against the survey
/// package's own classic examples (`Fixtures/Weighting/api.R`): Barometer's weights from the
/// transform stage, its variances from the aggregate stage, R's figures to 1e-10.
@Suite struct APICalibrationReferenceTests {
    typealias Reference = SurveyDesignReferenceTests

    /// A fixture CSV as a dataset: integer columns as codes, the rest as reals.
    static func dataset(_ name: String, codes: Set<String>) throws -> Dataset {
        let rows = try Reference.readCSV("Weighting/\(name)")
        let names = rows[0].keys.sorted()
        let columns = names.map { column in
            codes.contains(column)
                ? Column(name: column, integers: rows.map { Int32($0[column]!)! })
                : Column(name: column, reals: rows.map { Double($0[column]!)! })
        }
        return Dataset(sourceFile: name, sourceLines: (0..<rows.count).map { Int32($0 + 2) }, columns: columns)
    }

    static func margin(_ variable: String) throws -> CellFrame {
        let rows = try Reference.readCSV("Weighting/api-margins.csv").filter { $0["variable"] == variable }
        return try CellFrame(
            variables: [variable], cells: rows.map { [Int32($0["code"]!)!] }, counts: rows.map { Double($0["N"]!)! },
            source: "api-margins.csv")
    }

    /// The weighting R's design `name` stands for.
    static func weighting(_ name: String, passes: Int?) throws -> any WeightingMethod {
        let clus1 = ColumnWeights(weightColumn: "pw", clusterColumn: "dnum", populationColumn: "fpc")
        let strat = ColumnWeights(weightColumn: "pw", strataColumn: "stype", populationColumn: "fpc")
        let clus1Margins = [
            RakingWeights.Margin(frame: try margin("stype")), RakingWeights.Margin(frame: try margin("sch_wide")),
        ]
        switch name {
        case "clus1_rake_default":
            // R's default rake stops after `passes` passes; so do we, with a target no pass meets.
            return try RakingWeights(
                start: clus1, margins: clus1Margins, tolerance: 0, maxIterations: passes!, allowNonconvergence: true)
        case "clus1_rake":
            return try RakingWeights(start: clus1, margins: clus1Margins, tolerance: 1e-10)
        case "clus1_poststratify":
            return PostStratifiedWeights(start: clus1, frame: try margin("stype"))
        case "clus1_calibrate":
            return try RakingWeights(
                start: clus1, margins: clus1Margins, tolerance: 1e-13, maxIterations: 500, variance: .calibration)
        case "strat_rake":
            return try RakingWeights(
                start: strat, margins: [.init(frame: try margin("sch_wide")), .init(frame: try margin("awards"))],
                tolerance: 1e-10)
        case "strat_poststratify":
            return PostStratifiedWeights(start: strat, frame: try margin("awards"))
        default:
            throw BarometerError(.usage, "unknown design \(name)")
        }
    }

    @Test func everyCalibratedFigureMatchesR() throws {
        let reference = try Reference.readCSV("Weighting/api-reference.csv")
        #expect(reference.count == 36)
        let codes: Set = ["dnum", "stype", "sch_wide", "awards", "snum"]
        let data = [
            "clus1": try Self.dataset("api-clus1.csv", codes: codes),
            "strat": try Self.dataset("api-strat.csv", codes: codes),
        ]
        var designs: [String: (SurveyWeights, SurveyDesign)] = [:]
        for expected in reference {
            let name = expected["design"]!
            let dataset = data[String(name.prefix { $0 != "_" })]!
            let passes = Int(expected["passes"]!)
            if designs[name] == nil {
                let method = try Self.weighting(name, passes: passes)
                #expect(try method.problems(in: dataset).isEmpty)
                let weights = try method.weights(for: dataset)
                designs[name] = (
                    weights,
                    try SurveyDesign(
                        weights: weights.weights, strata: weights.strata, clusters: weights.clusters,
                        populationSizes: weights.populationSizes, calibration: weights.calibration)
                )
                if let passes, name != "clus1_rake_default" {
                    #expect(weights.calibrationReport?.iterations == passes, "\(name): R needed \(passes) passes")
                }
            }
            let design = designs[name]!.1
            let n = dataset.rowCount
            let api00 = (0..<n).map { dataset["api00"]!.number(at: $0)! }
            let values = expected["variable"] == "high" ? api00.map { $0 > 700 ? 1.0 : 0.0 } : api00
            let domain: [Bool] =
                switch expected["domain"]! {
                case "awards": (0..<n).map { dataset["awards"]!.code(at: $0) == 1 }
                case "middle": (0..<n).map { dataset["stype"]!.code(at: $0) == 3 }
                default: [Bool](repeating: true, count: n)
                }
            let label = "\(name) \(expected["domain"]!) \(expected["variable"]!)"
            let result = try #require(DomainMeanEstimator(design: design).mean(of: values, in: domain))
            expectClose(result.estimate, expected["estimate"]!, label + " estimate")
            expectClose(result.standardError, expected["se"]!, label + " se")
            expectClose(result.designEffect, expected["deff"]!, label + " deff")
            expectClose(result.weightedCount, expected["weighted"]!, label + " weighted n")
            #expect(result.unweightedCount == Int(expected["n"]!)!, "\(label) n")
            #expect(result.degreesOfFreedom == Double(expected["df"]!)!, "\(label) df")
            if expected["variable"] == "high" {
                for (method, prefix) in [(IntervalMethod.logit, "ci"), (.beta, "beta")] {
                    let interval = method.interval(
                        for: result, level: 0.95, values: values, domain: domain, design: design)
                    expectClose(interval.low, expected[prefix + "_low"]!, "\(label) \(method) low")
                    expectClose(interval.high, expected[prefix + "_high"]!, "\(label) \(method) high")
                }
            }
        }
        #expect(designs.count == 6)
    }

    /// The classic example's printed figures: `svymean(~api00, rake(dclus1, ...))` is 641.23
    /// (SE 23.70) and `postStratify(dclus1, ~stype, ...)` gives 642.31 (SE 23.92).
    @Test func theDocumentedExamplesRoundAsRPrintsThem() throws {
        let dataset = try Self.dataset("api-clus1.csv", codes: ["dnum", "stype", "sch_wide", "awards"])
        let api00 = (0..<dataset.rowCount).map { dataset["api00"]!.number(at: $0)! }
        let all = [Bool](repeating: true, count: dataset.rowCount)
        for (name, passes, mean, se) in [
            ("clus1_rake_default", 4, 641.23, 23.70), ("clus1_poststratify", 0, 642.31, 23.92),
        ] {
            let weights = try Self.weighting(name, passes: passes).weights(for: dataset)
            let design = try SurveyDesign(
                weights: weights.weights, clusters: weights.clusters, populationSizes: weights.populationSizes,
                calibration: weights.calibration)
            let result = try #require(DomainMeanEstimator(design: design).mean(of: api00, in: all))
            #expect((result.estimate * 100).rounded() / 100 == mean)
            #expect((result.standardError * 100).rounded() / 100 == se)
        }
    }
}
