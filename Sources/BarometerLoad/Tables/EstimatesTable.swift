import BarometerAggregate

/// The tidy estimates table that dashboards read: one row per indicator and group level.
///
/// The first eleven columns are the stable contract (see `Output/README.md`); later columns
/// may be added, never renamed or reordered.
public enum EstimatesTable {
    public static let columns = [
        "pipeline", "indicator", "group", "level", "level_label", "estimate", "se", "ci_low", "ci_high",
        "n_unweighted", "n_weighted", "indicator_label", "df", "ci_method", "ci_level", "deff", "n_effective",
    ]

    public static func make(pipeline: String, rows: [EstimateRow]) -> Table {
        var table = Table(columns: columns)
        for row in rows {
            table.append([
                .text(pipeline), .text(row.indicator), .text(row.group), .text(row.level), .text(row.levelLabel),
                .real(row.estimate.estimate), .real(row.estimate.standardError), .real(row.interval.low),
                .real(row.interval.high), .integer(row.estimate.unweightedCount), .real(row.estimate.weightedCount),
                .text(row.indicatorLabel), .real(row.estimate.degreesOfFreedom), .text(row.intervalMethod.rawValue),
                .real(row.confidenceLevel), .real(row.estimate.designEffect), .real(row.estimate.effectiveSampleSize),
            ])
        }
        return table
    }
}
