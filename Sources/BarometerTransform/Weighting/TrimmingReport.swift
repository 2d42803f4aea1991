/// What trimming did: the bounds in weight units, how many weights hit them, and how many
/// rounds of trimming and re-calibration it took.
public struct TrimmingReport: Sendable, Equatable, Codable {
    /// The lower and upper bound in weight units (relative bounds already multiplied by the mean).
    public var lower: Double
    public var upper: Double
    /// Respondents whose weight was outside the bounds and set to one in at least one round.
    public var trimmed: Int
    /// Rounds of trimming (each followed by re-calibration or redistribution).
    public var rounds: Int

    public init(lower: Double, upper: Double, trimmed: Int, rounds: Int) {
        self.lower = lower
        self.upper = upper
        self.trimmed = trimmed
        self.rounds = rounds
    }
}
