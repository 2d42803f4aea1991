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

    static func cells(_ count: Int, rows: Int, _ random: inout Generator) -> Calibration.Cells {
        Calibration.Cells(
            cellOfRow: (0..<rows).map { _ in random.code(count) }, cellCount: count,
            weightsBefore: (0..<rows).map { _ in 1 + 9 * random.next() },
            weightsAfter: (0..<rows).map { _ in 1 + 9 * random.next() })
    }

    @Test(arguments: ["none", "postStratification", "raking"])
    func theDomainPathEqualsTheWholeSample(calibration kind: String) throws {
        var random = Generator(state: 2039)
        let n = 600
        let strata = (0..<n).map { $0 % 5 }.map(Int32.init)
        var steps: [Calibration.Step] = []
        if kind == "postStratification" { steps = [.postStratification(Self.cells(4, rows: n, &random))] }
        if kind == "raking" {
            steps = [.raking([Self.cells(3, rows: n, &random), Self.cells(4, rows: n, &random), Self.cells(2, rows: n, &random)])]
        }
        let design = try SurveyDesign(
            weights: (0..<n).map { _ in 1 + 20 * random.next() }, strata: strata,
            populationSizes: strata.map { 500 + 100 * Double($0) }, calibration: Calibration(steps: steps))
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
    }
}
