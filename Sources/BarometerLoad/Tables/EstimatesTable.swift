import BarometerAggregate

/// The tidy estimates table that dashboards read: one row per indicator and group level.
///
/// The first eleven columns are the stable contract (see `Output/README.md`); later columns
/// may be added, never renamed or reordered.
public enum EstimatesTable {
    public static let columns = [
        "pipeline", "indicator", "group", "level", "level_label", "estimate", "se", "ci_low", "ci_high",
        "n_unweighted", "n_weighted", "indicator_label", "df", "ci_method", "ci_level", "deff", "n_effective",
        "suppressed", "suppression_reason",
    ]

    public static func make(pipeline: String, rows: [EstimateRow]) -> Table {
        var table = Table(columns: columns)
        for row in rows {
            // A suppressed cell keeps its counts and its reason; every figure that could reveal
            // the share is left empty.
            let shown = { (value: Double) -> Table.Cell in row.suppression == nil ? .real(value) : .missing }
            table.append([
                .text(pipeline), .text(row.indicator), .text(row.group), .text(row.level), .text(row.levelLabel),
                shown(row.estimate.estimate), shown(row.estimate.standardError), shown(row.interval.low),
                shown(row.interval.high), .integer(row.estimate.unweightedCount), .real(row.estimate.weightedCount),
                .text(row.indicatorLabel), .real(row.estimate.degreesOfFreedom), .text(row.intervalMethod.rawValue),
                .real(row.confidenceLevel), shown(row.estimate.designEffect), shown(row.estimate.effectiveSampleSize),
                .boolean(row.suppression != nil), row.suppression.map { .text($0) } ?? .missing,
            ])
        }
        return table
    }
}
