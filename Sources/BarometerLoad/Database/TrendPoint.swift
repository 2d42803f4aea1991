/// One point of the `trend` view: an indicator's overall share in one wave of a series.
public struct TrendPoint: Sendable, Equatable {
    public var indicator: String
    public var indicatorLabel: String
    public var wave: String
    public var pipeline: String
    /// Empty when the cell is suppressed.
    public var estimate: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var unweightedCount: Int

    public init(
        indicator: String, indicatorLabel: String, wave: String, pipeline: String, estimate: Double?, ciLow: Double?,
        ciHigh: Double?, unweightedCount: Int
    ) {
        self.indicator = indicator
        self.indicatorLabel = indicatorLabel
        self.wave = wave
        self.pipeline = pipeline
        self.estimate = estimate
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.unweightedCount = unweightedCount
    }
}
