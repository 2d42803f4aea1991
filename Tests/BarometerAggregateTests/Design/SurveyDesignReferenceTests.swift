import BarometerCore
import Foundation
import Testing

@testable import BarometerAggregate

/// Domain means, standard errors, degrees of freedom and logit intervals against R's survey
/// package (`Fixtures/design.R`), for stratified, clustered and unstratified designs.
@Suite struct SurveyDesignReferenceTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The fixture CSVs are plain (no quoted commas), so a split is enough here.
    static func readCSV(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") } }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    struct Sample {
        var rows: [[String: String]]
        func column(_ name: String) -> [Double] { rows.map { Double($0[name]!) ?? .nan } }
        func codes(_ name: String) -> [Int32] { rows.map { Int32($0[name]!)! } }
    }

    static func design(_ name: String, _ sample: Sample) throws -> SurveyDesign {
        let strata = sample.codes("stratum")
        switch name {
        case "stratified_fpc":
            let population = sample.column("N")
            var counts: [Int32: Double] = [:]
            for stratum in strata { counts[stratum, default: 0] += 1 }
            return try SurveyDesign(
                weights: zip(strata, population).map { $1 / counts[$0]! }, strata: strata, populationSizes: population)
        case "stratified_weights":
            return try SurveyDesign(weights: sample.column("weight"), strata: strata)
        case "clustered":
            return try SurveyDesign(weights: sample.column("weight"), strata: strata, clusters: sample.codes("cluster"))
        case "unstratified":
            return try SurveyDesign(weights: sample.column("weight"))
        default:
            throw BarometerError(.usage, "unknown design \(name)")
        }
    }

    @Test func everyReferenceFigureMatchesR() throws {
        let sample = Sample(rows: try Self.readCSV("design-data.csv"))
        let reference = try Self.readCSV("design-reference.csv")
        #expect(reference.count == 64)
        let inside = sample.codes("inside").map { $0 == 1 }
        let group = sample.codes("group")
        for expected in reference {
            let design = try Self.design(expected["design"]!, sample)
            let estimator = DomainMeanEstimator(design: design)
            let domain = expected["domain"] == "inside" ? inside : zip(inside, group).map { $0 && String($1) == expected["level"]! }
            let values = sample.column(expected["variable"]!)
            let result = try #require(estimator.mean(of: values, in: domain))
            let label = "\(expected["design"]!) \(expected["variable"]!) \(expected["domain"]!) \(expected["level"]!)"
            expectClose(result.estimate, expected["estimate"]!, label + " estimate")
            expectClose(result.standardError, expected["se"]!, label + " se")
            #expect(result.degreesOfFreedom == Double(expected["df"]!)!, "\(label) df")
            guard let low = expected["ci_low"], !low.isEmpty else {
                expectCloseOrUndefined(result.designEffect, expected["deff"]!, label + " deff")
                continue
            }
            // R's colSums rounds a share of exactly 1 to 1 − 2⁻⁵³ in one domain; its deff and its
            // xlogit, beta and Wilson limits there are that rounding error blown up, not figures.
            let p = Double(expected["estimate"]!)!
            let roundedToCertainty = p * (1 - p) != 0 && p * (1 - p) < 1e-12
            for method in IntervalMethod.allCases where method == .logit || !roundedToCertainty {
                let prefix = method == .logit ? "ci" : method.rawValue
                let interval = method.interval(for: result, level: 0.95, values: values, domain: domain, design: design)
                expectCloseOrUndefined(interval.low, expected[prefix + "_low"]!, "\(label) \(method) low")
                expectCloseOrUndefined(interval.high, expected[prefix + "_high"]!, "\(label) \(method) high")
            }
            if !roundedToCertainty { expectCloseOrUndefined(result.designEffect, expected["deff"]!, label + " deff") }
        }
    }

    @Test func aStratumWithOnePSUIsRefused() {
        #expect(throws: BarometerError.self) {
            try SurveyDesign(weights: [1, 1, 1], strata: [1, 1, 2])
        }
    }

    @Test func aPopulationSmallerThanTheSampleIsRefused() {
        #expect(throws: BarometerError.self) {
            try SurveyDesign(weights: [1, 1, 1], strata: [1, 1, 1], populationSizes: [2, 2, 2])
        }
    }
}

/// Relative agreement to 1e-10 (absolute for values near zero).
func expectClose(_ actual: Double, _ expected: String, _ label: String, tolerance: Double = 1e-10, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let value = Double(expected)!
    let scale = max(abs(value), 1e-300)
    #expect(abs(actual - value) / scale <= tolerance || abs(actual - value) < 1e-15, "\(label): \(actual) vs R \(value)", sourceLocation: sourceLocation)
}

/// As `expectClose`, or NaN where R's figure is NA (written as an empty cell).
func expectCloseOrUndefined(_ actual: Double, _ expected: String, _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    if expected.isEmpty {
        #expect(actual.isNaN, "\(label): \(actual) where R has NA", sourceLocation: sourceLocation)
    } else {
        expectClose(actual, expected, label, sourceLocation: sourceLocation)
    }
}
