import Foundation
import Testing

@testable import BarometerAggregate

/// Every distribution function against R's nmath (`Fixtures/distributions.R`), in the body and
/// far into the tails, with non-integer degrees of freedom.
@Suite struct DistributionReferenceTests {
    struct Case {
        var fn: String
        var x, a, b: Double
        var upper: Bool
        var value: Double
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/distributions.csv")
        let lines = (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n").dropFirst() ?? []
        return lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Case(fn: f[0], x: Double(f[1])!, a: Double(f[2]) ?? .nan, b: Double(f[3]) ?? .nan, upper: f[4] == "upper", value: Double(f[5])!)
        }
    }()

    static func evaluate(_ c: Case) -> Double {
        switch (c.fn, c.upper) {
        case ("pnorm", false): Normal.cdf(c.x)
        case ("pnorm", true): Normal.upperTail(c.x)
        case ("qnorm", _): Normal.quantile(c.x)
        case ("pt", false): StudentT.cdf(c.x, df: c.a)
        case ("pt", true): StudentT.upperTail(c.x, df: c.a)
        case ("qt", _): StudentT.quantile(c.x, df: c.a)
        case ("pf", false): FDistribution.cdf(c.x, df1: c.a, df2: c.b)
        case ("pf", true): FDistribution.upperTail(c.x, df1: c.a, df2: c.b)
        case ("qf", _): FDistribution.quantile(c.x, df1: c.a, df2: c.b)
        case ("pchisq", false): ChiSquared.cdf(c.x, df: c.a)
        case ("pchisq", true): ChiSquared.upperTail(c.x, df: c.a)
        case ("qchisq", _): ChiSquared.quantile(c.x, df: c.a)
        case ("pbeta", false): BetaDistribution.cdf(c.x, a: c.a, b: c.b)
        case ("pbeta", true): BetaDistribution.upperTail(c.x, a: c.a, b: c.b)
        case ("qbeta", _): BetaDistribution.quantile(c.x, a: c.a, b: c.b)
        default: .nan
        }
    }

    /// Relative error, or absolute where R's value is below the smallest normal double.
    static func error(_ actual: Double, _ expected: Double) -> Double {
        if expected == actual { return 0 }
        // R's own noise around zero (qt(0.5, 0.5) = 2.6e-16) is compared absolutely.
        if abs(expected) < 1e-15, abs(expected) > 0 || abs(actual) < 1e-300 { return abs(actual - expected) }
        return abs(actual - expected) / abs(expected)
    }

    @Test(arguments: ["pnorm", "qnorm", "pt", "qt", "pf", "qf", "pchisq", "qchisq", "pbeta", "qbeta"])
    func agreesWithR(function: String) {
        let cases = Self.cases.filter { $0.fn == function }
        #expect(!cases.isEmpty)
        for c in cases {
            let actual = Self.evaluate(c)
            // Above 4e5 degrees of freedom R's t is a normal approximation, and R's pnorm and
            // the C library's erfc differ in the twelfth digit far out; 1e-10 is still met.
            let tolerance = c.fn.hasSuffix("t") && c.a > 4e5 ? 1e-10 : 1e-12
            #expect(
                Self.error(actual, c.value) <= tolerance,
                "\(c.fn)(\(c.x), \(c.a), \(c.b)\(c.upper ? ", upper" : "")) = \(actual), R \(c.value), rel \(Self.error(actual, c.value))")
        }
    }
}
