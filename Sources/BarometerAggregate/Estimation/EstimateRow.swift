/// One cell of the estimates table: an indicator's share in one group level.
public struct EstimateRow: Sendable, Equatable, Codable {
    /// The flag estimated, e.g. `positive_role`.
    public var indicator: String
    public var indicatorLabel: String
    /// The breakdown variable, or `overall` for the whole universe.
    public var group: String
    /// The code of the group level (`all` for overall).
    public var level: String
    public var levelLabel: String
    public var estimate: MeanEstimate
    public var interval: ClosedInterval
    public var intervalMethod: IntervalMethod
    public var confidenceLevel: Double
    /// Why the cell is not published, when it is not (see `SuppressionRules`).
    public var suppression: String?

    public init(
        indicator: String, indicatorLabel: String, group: String, level: String, levelLabel: String,
        estimate: MeanEstimate, interval: ClosedInterval, intervalMethod: IntervalMethod, confidenceLevel: Double
    ) {
        self.indicator = indicator
        self.indicatorLabel = indicatorLabel
        self.group = group
        self.level = level
        self.levelLabel = levelLabel
        self.estimate = estimate
        self.interval = interval
        self.intervalMethod = intervalMethod
        self.confidenceLevel = confidenceLevel
    }

    public static let overallGroup = "overall"
    public static let overallLevel = "all"
}
