import BarometerCore
import Testing

@testable import BarometerAggregate

/// The domain fast path (`ElementCovariance`) against the whole-sample computation it replaces,
/// on random stratified designs with fpc: plain, post-stratified and raked, several statistics
/// at once. The R reference tests cover both paths' agreement with R; this one covers the
/// corners R fixtures do not reach (empty strata in a domain, many statistics).
@Suite struct ElementCovarianceTests {
    /// A small deterministic generator (a 64-bit LCG), so the designs are the same every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func code(_ count: Int) -> Int32 { Int32(next() * Double(count)) }
    }

    /// Random cells; with `repeating`, each cell's weights before and after are one value, as
    /// a real calibration makes them, so rows repeat and the profile path is taken.
    static func cells(_ count: Int, rows: Int, repeating: Bool, _ random: inout Generator) -> Calibration.Cells {
        let cellOfRow = (0..<rows).map { _ in random.code(count) }
        let (before, after) = ((0..<count).map { _ in 1 + 9 * random.next() }, (0..<count).map { _ in 1 + 9 * random.next() })
        return Calibration.Cells(
            cellOfRow: cellOfRow, cellCount: count,
            weightsBefore: repeating ? cellOfRow.map { before[Int($0)] } : (0..<rows).map { _ in 1 + 9 * random.next() },
            weightsAfter: repeating ? cellOfRow.map { after[Int($0)] } : (0..<rows).map { _ in 1 + 9 * random.next() })
    }

    /// Continuous weights make every row different (the per-row path); weights and calibration
    /// values that repeat group the rows by profile (`RowProfiles`).
    @Test(arguments: ["none", "postStratification", "raking"], [false, true])
    func theDomainPathEqualsTheWholeSample(calibration kind: String, repeating: Bool) throws {
        var random = Generator(state: 2039)
        let n = repeating ? 6000 : 600
        let strata = (0..<n).map { $0 % 5 }.map(Int32.init)
        var steps: [Calibration.Step] = []
        if kind == "postStratification" { steps = [.postStratification(Self.cells(4, rows: n, repeating: repeating, &random))] }
        if kind == "raking" {
            steps = [
                .raking([2, 3, 4].map { Self.cells($0, rows: n, repeating: repeating, &random) })
            ]
        }
        let stratumWeights = (0..<5).map { _ in 1 + 20 * random.next() }
        let design = try SurveyDesign(
            weights: (0..<n).map { row in repeating ? stratumWeights[row % 5] : 1 + 20 * random.next() }, strata: strata,
            populationSizes: strata.map { 50_000 + 100 * Double($0) }, calibration: Calibration(steps: steps))
        // A domain that leaves out stratum 4 and most of stratum 3.
        let rows: [Int32] = (0..<Int32(n)).filter { row in
            let stratum = row % 5
            return stratum < 3 || (stratum == 3 && row % 7 == 0)
        }
        let factors = (0..<4).map { _ in rows.map { _ in random.next() - 0.4 } }
        let scores = DomainScores(rows: rows, factors: factors)
        let fast = design.covariance(of: scores)
        let whole = design.covariance(ofScores: scores.dense(weights: design.weights))
        for a in 0..<4 {
            for b in 0..<4 {
                #expect(abs(fast[a][b] - whole[a][b]) <= 1e-12 * abs(whole[a][a] * whole[b][b]).squareRoot())
            }
            #expect(whole[a][a] > 0)
        }
        // One statistic at a time gives the same as all four together.
        let single = design.covariance(of: DomainScores(rows: rows, factors: [factors[2]]))
        #expect(abs(single[0][0] - fast[2][2]) <= 1e-13 * fast[2][2])
        // Factors that take a few patterns (a table's cells): counted by profile and pattern
        // when rows repeat.
        let patterns = (0..<(3 * 4)).map { _ in random.next() - 0.5 }
        let tabulated = DomainScores(
            rows: rows, statisticCount: 4, patternOfRow: rows.map { _ in random.code(3) }, patterns: patterns)
        let counted = design.covariance(of: tabulated)
        let wholeTabulated = design.covariance(ofScores: tabulated.dense(weights: design.weights))
        for a in 0..<4 {
            for b in 0..<4 {
                let scale = abs(wholeTabulated[a][a] * wholeTabulated[b][b]).squareRoot()
                #expect(abs(counted[a][b] - wholeTabulated[a][b]) <= 1e-12 * scale)
            }
        }
    }

    /// A mean's scores worked out as the rows are read give, bit for bit, the covariance of the
    /// same factors stored first, on the per-row and profile paths and the whole-sample one.
    @Test(arguments: [false, true])
    func centredScoresEqualTheStoredFactors(repeating: Bool) throws {
        var random = Generator(state: 77)
        let n = 3000
        let strata = (0..<n).map { Int32($0 % 4) }
        let stratumWeights = (0..<4).map { _ in 1 + 20 * random.next() }
        let design = try SurveyDesign(
            weights: (0..<n).map { row in repeating ? stratumWeights[row % 4] : 1 + 20 * random.next() }, strata: strata,
            calibration: Calibration(steps: [.raking([2, 3].map { Self.cells($0, rows: n, repeating: repeating, &random) })]))
        let values = (0..<n).map { _ in random.next() < 0.3 ? 1.0 : 0 }
        let rows = (0..<Int32(n)).filter { $0 % 3 != 0 }
        let (mean, weightSum) = (0.31, 1234.5)
        let stored = DomainScores(
            rows: rows,
            factors: [rows.map { (values[Int($0)] - mean) / weightSum }, rows.map { _ in 1 / weightSum }])
        let centred = DomainScores(rows: rows, centring: values, mean: mean, weightSum: weightSum, indicator: true)
        #expect(design.covariance(of: centred) == design.covariance(of: stored))
        #expect(centred.dense(weights: design.weights) == stored.dense(weights: design.weights))
        let alone = DomainScores(rows: rows, centring: values, mean: mean, weightSum: weightSum, indicator: false)
        #expect(design.covariance(of: alone)[0][0] == design.covariance(of: stored)[0][0])
    }

    @Test func rowsThatRepeatAreGroupedAndOthersAreNot() {
        let stratumOfRow: [Int32] = [0, 0, 1, 1, 0, 1, 0, 0]
        let repeated = RowProfiles(
            weights: [1, 2, 1, 1, 1, 1, 2, 1], stratumOfRow: stratumOfRow, terms: nil, maximum: 4)
        #expect(repeated?.profileOfRow == [0, 1, 2, 2, 0, 2, 1, 0])
        #expect(repeated?.representatives == [0, 1, 2])
        #expect(repeated?.counts == [3, 2, 3])
        let distinct = RowProfiles(weights: (0..<8).map(Double.init), stratumOfRow: stratumOfRow, terms: nil, maximum: 4)
        #expect(distinct == nil)
    }
}
