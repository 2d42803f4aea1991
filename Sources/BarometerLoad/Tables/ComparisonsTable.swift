import BarometerAggregate

/// The comparisons table: one row per comparison, outcome and group level (see
/// `Output/README.md` for each column). Columns are added at the end, never renamed or reordered.
public enum ComparisonsTable {
    public static let columns = [
        "pipeline", "comparison", "outcome", "outcome_label", "group", "level", "level_label", "share", "se",
        "ci_low", "ci_high", "n_unweighted", "n_weighted", "difference", "test", "statistic", "ndf", "ddf",
        "p_value", "p_adjusted", "correction", "alpha", "significant", "suppressed", "suppression_reason", "df",
        "ci_method", "ci_level", "deff", "n_effective",
    ]

    public static func make(pipeline: String, rows: [ComparisonRow]) -> Table {
        var table = Table(columns: columns)
        for row in rows {
            let shown = { (value: Double) -> Table.Cell in row.suppression == nil ? .real(value) : .missing }
            table.append([
                .text(pipeline), .text(row.comparison), .text(row.outcome), .text(row.outcomeLabel), .text(row.group),
                .text(row.level), .text(row.levelLabel), shown(row.estimate.estimate), shown(row.estimate.standardError),
                shown(row.interval.low), shown(row.interval.high), .integer(row.estimate.unweightedCount),
                .real(row.estimate.weightedCount), shown(row.difference),
                row.test.map { .text($0.test.rawValue) } ?? .missing, .real(row.test?.statistic ?? .nan),
                .real(row.test?.numeratorDF ?? .nan), .real(row.test?.denominatorDF ?? .nan),
                .real(row.test?.pValue ?? .nan), .real(row.adjustedPValue), .text(row.correction.rawValue),
                .real(row.alpha), row.isSignificant.map { .boolean($0) } ?? .missing,
                .boolean(row.suppression != nil), row.suppression.map { .text($0) } ?? .missing,
                .real(row.estimate.degreesOfFreedom), .text(row.intervalMethod.rawValue), .real(row.confidenceLevel),
                shown(row.estimate.designEffect), shown(row.estimate.effectiveSampleSize),
            ])
        }
        return table
    }
}
