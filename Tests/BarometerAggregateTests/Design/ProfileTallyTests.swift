import BarometerCore
import Testing

@testable import BarometerAggregate

/// A share counted by profile (`ProfileTally`) against the same share summed row by row: the
/// estimate, its standard error, degrees of freedom, design effect and every interval agree to
/// rounding, on plain, post-stratified and raked designs whose rows repeat.
@Suite struct ProfileTallyTests {
    /// A stratified design of `n` rows whose weights and calibration values repeat, so its rows
    /// have profiles, and a 0/1 share with a few rows left out.
    static func design(_ kind: String, rows n: Int) throws -> (SurveyDesign, values: [Double], rows: [Int32]) {
        var random = ElementCovarianceTests.Generator(state: 4711)
        let strata = (0..<n).map { Int32($0 % 5) }
        var steps: [Calibration.Step] = []
        if kind == "postStratification" {
            steps = [.postStratification(ElementCovarianceTests.cells(4, rows: n, repeating: true, &random))]
        }
        if kind == "raking" {
            steps = [.raking([2, 3].map { ElementCovarianceTests.cells($0, rows: n, repeating: true, &random) })]
        }
        let stratumWeights = (0..<5).map { _ in 1 + 20 * random.next() }
        let design = try SurveyDesign(
            weights: (0..<n).map { stratumWeights[$0 % 5] }, strata: strata,
            populationSizes: strata.map { 40_000 + 100 * Double($0) }, calibration: Calibration(steps: steps))
        let values = (0..<n).map { _ in random.next() < 0.3 ? 1.0 : 0 }
        let rows = (0..<Int32(n)).filter { $0 % 7 != 3 }
        return (design, values, rows)
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
    }

    @Test(arguments: ["none", "postStratification", "raking"], IntervalMethod.allCases)
    func aTallyGivesWhatTheRowsGive(calibration kind: String, method: IntervalMethod) throws {
        let (design, values, rows) = try Self.design(kind, rows: 4000)
        #expect(design.tally(of: values, inRows: rows) != nil)
        let estimator = DomainMeanEstimator(design: design)
        let (tallied, interval) = try #require(estimator.mean(of: values, inRows: rows, interval: method, level: 0.95))
        let summed = try #require(estimator.mean(of: values, inRows: rows))
        #expect(Self.close(tallied.estimate, summed.estimate))
        #expect(Self.close(tallied.standardError, summed.standardError))
        #expect(Self.close(tallied.weightedCount, summed.weightedCount))
        #expect(Self.close(tallied.designEffect, summed.designEffect, 1e-10))
        #expect(tallied.degreesOfFreedom == summed.degreesOfFreedom && tallied.unweightedCount == summed.unweightedCount)
        let byRows = method.interval(for: summed, level: 0.95, values: values, rows: rows, design: design)
        #expect(Self.close(interval.low, byRows.low, 1e-10) && Self.close(interval.high, byRows.high, 1e-10))
    }

    @Test func valuesOtherThanZeroAndOneAreNotTallied() throws {
        let (design, values, rows) = try Self.design("raking", rows: 400)
        var other = values
        other[Int(rows[5])] = 2
        #expect(design.tally(of: other, inRows: rows) == nil)
        // A design whose rows do not repeat has no profiles to count by.
        let distinct = try SurveyDesign(weights: (0..<400).map { 1 + Double($0) / 400 })
        #expect(distinct.tally(of: values, inRows: rows) == nil)
    }

    /// The logit fit from a tally agrees with the fit from the rows, its variance taken the
    /// long way (from its own scores, not the mean's).
    @Test func theLogitFitFromATallyAgreesWithTheRows() throws {
        let (design, values, rows) = try Self.design("raking", rows: 3000)
        let tally = try #require(design.tally(of: values, inRows: rows))
        let fromTally = try #require(LogitFit(values: values, rows: rows, design: design, meanScores: nil, tally: tally))
        let fromRows = try #require(LogitFit(values: values, rows: rows, design: design))
        #expect(Self.close(fromTally.coefficient, fromRows.coefficient))
        #expect(Self.close(fromTally.standardError, fromRows.standardError))
    }
}
