/// Design-based tests of independence in a two-way table, as R's `svychisq` offers them.
public enum IndependenceTest: String, Sendable, Codable, CaseIterable {
    /// Pearson's X² with the Rao–Scott second-order correction, referred to an F distribution:
    /// R's `svychisq(statistic = "F")`. The default.
    case f = "F"
    /// Pearson's X² with the first-order (mean eigenvalue) correction, referred to χ²:
    /// R's `svychisq(statistic = "Chisq")`.
    case chisq = "Chisq"
    /// The design-based Wald test of the interaction contrasts, referred to F on
    /// ((r − 1)(c − 1), ν) degrees of freedom: R's `svychisq(statistic = "Wald")`.
    case wald = "Wald"
}

/// The outcome of a test of independence.
public struct TestResult: Sendable, Equatable, Codable {
    public var test: IndependenceTest
    /// As R reports it: the corrected F for `F`, Pearson's X² for `Chisq`, the Wald F for `Wald`.
    public var statistic: Double
    /// Numerator degrees of freedom (d0 for F, (r − 1)(c − 1) for Chisq).
    public var numeratorDF: Double
    /// Denominator degrees of freedom (d0·ν for F, ν for Wald); NaN for Chisq.
    public var denominatorDF: Double
    public var pValue: Double
}
