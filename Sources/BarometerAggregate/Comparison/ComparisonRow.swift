/// One group's line of a comparison: the outcome's share in that group, and the test of the
/// outcome against the grouping, repeated on every line so each row stands alone.
public struct ComparisonRow: Sendable, Equatable, Codable {
    public var comparison: String
    public var outcome: String
    public var outcomeLabel: String
    /// The grouping variable or flag, e.g. `positive_role`.
    public var group: String
    public var level: String
    public var levelLabel: String
    public var estimate: MeanEstimate
    public var interval: ClosedInterval
    public var intervalMethod: IntervalMethod
    public var confidenceLevel: Double
    /// This level's share minus the first level's (NaN on the first level's row).
    public var difference: Double
    public var test: TestResult?
    /// The p-value after the comparison's correction for several outcomes.
    public var adjustedPValue: Double
    public var correction: PValueCorrection
    public var alpha: Double
    /// Why the group's share is not published, when it is not.
    public var suppression: String?

    public var isSignificant: Bool? { adjustedPValue.isNaN ? nil : adjustedPValue < alpha }
}
