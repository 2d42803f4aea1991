import BarometerCore
import Foundation
import Testing

@testable import BarometerAggregate

/// Rao–Scott F, first-order χ² and Wald tests against R's `svychisq` (`Fixtures/design.R`), on
/// stratified, clustered and unstratified designs, a 2 × 3 and a 3 × 3 table with missing values,
/// a table with empty cells, and a strong association whose p-values lie in the tail.
@Suite struct RaoScottTestTests {
    @Test func everyTestMatchesR() throws {
        let sample = SurveyDesignReferenceTests.Sample(rows: try SurveyDesignReferenceTests.readCSV("design-data.csv"))
        let reference = try SurveyDesignReferenceTests.readCSV("raoscott-reference.csv")
        #expect(reference.count == 48)
        let inside = sample.codes("inside").map { $0 == 1 }
        let group = sample.codes("group").map { Optional($0) }
        for expected in reference {
            let design = try SurveyDesignReferenceTests.design(expected["design"]!, sample)
            let rows = sample.rows.map { Int32($0[expected["rows"]!]!) }
            let statistic = IndependenceTest(rawValue: expected["statistic"]!)!
            let label = "\(expected["design"]!) \(expected["rows"]!) \(statistic)"
            let result = try #require(RaoScottTest(design: design).test(rows: rows, columns: group, domain: inside, statistic: statistic))
            expectClose(result.statistic, expected["value"]!, label + " statistic")
            expectClose(result.numeratorDF, expected["ndf"]!, label + " ndf")
            if statistic != .chisq { expectClose(result.denominatorDF, expected["ddf"]!, label + " ddf") }
            expectClose(result.pValue, expected["p"]!, label + " p")
        }
    }

    @Test func aConstantVariableHasNoTest() throws {
        let design = try SurveyDesign(weights: [1, 1, 1, 1], strata: [1, 1, 2, 2])
        #expect(RaoScottTest(design: design).test(rows: [1, 1, 1, 1], columns: [1, 2, 1, 2], domain: [true, true, true, true]) == nil)
    }
}
